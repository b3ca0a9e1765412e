import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  checkFitOptions,
  compileScorecard,
  DEFAULT_FIT,
  type FitCase,
  fitScorecard,
  mulberry32,
  type ScorecardFitOptions,
  scalingConstants,
  stratifiedSplit,
} from '../src/index.js';

const REGIONS = ['CN-31', 'CN-11', 'CN-44', 'CN-51'];

/** Lines whose default odds depend on utilisation, delinquency and region; existingLimit is noise. */
function syntheticCases(n = 4000, seed = 11): FitCase[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const utilization = Math.round(random() * 120) / 100;
    const monthsDelinquent6m = Math.floor(random() ** 3 * 7);
    const region = REGIONS[Math.floor(random() * REGIONS.length)];
    const logit = -2.6 + 2 * utilization + 0.5 * monthsDelinquent6m + (region === 'CN-51' ? 0.8 : 0);
    return {
      facts: {
        utilization,
        utilization3mAgo: utilization,
        monthsDelinquent6m,
        region,
        existingLimit: Math.round(random() * 50) * 1000,
      },
      bad: random() < 1 / (1 + Math.exp(-logit)),
    };
  });
}

function options(overrides: Partial<ScorecardFitOptions> = {}): ScorecardFitOptions {
  return {
    name: 'synthetic',
    characteristics: [
      { name: 'utilization', fact: 'utilization', reasonCode: 'HIGH_UTILIZATION' },
      { name: 'utilizationBefore', fact: 'utilization3mAgo', reasonCode: 'HIGH_UTILIZATION_BEFORE' },
      { name: 'delinquency', fact: 'monthsDelinquent6m', reasonCode: 'DELINQUENCY' },
      { name: 'region', fact: 'region', reasonCode: 'REGION' },
      { name: 'limit', fact: 'existingLimit', reasonCode: 'LIMIT' },
      { name: 'utilizationPercent', expression: 'utilization * 100', reasonCode: 'HIGH_UTILIZATION' },
    ],
    ...overrides,
  };
}

describe('stratifiedSplit', () => {
  it('holds out the test share of each outcome, the same for the same seed', () => {
    const bad = Array.from({ length: 1000 }, (_, i) => i % 5 === 0);
    const { train, test } = stratifiedSplit(bad, 0.3, 1);
    expect(test.length).toBe(300);
    expect([...test].filter((i) => bad[i]).length).toBe(60);
    expect(new Set([...train, ...test]).size).toBe(1000);
    expect([...test]).toEqual([...test].sort((a, b) => a - b));
    expect(stratifiedSplit(bad, 0.3, 1)).toEqual({ train, test });
    expect([...stratifiedSplit(bad, 0.3, 2).test]).not.toEqual([...test]);
  });
});

