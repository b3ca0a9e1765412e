import { describe, expect, it } from 'vitest';
import { defaultCapture, discrimination, PolicyError, rocCurve } from '../src/index.js';

describe('discrimination', () => {
  it('gives AUC, Gini and KS worked out by hand', () => {
    // defaults at risks 3, 5, 6; non-defaults at 1, 2, 4: 8 of the 9 (default, non-default) pairs concordant
    const result = discrimination([1, 2, 3, 4, 5, 6], [0, 0, 1, 0, 1, 1]);
    expect(result.count).toBe(6);
    expect(result.bads).toBe(3);
    expect(result.auc).toBeCloseTo(8 / 9, 12);
    expect(result.gini).toBeCloseTo(7 / 9, 12);
    // cumulative shares (non-defaults - defaults) along rising risk: 1/3, 2/3, 1/3, 2/3, 1/3, 0
    expect(result.ks).toBeCloseTo(2 / 3, 12);
  });

  it('counts a tie as half a concordant pair and moves tied cases together in the KS', () => {
    // pairs: (1 vs 1) tie, (1 vs 2) discordant, (2 vs 1) concordant, (2 vs 2) tie
    const result = discrimination([1, 1, 2, 2], [false, true, false, true]);
    expect(result.auc).toBe(0.5);
    expect(result.ks).toBe(0);
  });

  it('does not depend on the order of the cases', () => {
    const risk = [0.3, 0.9, 0.1, 0.9, 0.5, 0.2, 0.5, 0.7];
    const bad = [0, 1, 0, 0, 1, 0, 0, 1];
    const order = [5, 2, 7, 0, 3, 6, 1, 4];
    expect(
      discrimination(
        order.map((i) => risk[i]),
        order.map((i) => bad[i]),
      ),
    ).toEqual(discrimination(risk, bad));
  });

  it('has no AUC without both outcomes', () => {
    expect(discrimination([1, 2], [0, 0])).toEqual({ count: 2, bads: 0, auc: null, gini: null, ks: null });
  });

  it('rejects mismatched lengths and values that are not finite', () => {
    expect(() => discrimination([1, 2], [1])).toThrow(PolicyError);
    expect(() => discrimination([1, Number.NaN], [1, 0])).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', path: 'risk[1]' }),
    );
  });
});

describe('defaultCapture', () => {
  it('is the share of defaults among the riskiest flagged cases', () => {
    // flagging 3 of 6 takes risks 6, 5, 4: two of the three defaults
    expect(defaultCapture([1, 2, 3, 4, 5, 6], [0, 0, 1, 0, 1, 1], 0.5)).toBeCloseTo(2 / 3, 12);
    expect(defaultCapture([1, 2, 3, 4, 5, 6], [0, 0, 1, 0, 1, 1], 1)).toBe(1);
    expect(defaultCapture([1, 2, 3, 4, 5, 6], [0, 0, 1, 0, 1, 1], 0)).toBe(0);
  });

  it('takes a tie cut by the flag line in proportion: the expectation of a random tie-break', () => {
    // flag 2 of 4: the case at risk 2 (a default), then 1 of the 3 tied at risk 1, which hold 1 default
    expect(defaultCapture([1, 1, 1, 2], [1, 0, 0, 1], 0.5)).toBeCloseTo((1 + 1 / 3) / 2, 12);
  });

  it('rejects a flag share outside [0, 1] and has no capture without defaults', () => {
    expect(() => defaultCapture([1], [1], 1.5)).toThrow(/flagShare/);
    expect(defaultCapture([1, 2], [0, 0], 0.5)).toBeNull();
  });
});

describe('rocCurve', () => {
  it('flags from the riskiest down, one point per run of equal risk', () => {
    // risks 6, 5, 4 are bad, good, bad; 3, 2, 1 good, bad, good: 3 defaults, 3 non-defaults
    const points = rocCurve([1, 2, 3, 4, 5, 6], [0, 1, 0, 1, 0, 1]).map((point) => [
      point.falsePositiveRate,
      point.truePositiveRate,
    ]);
    expect(points).toEqual([
      [0, 0],
      [0, 1 / 3],
      [1 / 3, 1 / 3],
      [1 / 3, 2 / 3],
      [2 / 3, 2 / 3],
      [2 / 3, 1],
      [1, 1],
    ]);
  });

  it('keeps a tie as one step, thins long curves and is empty without both outcomes', () => {
    expect(rocCurve([1, 1, 2], [0, 1, 1]).map((p) => [p.falsePositiveRate, p.truePositiveRate])).toEqual([
      [0, 0],
      [0, 0.5],
      [1, 1],
    ]);
    const risk = Array.from({ length: 10_000 }, (_, i) => i);
    const bad = risk.map((i) => (i % 3 === 0 ? 1 : 0));
    const thinned = rocCurve(risk, bad, 21);
    expect(thinned.length).toBeLessThanOrEqual(21 * 2);
    expect(thinned[thinned.length - 1]).toEqual({ falsePositiveRate: 1, truePositiveRate: 1 });
    expect(rocCurve([1, 2], [0, 0])).toEqual([]);
  });
});
