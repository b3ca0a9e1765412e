/**
 * Monotonic weight-of-evidence binning of one characteristic against a binary outcome, the first step of
 * fitting a scorecard.
 *
 * Numbers: sort, cut into `prebins` fine quantile bins (a value is never split across two bins), then merge
 * adjacent bins until the default rate is strictly monotonic (pool-adjacent-violators), until every bin holds
 * at least `minBinShare` of all cases (the smallest bin joins the neighbour whose default rate is closest,
 * which keeps the order), and until at most `maxBins` remain (the pair whose merge loses the least
 * information value goes first). `monotonic: 'auto'` tries rising and falling default rates and keeps the one
 * with the higher information value; `valley` and `peak` allow one turn, tried at every fine bin. Values are
 * binned as a card compares them (12 significant digits), and cut points are the shortest decimals between
 * neighbouring observed values (0.35 rather than 0.3471...), so the card reads well and scores every
 * training case in the bin it was counted in.
 *
 * Categories: ordered by default rate, so monotonic by construction, then merged the same way.
 *
 * Missing values (NaN for numbers, null or undefined for categories) always get a bin of their own, exempt
 * from the minimum share; a characteristic with no missing values in training has an empty missing bin with
 * WoE 0 (the population's odds), as has the `other` bin for categories training never saw.
 */
import type { Outcomes } from './discrimination.js';
import { PolicyError } from './errors.js';
import { binComparable, type Category } from './scorecard.js';
import { type BinCounts, WOE_SMOOTHING, type WoeBin, weightOfEvidence } from './woe.js';

/**
 * The shape the default rate may take as the value rises. `auto` keeps the better (by IV) of ascending and
 * descending; `valley` (falls, then rises) and `peak` are for characteristics where both ends are risky for a
 * reason an analyst can state (an unused line and a full one), tried at every turning point.
 */
export type Monotonic = 'auto' | 'ascending' | 'descending' | 'peak' | 'valley';
export const MONOTONIC_TRENDS: readonly Monotonic[] = ['auto', 'ascending', 'descending', 'peak', 'valley'];

/** The shape a binning came out with. */
export type Trend = 'ascending' | 'descending' | 'peak' | 'valley' | 'flat';

export interface BinningOptions {
  /** Smallest share of all cases in one bin (the missing bin excepted). */
  minBinShare?: number;
  /** Most bins, the missing and other bins not counted. */
  maxBins?: number;
  /** Fine quantile bins numbers start from. */
  prebins?: number;
  /** Direction of the default rate as the value rises; categories ignore it. */
  monotonic?: Monotonic;
  smoothing?: number;
}

export const DEFAULT_BINNING: Readonly<Required<BinningOptions>> = Object.freeze({
  minBinShare: 0.05,
  maxBins: 6,
  prebins: 20,
  monotonic: 'auto',
  smoothing: WOE_SMOOTHING,
});

/** Most distinct categories a categorical characteristic may have: beyond that it is an identifier. */
export const MAX_CATEGORIES = 1000;

/** [min, max): null is an open end. */
export interface NumericBin extends WoeBin {
  min: number | null;
  max: number | null;
}

export interface CategoricalBin extends WoeBin {
  values: Category[];
}

export interface NumericBinning {
  kind: 'numeric';
  /** Default rate as the value rises; 'flat' when one bin remains. */
  trend: Trend;
  bins: NumericBin[];
  missing: WoeBin;
  iv: number;
}

export interface CategoricalBinning {
  kind: 'categorical';
  /** In order of rising default rate. */
  bins: CategoricalBin[];
  missing: WoeBin;
  /** Categories training did not see: always empty, WoE 0. */
  other: WoeBin;
  iv: number;
}

export type Binning = NumericBinning | CategoricalBinning;

/** Consecutive fine bins [first, last] merged into one, with their counts. */
interface Run extends BinCounts {
  first: number;
  last: number;
}

const size = (run: BinCounts) => run.goods + run.bads;

/** Sign of rate(a) - rate(b), compared exactly by cross-multiplication. */
function compareRates(a: BinCounts, b: BinCounts): number {
  return Math.sign(a.bads * size(b) - b.bads * size(a));
}