describe('fitScorecard', () => {
  const cases = syntheticCases();
  const fit = fitScorecard(cases, options());
  const byName = Object.fromEntries(fit.report.characteristics.map((row) => [row.name, row]));

  it('keeps the predictive characteristics and says why it left out the others', () => {
    expect(byName.utilization.status).toBe('selected');
    expect(byName.delinquency.status).toBe('selected');
    expect(byName.region.status).toBe('selected');
    expect(byName.limit.status).toBe('low-iv');
    expect(byName.limit.iv).toBeLessThan(DEFAULT_FIT.minInformationValue);
    // the same information twice: the first kept wins, the correlation is reported
    expect(byName.utilizationBefore.status).toBe('correlated');
    expect(byName.utilizationBefore.correlatedWith).toEqual({
      name: 'utilization',
      correlation: expect.closeTo(1, 12),
    });
    expect(byName.utilizationPercent.status).toBe('correlated');
    expect(fit.scorecard.characteristics.map((c) => c.name)).toEqual([
      'utilization',
      'delinquency',
      'region',
    ]);
    for (const row of fit.report.characteristics.filter((r) => r.status === 'selected')) {
      expect(row.coefficient).toBeLessThan(0);
      expect(row.pValue).toBeLessThanOrEqual(DEFAULT_FIT.maxPValue);
    }
  });

  it('scales the model to points: -(woe * beta + alpha / n) * factor + offset / n, rounded', () => {
    const { factor, offset } = scalingConstants(DEFAULT_FIT.scaling);
    const n = fit.scorecard.characteristics.length;
    for (const characteristic of fit.scorecard.characteristics) {
      const row = byName[characteristic.name];
      row.bins.forEach((bin, index) => {
        const expected = Math.round(
          -(bin.woe * row.coefficient! + fit.report.model.intercept / n) * factor + offset / n,
        );
        expect(bin.points).toBe(expected === 0 ? 0 : expected);
        expect(characteristic.bins[index].points).toBe(bin.points);
      });
    }
  });

  it('gives scores on the odds scale: score = offset + factor * ln(good:bad odds of the model)', () => {
    const precise = fitScorecard(cases, options({ pointsDecimals: 6 }));
    const rows = Object.fromEntries(precise.report.characteristics.map((row) => [row.name, row]));
    const scorecard = compileScorecard(precise.scorecard);
    const { factor, offset } = precise.report.scaling;
    for (const item of cases.slice(0, 50)) {
      const result = scorecard.evaluate(item.facts);
      let logit = precise.report.model.intercept;
      for (const entry of result.points) {
        const bin = rows[entry.characteristic].bins.find((row) => row.bin === entry.bin)!;
        logit += rows[entry.characteristic].coefficient! * bin.woe;
      }
      expect(result.score).toBeCloseTo(offset - factor * logit, 4);
      expect(result.badProbability).toBeCloseTo(1 / (1 + Math.exp(-logit)), 6);
    }
  });

  it('validates on the held-out cases with a calibration table and PSI', () => {
    const { report } = fit;
    expect(report.split.train.count + report.split.test.count).toBe(cases.length);
    expect(report.test.auc).toBeGreaterThan(0.7);
    expect(report.test.gini).toBeCloseTo(2 * report.test.auc! - 1, 12);
    expect(report.calibration.reduce((sum, band) => sum + band.count, 0)).toBe(report.split.test.count);
    expect(report.calibration.reduce((sum, band) => sum + band.bads, 0)).toBe(report.split.test.bads);
    expect(report.calibration.reduce((sum, band) => sum + band.trainCount, 0)).toBe(report.split.train.count);
    expect(report.calibration.at(-1)!.cumulativeCapture).toBe(1);
    // lower bands are riskier
    expect(report.calibration[0].observedBadRate!).toBeGreaterThan(
      report.calibration.at(-1)!.observedBadRate!,
    );
    expect(report.calibration[0].minScore).toBeNull();
    expect(report.calibration.at(-1)!.maxScore).toBeNull();
    expect(report.psi).toBeGreaterThanOrEqual(0);
    expect(report.psi).toBeLessThan(0.05);
    expect(report.capture.map((entry) => entry.flagShare)).toEqual([...DEFAULT_FIT.flagShares]);
  });

  it('bins a categorical characteristic with an other bin for regions it never saw', () => {
    const region = fit.scorecard.characteristics.find((c) => c.name === 'region')!;
    expect(region.bins.some((bin) => 'other' in bin)).toBe(true);
    expect(region.bins.some((bin) => 'values' in bin && bin.values.includes('CN-51'))).toBe(true);
    const scorecard = compileScorecard(fit.scorecard);
    expect(
      scorecard.evaluate({ region: 'CN-99' }).points.find((p) => p.characteristic === 'region')!.bin,
    ).toBe('other');
  });

  it('is deterministic, and the seed decides the split', () => {
    expect(canonicalJson(fitScorecard(cases, options()))).toBe(canonicalJson(fit));
    expect(fitScorecard(cases, options({ seed: 2 })).report.test.auc).not.toBe(fit.report.test.auc);
  });

  it('rejects bad options with every problem and its path', () => {
    const bad = options({ seed: -1, monotonic: 'auto' });
    bad.characteristics = [
      { name: 'a', fact: 'salary', reasonCode: 'A' },
      { name: 'a', fact: 'utilization', reasonCode: 'a', monotonic: 'up' as never },
    ];
    expect(() => fitScorecard(cases, bad)).toThrow(
      expect.objectContaining({
        code: 'FIT_INVALID',
        problems: [
          expect.objectContaining({ path: '$.seed' }),
          expect.objectContaining({ code: 'UNKNOWN_FACT', path: '$.characteristics[0].fact' }),
          expect.objectContaining({ code: 'INVALID_REASON_CODE', path: '$.characteristics[1].reasonCode' }),
          expect.objectContaining({ code: 'DUPLICATE_CHARACTERISTIC', path: '$.characteristics[1].name' }),
          expect.objectContaining({ path: '$.characteristics[1].monotonic' }),
        ],
      }),
    );
  });

  it('checks options before any case is read, and names the facts the candidates read', () => {
    expect(checkFitOptions(options()).reads.sort()).toEqual(
      ['existingLimit', 'monthsDelinquent6m', 'region', 'utilization', 'utilization3mAgo'].sort(),
    );
    expect(() => checkFitOptions(options({ testShare: 1 }))).toThrow(
      expect.objectContaining({ code: 'FIT_INVALID', path: '$.testShare' }),
    );
  });

  it('reports the held-out ROC curve from (0, 0) to (1, 1)', () => {
    const { roc } = fit.report;
    expect(roc[0]).toEqual({ falsePositiveRate: 0, truePositiveRate: 0 });
    expect(roc[roc.length - 1]).toEqual({ falsePositiveRate: 1, truePositiveRate: 1 });
    for (let i = 1; i < roc.length; i += 1) {
      expect(roc[i].falsePositiveRate).toBeGreaterThanOrEqual(roc[i - 1].falsePositiveRate);
      expect(roc[i].truePositiveRate).toBeGreaterThanOrEqual(roc[i - 1].truePositiveRate);
    }
  });

  it('checks the scaling up front and takes an undefined option as its default', () => {
    expect(() => fitScorecard(cases, options({ scaling: { pdo: 0, baseScore: 600, baseOdds: 50 } }))).toThrow(
      expect.objectContaining({ code: 'FIT_INVALID', path: '$.scaling.pdo' }),
    );
    expect(() => fitScorecard(cases, options({ characteristics: [null as never] }))).toThrow(
      expect.objectContaining({ code: 'FIT_INVALID', path: '$.characteristics[0]' }),
    );
    expect(fitScorecard(cases, options({ seed: undefined })).report.split.seed).toBe(DEFAULT_FIT.seed);
  });

  it('rejects bad cases and data it cannot fit', () => {
    expect(() => fitScorecard([{ facts: {}, bad: 'yes' as never }], options())).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', path: 'cases[0]' }),
    );
    const allGood = cases.map((item) => ({ ...item, bad: false }));
    expect(() => fitScorecard(allGood, options())).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_DATA' }),
    );
    const noise = options({
      characteristics: [{ name: 'limit', fact: 'existingLimit', reasonCode: 'LIMIT' }],
    });
    expect(() => fitScorecard(cases, noise)).toThrow(
      expect.objectContaining({ code: 'FIT_NO_CHARACTERISTICS' }),
    );
  });
});
