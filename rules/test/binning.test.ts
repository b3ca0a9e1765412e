import { describe, expect, it } from 'vitest';
import {
  binCategorical,
  binNumeric,
  cutPoint,
  DEFAULT_BINNING,
  MAX_CATEGORIES,
  mulberry32,
  type NumericBinning,
  weightOfEvidence,
} from '../src/index.js';

/** n cases with x uniform on 0..99 and P(default) = rate(x), drawn by a seeded generator. */
function sample(n: number, rate: (x: number) => number, seed = 7): { x: Float64Array; bad: Uint8Array } {
  const random = mulberry32(seed);
  const x = new Float64Array(n);
  const bad = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) {
    x[i] = Math.floor(random() * 100);
    bad[i] = random() < rate(x[i]) ? 1 : 0;
  }
  return { x, bad };
}

function expectTiled(binning: NumericBinning): void {
  const { bins } = binning;
  expect(bins[0].min).toBeNull();
  expect(bins[bins.length - 1].max).toBeNull();
  for (let i = 1; i < bins.length; i += 1) expect(bins[i].min).toBe(bins[i - 1].max);
}

const rates = (binning: { bins: { badRate: number | null }[] }) => binning.bins.map((bin) => bin.badRate!);

describe('binNumeric', () => {
  it('pools adjacent violators into a monotonic table, worked out by hand', () => {
    // default rates by value: 1 -> 0/2, 2 -> 1/2, 3 -> 0/2, 4 -> 2/2; rising: {1} 0, {2, 3} 1/4, {4} 1
    const binning = binNumeric([1, 1, 2, 2, 3, 3, 4, 4], [0, 0, 1, 0, 0, 0, 1, 1], {
      prebins: 4,
      minBinShare: 0,
      smoothing: 0.5,
    });
    expect(binning.trend).toBe('ascending');
    expect(binning.bins.map(({ min, max, goods, bads }) => ({ min, max, goods, bads }))).toEqual([
      { min: null, max: 2, goods: 2, bads: 0 },
      { min: 2, max: 4, goods: 3, bads: 1 },
      { min: 4, max: null, goods: 0, bads: 2 },
    ]);
    const table = weightOfEvidence([
      { goods: 2, bads: 0 },
      { goods: 3, bads: 1 },
      { goods: 0, bads: 2 },
      { goods: 0, bads: 0 },
    ]);
    expect(binning.iv).toBeCloseTo(table.iv, 12);
    expect(binning.bins.map((bin) => bin.woe)).toEqual(table.bins.slice(0, 3).map((bin) => bin.woe));
  });

  it('gives strictly monotonic default rates, each bin at least the minimum share, at most maxBins', () => {
    // rising risk with noise that a quantile table would show as zigzags
    const { x, bad } = sample(5000, (value) => 0.05 + 0.3 * (value / 100) + 0.08 * Math.sin(value));
    const binning = binNumeric(x, bad);
    expect(binning.trend).toBe('ascending');
    const observed = rates(binning);
    for (let i = 1; i < observed.length; i += 1) expect(observed[i]).toBeGreaterThan(observed[i - 1]);
    for (const bin of binning.bins) expect(bin.share).toBeGreaterThanOrEqual(DEFAULT_BINNING.minBinShare);
    expect(binning.bins.length).toBeLessThanOrEqual(DEFAULT_BINNING.maxBins);
    expect(binning.bins.length).toBeGreaterThan(2);
    expectTiled(binning);
  });

  it('finds a falling trend and honours a larger minimum share and fewer bins', () => {
    const { x, bad } = sample(5000, (value) => 0.4 - 0.3 * (value / 100));
    const binning = binNumeric(x, bad, { minBinShare: 0.2, maxBins: 3 });
    expect(binning.trend).toBe('descending');
    expect(binning.bins.length).toBeLessThanOrEqual(3);
    for (const bin of binning.bins) expect(bin.count).toBeGreaterThanOrEqual(0.2 * 5000);
    const observed = rates(binning);
    for (let i = 1; i < observed.length; i += 1) expect(observed[i]).toBeLessThan(observed[i - 1]);
  });

  it('keeps missing values in a bin of their own, exempt from the minimum share', () => {
    const { x, bad } = sample(2000, (value) => 0.1 + 0.3 * (value / 100));
    const values = Float64Array.from(x, (value, i) => (i % 50 === 0 ? Number.NaN : value));
    const missingBads = bad.filter((_, i) => i % 50 === 0).reduce((sum, b) => sum + b, 0);
    const binning = binNumeric(values, bad);
    expect(binning.missing.count).toBe(40);
    expect(binning.missing.share).toBe(0.02);
    expect(binning.missing.bads).toBe(missingBads);
    expect(binning.bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(1960);
    const table = weightOfEvidence([...binning.bins, binning.missing]);
    expect(binning.missing.woe).toBeCloseTo(table.bins[table.bins.length - 1].woe, 12);
  });

  it('gives an empty missing bin WoE 0 when training saw no missing value', () => {
    const { x, bad } = sample(1000, (value) => 0.1 + 0.3 * (value / 100));
    expect(binNumeric(x, bad).missing).toMatchObject({ count: 0, woe: 0, iv: 0 });
  });

  it('allows one turn when asked: a valley beats a monotonic fit of U-shaped risk', () => {
    const { x, bad } = sample(6000, (value) => 0.05 + 0.4 * ((value - 50) / 50) ** 2);
    const valley = binNumeric(x, bad, { monotonic: 'valley' });
    const monotonic = binNumeric(x, bad);
    expect(valley.trend).toBe('valley');
    expect(valley.iv).toBeGreaterThan(monotonic.iv * 2);
    const observed = rates(valley);
    const turn = observed.indexOf(Math.min(...observed));
    for (let i = 1; i <= turn; i += 1) expect(observed[i]).toBeLessThan(observed[i - 1]);
    for (let i = turn + 1; i < observed.length; i += 1) expect(observed[i]).toBeGreaterThan(observed[i - 1]);
  });

  it('bins floating-point noise with the value it stands for', () => {
    // 0.1 + 0.2 is 0.30000000000000004: it belongs with 0.3, above the cut at 0.3
    const values = [0.1 + 0.2, 0.3, 0.3, 0.1, 0.1, 0.1];
    const binning = binNumeric(values, [1, 1, 1, 0, 0, 1], { minBinShare: 0, prebins: 2 });
    expect(binning.bins.map(({ min, max, count }) => ({ min, max, count }))).toEqual([
      { min: null, max: 0.3, count: 3 },
      { min: 0.3, max: null, count: 3 },
    ]);
  });

  it('rejects bad input with a path', () => {
    expect(() => binNumeric([1, 2], [1])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => binNumeric([1, Infinity], [1, 0])).toThrow(expect.objectContaining({ path: 'values[1]' }));
    expect(() => binNumeric([1, 2], [0, 0])).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_DATA' }));
    expect(() => binNumeric([1, 2], [0, 1], { maxBins: 0 })).toThrow(
      expect.objectContaining({ path: 'maxBins' }),
    );
    expect(() => binNumeric([1, 2], [0, 1], { monotonic: 'sideways' as never })).toThrow(/monotonic/);
  });
});

describe('binCategorical', () => {
  it('orders categories by default rate and merges the rare ones into a neighbour', () => {
    const values: (string | null)[] = [];
    const bad: number[] = [];
    const add = (category: string | null, count: number, defaults: number) => {
      for (let i = 0; i < count; i += 1) {
        values.push(category);
        bad.push(i < defaults ? 1 : 0);
      }
    };
    add('web', 400, 40); // 10%
    add('app', 400, 120); // 30%
    add('agent', 150, 75); // 50%
    add('kiosk', 10, 6); // 60%, 1% of cases: joins agent
    add(null, 40, 10);
    const binning = binCategorical(values, bad, { minBinShare: 0.05 });
    expect(binning.bins.map((bin) => bin.values)).toEqual([['web'], ['app'], ['agent', 'kiosk']]);
    expect(binning.bins[2]).toMatchObject({ count: 160, bads: 81 });
    expect(binning.missing).toMatchObject({ count: 40, bads: 10 });
    expect(binning.other).toMatchObject({ count: 0, woe: 0 });
    expect(rates(binning)).toEqual([0.1, 0.3, 81 / 160]);
  });

  it('takes booleans as categories and bounds the number of categories', () => {
    const binning = binCategorical([true, true, false, false], [1, 0, 0, 0], { minBinShare: 0 });
    expect(binning.bins.map((bin) => bin.values)).toEqual([[false], [true]]);
    const many = Array.from({ length: MAX_CATEGORIES + 1 }, (_, i) => `c${i}`);
    expect(() =>
      binCategorical(
        many,
        many.map((_, i) => i % 2),
      ),
    ).toThrow(expect.objectContaining({ code: 'TOO_MANY_CATEGORIES' }));
    expect(() => binCategorical([1 as never, 'a'], [0, 1])).toThrow(
      expect.objectContaining({ path: 'values[0]' }),
    );
  });
});

describe('cutPoint', () => {
  it('is the shortest decimal above the lower value and up to the upper one', () => {
    expect(cutPoint(0.3456, 0.351)).toBe(0.35);
    expect(cutPoint(0, 1)).toBe(1);
    expect(cutPoint(1, 2)).toBe(2);
    expect(cutPoint(99, 101)).toBe(100);
    expect(cutPoint(-1e-19, 1e-19)).toBe(0);
    expect(cutPoint(-0.35, -0.3)).toBe(-0.3);
    expect(cutPoint(12345, 12346)).toBe(12346);
    expect(cutPoint(0.1, 0.1 + 1e-9)).toBeGreaterThan(0.1);
    expect(() => cutPoint(2, 2)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
