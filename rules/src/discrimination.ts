/**
 * How well a risk ranking separates defaults from the rest: ROC AUC, Gini, Kolmogorov-Smirnov and the share of
 * defaults caught when flagging a given share of cases. One convention throughout: a higher `risk` means more
 * likely to default (pass `-score` for a scorecard, where more points mean less risk).
 *
 * Ties are never broken by input order, which would make the figures depend on how cases were sorted: tied
 * cases count half in the AUC (the Mann-Whitney statistic with mid-ranks), move together in the KS, and when
 * the flag line falls inside a tie the flagged part of it catches its share of that tie's defaults (the
 * expected capture of a random tie-break).
 */
import { PolicyError } from './errors.js';

export interface Discrimination {
  count: number;
  bads: number;
  /** Probability that a random default ranks riskier than a random non-default; null without both. */
  auc: number | null;
  /** 2 * AUC - 1. */
  gini: number | null;
  /** Largest gap between the cumulative shares of defaults and non-defaults along the ranking. */
  ks: number | null;
}

/** Outcomes as booleans or 0/1, as a typed array of flags is the cheap way to hold thousands of them. */
export type Outcomes = ArrayLike<boolean | number>;

function checked(risk: ArrayLike<number>, bad: Outcomes): void {
  if (risk.length !== bad.length) {
    throw new PolicyError('INVALID_ARGUMENT', `risk has ${risk.length} values but bad has ${bad.length}`, {
      path: 'bad',
    });
  }
  for (let i = 0; i < risk.length; i += 1) {
    if (!Number.isFinite(risk[i])) {
      throw new PolicyError('INVALID_ARGUMENT', `risk[${i}] must be a finite number, got ${risk[i]}`, {
        path: `risk[${i}]`,
      });
    }
  }
}

/** Case indices by ascending risk. */
function ranking(risk: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(risk.length);
  for (let i = 0; i < order.length; i += 1) order[i] = i;
  return order.sort((a, b) => risk[a] - risk[b]);
}

interface TieGroup {
  goods: number;
  bads: number;
}

/** Groups of equal risk, least risky first. */
function tieGroups(risk: ArrayLike<number>, bad: Outcomes): TieGroup[] {
  checked(risk, bad);
  const order = ranking(risk);
  const groups: TieGroup[] = [];
  let current: TieGroup | undefined;
  let previous = Number.NaN;
  for (const index of order) {
    if (current === undefined || risk[index] !== previous) {
      current = { goods: 0, bads: 0 };
      groups.push(current);
      previous = risk[index];
    }
    if (bad[index]) current.bads += 1;
    else current.goods += 1;
  }
  return groups;
}

export function discrimination(risk: ArrayLike<number>, bad: Outcomes): Discrimination {
  const groups = tieGroups(risk, bad);
  let goods = 0;
  let bads = 0;
  for (const group of groups) {
    goods += group.goods;
    bads += group.bads;
  }
  const count = goods + bads;
  if (goods === 0 || bads === 0) return { count, bads, auc: null, gini: null, ks: null };
  let goodsBelow = 0;
  let badsBelow = 0;
  let concordant = 0;
  let ks = 0;
  for (const group of groups) {
    concordant += group.bads * (goodsBelow + group.goods / 2);
    goodsBelow += group.goods;
    badsBelow += group.bads;
    ks = Math.max(ks, Math.abs(goodsBelow / goods - badsBelow / bads));
  }
  const auc = concordant / (goods * bads);
  return { count, bads, auc, gini: 2 * auc - 1, ks };
}

export interface RocPoint {
  /** Share of non-defaults flagged. */
  falsePositiveRate: number;
  /** Share of defaults flagged. */
  truePositiveRate: number;
}

/**
 * The ROC curve, flagging from the riskiest down: a point after each run of equal risk, from (0, 0) to
 * (1, 1), thinned for a chart: a point is kept once either rate has moved 1 / (maxPoints - 1) since the
 * last one kept, so a curve has at most about 2 * maxPoints. Empty without both outcomes.
 */
export function rocCurve(risk: ArrayLike<number>, bad: Outcomes, maxPoints = 101): RocPoint[] {
  const groups = tieGroups(risk, bad);
  const bads = groups.reduce((sum, group) => sum + group.bads, 0);
  const goods = risk.length - bads;
  if (goods === 0 || bads === 0) return [];
  const step = 1 / Math.max(1, maxPoints - 1);
  const points: RocPoint[] = [{ falsePositiveRate: 0, truePositiveRate: 0 }];
  let goodsFlagged = 0;
  let badsFlagged = 0;
  for (let i = groups.length - 1; i >= 0; i -= 1) {
    goodsFlagged += groups[i].goods;
    badsFlagged += groups[i].bads;
    const point = { falsePositiveRate: goodsFlagged / goods, truePositiveRate: badsFlagged / bads };
    const last = points[points.length - 1];
    const moved =
      point.falsePositiveRate - last.falsePositiveRate >= step ||
      point.truePositiveRate - last.truePositiveRate >= step;
    if (i === 0 || moved) points.push(point);
  }
  return points;
}

/**
 * Share of all defaults among the riskiest `flagShare` of cases (0.485 flags 48.5%); null without defaults.
 */
export function defaultCapture(risk: ArrayLike<number>, bad: Outcomes, flagShare: number): number | null {
  if (!(flagShare >= 0 && flagShare <= 1)) {
    throw new PolicyError('INVALID_ARGUMENT', `flagShare must be within [0, 1], got ${flagShare}`, {
      path: 'flagShare',
    });
  }
  const groups = tieGroups(risk, bad);
  const bads = groups.reduce((sum, group) => sum + group.bads, 0);
  if (bads === 0) return null;
  let quota = flagShare * risk.length;
  let caught = 0;
  for (let i = groups.length - 1; i >= 0 && quota > 0; i -= 1) {
    const size = groups[i].goods + groups[i].bads;
    const taken = Math.min(size, quota);
    caught += (groups[i].bads * taken) / size;
    quota -= taken;
  }
  return caught / bads;
}
