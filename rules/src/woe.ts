/**
 * Weight of evidence and information value of a binned characteristic, the scorecard convention:
 *
 *   WoE_i = ln( goodShare_i / badShare_i ),  goodShare_i = (goods_i + s) / (goods + s * k), likewise for bads
 *   IV    = sum_i (goodShare_i - badShare_i) * WoE_i
 *
 * A positive WoE marks a bin safer than the population, a negative one riskier. `s` is the smoothing added to
 * every count of every non-empty bin (`k` of them): 0.5 by default (the Haldane-Anscombe correction), so a
 * bin with no defaults or no non-defaults gets a large but finite WoE instead of an infinite one; with counts
 * in the hundreds it moves a WoE by well under 0.01. An empty bin (a missing bin that training never saw)
 * carries no evidence: WoE 0, the population's odds, and IV 0.
 */
import { PolicyError } from './errors.js';

export const WOE_SMOOTHING = 0.5;

export interface BinCounts {
  goods: number;
  bads: number;
}

export interface WoeBin extends BinCounts {
  count: number;
  /** count / all cases. */
  share: number;
  /** bads / count; null for an empty bin. */
  badRate: number | null;
  woe: number;
  iv: number;
}

export interface WoeTable {
  goods: number;
  bads: number;
  bins: WoeBin[];
  iv: number;
}

export function weightOfEvidence(bins: readonly BinCounts[], smoothing = WOE_SMOOTHING): WoeTable {
  if (!(smoothing >= 0 && Number.isFinite(smoothing))) {
    throw new PolicyError('INVALID_ARGUMENT', `smoothing must be a finite number >= 0, got ${smoothing}`, {
      path: 'smoothing',
    });
  }
  let goods = 0;
  let bads = 0;
  let filled = 0;
  bins.forEach((bin, index) => {
    for (const key of ['goods', 'bads'] as const) {
      if (!Number.isInteger(bin[key]) || bin[key] < 0) {
        throw new PolicyError('INVALID_ARGUMENT', `bins[${index}].${key} must be a whole count`, {
          path: `bins[${index}].${key}`,
        });
      }
    }
    goods += bin.goods;
    bads += bin.bads;
    if (bin.goods + bin.bads > 0) filled += 1;
  });
  if (goods === 0 || bads === 0) {
    throw new PolicyError(
      'INSUFFICIENT_DATA',
      `weight of evidence needs both defaults and non-defaults (got ${bads} and ${goods})`,
      { path: 'bins' },
    );
  }
  const count = goods + bads;
  const goodTotal = goods + smoothing * filled;
  const badTotal = bads + smoothing * filled;
  let iv = 0;
  const table = bins.map((bin): WoeBin => {
    const size = bin.goods + bin.bads;
    if (size === 0) return { goods: 0, bads: 0, count: 0, share: 0, badRate: null, woe: 0, iv: 0 };
    const goodShare = (bin.goods + smoothing) / goodTotal;
    const badShare = (bin.bads + smoothing) / badTotal;
    const woe = Math.log(goodShare / badShare);
    const binIv = (goodShare - badShare) * woe;
    iv += binIv;
    return {
      goods: bin.goods,
      bads: bin.bads,
      count: size,
      share: size / count,
      badRate: bin.bads / size,
      woe,
      iv: binIv,
    };
  });
  return { goods, bads, bins: table, iv };
}