function merged(a: Run, b: Run): Run {
  return { goods: a.goods + b.goods, bads: a.bads + b.bads, first: a.first, last: b.last };
}

/** Pool adjacent violators: the coarsest merge needed for strictly monotonic default rates. */
function poolViolators(prebins: readonly Run[], direction: 'ascending' | 'descending'): Run[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const runs: Run[] = [];
  for (const prebin of prebins) {
    runs.push(prebin);
    while (runs.length >= 2 && sign * compareRates(runs[runs.length - 1], runs[runs.length - 2]) <= 0) {
      const last = runs.pop()!;
      runs.push(merged(runs.pop()!, last));
    }
  }
  return runs;
}

function mergeAt(runs: Run[], index: number): void {
  runs.splice(index, 2, merged(runs[index], runs[index + 1]));
}

/** Small bins join the neighbour with the closer default rate; merging neighbours keeps monotonicity. */
function enforceMinimum(runs: Run[], minCount: number): void {
  while (runs.length > 1) {
    let smallest = -1;
    for (let i = 0; i < runs.length; i += 1) {
      if (size(runs[i]) < minCount && (smallest < 0 || size(runs[i]) < size(runs[smallest]))) smallest = i;
    }
    if (smallest < 0) return;
    const rate = (run: Run) => run.bads / size(run);
    const left = smallest > 0 ? Math.abs(rate(runs[smallest]) - rate(runs[smallest - 1])) : Infinity;
    const right =
      smallest < runs.length - 1 ? Math.abs(rate(runs[smallest]) - rate(runs[smallest + 1])) : Infinity;
    mergeAt(runs, left <= right ? smallest - 1 : smallest);
  }
}

/** Merges the adjacent pair that loses the least information value until at most maxBins remain. */
function enforceMaximum(runs: Run[], maxBins: number, goods: number, bads: number): void {
  const ivOf = (run: BinCounts) => {
    const goodShare = (run.goods + 0.5) / goods;
    const badShare = (run.bads + 0.5) / bads;
    return (goodShare - badShare) * Math.log(goodShare / badShare);
  };
  while (runs.length > maxBins) {
    let best = 0;
    let bestLoss = Infinity;
    for (let i = 0; i + 1 < runs.length; i += 1) {
      const loss = ivOf(runs[i]) + ivOf(runs[i + 1]) - ivOf(merged(runs[i], runs[i + 1]));
      if (loss < bestLoss) {
        bestLoss = loss;
        best = i;
      }
    }
    mergeAt(runs, best);
  }
}

/** Every monotone or unimodal pooling of the prebins the option allows. */
function pooled(prebins: readonly Run[], monotonic: Monotonic): Run[][] {
  if (monotonic === 'ascending' || monotonic === 'descending') return [poolViolators(prebins, monotonic)];
  if (monotonic === 'auto')
    return [poolViolators(prebins, 'ascending'), poolViolators(prebins, 'descending')];
  const [first, second] =
    monotonic === 'valley' ? (['descending', 'ascending'] as const) : (['ascending', 'descending'] as const);
  const candidates = [poolViolators(prebins, first), poolViolators(prebins, second)];
  for (let turn = 1; turn < prebins.length; turn += 1) {
    candidates.push([
      ...poolViolators(prebins.slice(0, turn), first),
      ...poolViolators(prebins.slice(turn), second),
    ]);
  }
  return candidates;
}

/** Merging two neighbours gives a rate between theirs, so it never breaks a monotone or unimodal shape. */
function mergeRuns(runs: Run[], options: Required<BinningOptions>, totals: BinCounts): Run[] {
  enforceMinimum(runs, options.minBinShare * size(totals));
  enforceMaximum(runs, options.maxBins, totals.goods, totals.bads);
  return runs;
}

function trendOf(runs: readonly Run[]): Trend {
  if (runs.length < 2) return 'flat';
  const steps = runs.slice(1).map((run, index) => compareRates(run, runs[index]));
  const turn = steps.findIndex((step) => step !== steps[0]);
  if (turn < 0) return steps[0] > 0 ? 'ascending' : 'descending';
  return steps[0] < 0 ? 'valley' : 'peak';
}

function resolveOptions(options: BinningOptions): Required<BinningOptions> {
  const resolved = { ...DEFAULT_BINNING, ...options };
  const fail = (field: string, message: string) => {
    throw new PolicyError('INVALID_ARGUMENT', `${field} ${message}`, { path: field });
  };
  if (!(resolved.minBinShare >= 0 && resolved.minBinShare < 0.5)) fail('minBinShare', 'must be in [0, 0.5)');
  if (!Number.isInteger(resolved.maxBins) || resolved.maxBins < 1 || resolved.maxBins > 50) {
    fail('maxBins', 'must be a whole number from 1 to 50');
  }
  if (!Number.isInteger(resolved.prebins) || resolved.prebins < 1 || resolved.prebins > 1000) {
    fail('prebins', 'must be a whole number from 1 to 1000');
  }
  if (!MONOTONIC_TRENDS.includes(resolved.monotonic)) {
    fail('monotonic', `must be one of ${MONOTONIC_TRENDS.join(', ')}`);
  }
  return resolved;
}

function checkLengths(values: { length: number }, bad: Outcomes): void {
  if (values.length !== bad.length) {
    throw new PolicyError(
      'INVALID_ARGUMENT',
      `values has ${values.length} entries but bad has ${bad.length}`,
      {
        path: 'bad',
      },
    );
  }
}

/**
 * The shortest decimal `e` with low < e <= high: a cut between two observed values that keeps every value
 * below it in the lower bin ([min, max) bins) and reads like a number a person chose.
 */
export function cutPoint(low: number, high: number): number {
  if (!(low < high)) {
    throw new PolicyError('INVALID_ARGUMENT', `cutPoint needs low < high, got ${low} and ${high}`, {
      path: 'low',
    });
  }
  const magnitude = Math.max(Math.abs(low), Math.abs(high), Number.MIN_VALUE);
  const top = Math.ceil(Math.log10(magnitude)) + 1;
  // 17 significant digits tell any two doubles apart; toFixed takes at most 100 decimals
  for (let power = top; power >= top - 17 && power >= -100; power -= 1) {
    const step = 10 ** power;
    const decimals = Math.max(0, -power);
    let candidate = Number((Math.floor(high / step + 1e-9) * step).toFixed(decimals));
    if (candidate > high) candidate = Number((candidate - step).toFixed(decimals));
    if (candidate > low && candidate <= high) return candidate;
  }
  return high;
}

/** Bins numbers; NaN is a missing value. */
export function binNumeric(
  values: ArrayLike<number>,
  bad: Outcomes,
  options: BinningOptions = {},
): NumericBinning {
  checkLengths(values, bad);
  const resolved = resolveOptions(options);
  const present: number[] = [];
  const comparable = new Float64Array(values.length);
  const missing: BinCounts = { goods: 0, bads: 0 };
  const totals: BinCounts = { goods: 0, bads: 0 };
  for (let i = 0; i < values.length; i += 1) {
    const isBad = Boolean(bad[i]);
    if (isBad) totals.bads += 1;
    else totals.goods += 1;
    const value = values[i];
    if (Number.isNaN(value)) {
      if (isBad) missing.bads += 1;
      else missing.goods += 1;
    } else if (!Number.isFinite(value)) {
      throw new PolicyError('INVALID_ARGUMENT', `values[${i}] is ${value}: use NaN for a missing value`, {
        path: `values[${i}]`,
      });
    } else {
      comparable[i] = binComparable(value);
      present.push(i);
    }
  }
  if (totals.goods === 0 || totals.bads === 0) {
    throw new PolicyError('INSUFFICIENT_DATA', 'binning needs both defaults and non-defaults', {
      path: 'bad',
    });
  }
  // values as the card will compare them, so the card scores every training case in the bin it was counted in
  const order = Uint32Array.from(present).sort((a, b) => comparable[a] - comparable[b]);

  // distinct values with their counts, then fine quantile bins over them
  const distinct: number[] = [];
  const counts: BinCounts[] = [];
  for (const index of order) {
    const value = comparable[index];
    if (distinct.length === 0 || distinct[distinct.length - 1] !== value) {
      distinct.push(value);
      counts.push({ goods: 0, bads: 0 });
    }
    if (bad[index]) counts[counts.length - 1].bads += 1;
    else counts[counts.length - 1].goods += 1;
  }
  const prebins: Run[] = [];
  const target = order.length / resolved.prebins;
  let seen = 0;
  for (let d = 0; d < distinct.length; d += 1) {
    // the k-th fine bin closes once the bins hold k quantiles' worth of cases
    if (prebins.length > 0 && seen < prebins.length * target) {
      const run = prebins[prebins.length - 1];
      run.goods += counts[d].goods;
      run.bads += counts[d].bads;
      run.last = d;
    } else prebins.push({ ...counts[d], first: d, last: d });
    seen += size(counts[d]);
  }

  let best: NumericBinning | undefined;
  for (const candidateRuns of pooled(prebins, resolved.monotonic)) {
    const runs = mergeRuns(candidateRuns, resolved, totals);
    const table = weightOfEvidence([...runs, missing], resolved.smoothing);
    const bins = runs.map(
      (run, index): NumericBin => ({
        ...table.bins[index],
        min: index === 0 ? null : cutPoint(distinct[runs[index - 1].last], distinct[run.first]),
        max: index === runs.length - 1 ? null : cutPoint(distinct[run.last], distinct[runs[index + 1].first]),
      }),
    );
    const candidate: NumericBinning = {
      kind: 'numeric',
      trend: trendOf(runs),
      bins,
      missing: table.bins[runs.length],
      iv: table.iv,
    };
    if (best === undefined || candidate.iv > best.iv + 1e-12) best = candidate;
  }
  return best!;
}

/** Bins categories (strings or booleans); null and undefined are missing values. */
export function binCategorical(
  values: ArrayLike<Category | null | undefined>,
  bad: Outcomes,
  options: BinningOptions = {},
): CategoricalBinning {
  checkLengths(values, bad);
  const resolved = resolveOptions(options);
  const byCategory = new Map<Category, BinCounts>();
  const missing: BinCounts = { goods: 0, bads: 0 };
  const totals: BinCounts = { goods: 0, bads: 0 };
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    const key = bad[i] ? 'bads' : 'goods';
    totals[key] += 1;
    if (value === null || value === undefined) {
      missing[key] += 1;
      continue;
    }
    if (typeof value !== 'string' && typeof value !== 'boolean') {
      throw new PolicyError('INVALID_ARGUMENT', `values[${i}] must be a string or a boolean`, {
        path: `values[${i}]`,
      });
    }
    let counts = byCategory.get(value);
    if (counts === undefined) {
      if (byCategory.size >= MAX_CATEGORIES) {
        throw new PolicyError('TOO_MANY_CATEGORIES', `more than ${MAX_CATEGORIES} distinct categories`, {
          path: `values[${i}]`,
        });
      }
      counts = { goods: 0, bads: 0 };
      byCategory.set(value, counts);
    }
    counts[key] += 1;
  }
  if (totals.goods === 0 || totals.bads === 0) {
    throw new PolicyError('INSUFFICIENT_DATA', 'binning needs both defaults and non-defaults', {
      path: 'bad',
    });
  }
  const categories = [...byCategory.keys()].sort(
    (a, b) =>
      compareRates(byCategory.get(a)!, byCategory.get(b)!) ||
      (typeof a).localeCompare(typeof b) ||
      String(a).localeCompare(String(b)),
  );
  const prebins = categories.map(
    (category, index): Run => ({ ...byCategory.get(category)!, first: index, last: index }),
  );
  const runs = mergeRuns(poolViolators(prebins, 'ascending'), resolved, totals);
  const table = weightOfEvidence([...runs, missing, { goods: 0, bads: 0 }], resolved.smoothing);
  return {
    kind: 'categorical',
    bins: runs.map((run, index) => ({
      ...table.bins[index],
      values: categories.slice(run.first, run.last + 1),
    })),
    missing: table.bins[runs.length],
    other: table.bins[runs.length + 1],
    iv: table.iv,
  };
}
