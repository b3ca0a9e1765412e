/**
 * Fitting a scorecard from a case set, the classic way a credit analyst builds one:
 *
 * 1. Split: stratified by outcome, `testShare` of the defaults and of the non-defaults held out, drawn by a
 *    seeded shuffle (mulberry32), so the same cases in the same order and the same seed give the same split.
 * 2. Bin each candidate on the training cases (monotonic WoE binning, `binning.ts`) and report its
 *    information value; keep those with IV >= `minInformationValue`.
 * 3. Drop a candidate whose WoE correlates above `maxCorrelation` with one of higher IV already kept: two
 *    views of the same behaviour split their weight unpredictably between them.
 * 4. Fit a logistic regression of default on the WoE values (`logistic.ts`). With WoE = ln(good / bad share)
 *    every coefficient should be negative; a candidate with a coefficient >= 0 (a sign flipped by
 *    collinearity, which would give a worse bin more points) is dropped, the weakest by IV first, and the
 *    model refit. Then, one at a time, the candidate whose coefficient is least significant (Wald p-value
 *    above `maxPValue`) is dropped and the model refit: a characteristic the data cannot tell from zero only
 *    adds points nobody can justify.
 * 5. Scale to points, intercept spread evenly over the n characteristics:
 *      points = -(woe * beta + alpha / n) * factor + offset / n,  factor = pdo / ln 2,
 *      offset = baseScore - factor * ln(baseOdds)
 *    rounded to `pointsDecimals`, so score = offset + factor * ln(good:bad odds).
 * 6. Validate the card itself (compiled, rounded points and all) on the held-out cases: AUC, Gini, KS, a
 *    calibration table by score band (observed vs expected default rate, cumulative capture) and the PSI of
 *    the score bands between train and test.
 *
 * Pure and synchronous: cases in, a draft scorecard spec and its report out. Chunking, progress and storage
 * are the caller's.
 */
import {
  type Binning,
  type BinningOptions,
  binCategorical,
  binNumeric,
  DEFAULT_BINNING,
  MONOTONIC_TRENDS,
  type Monotonic,
  type Trend,
} from './binning.js';
import {
  type Discrimination,
  defaultCapture,
  discrimination,
  type RocPoint,
  rocCurve,
} from './discrimination.js';
import { jsonPath, PolicyError, type PolicyProblem } from './errors.js';
import { fitLogistic, type LogisticFit, waldPValue } from './logistic.js';
import { populationStabilityIndex } from './metrics.js';
import { scorecardReads } from './policy-scorecards.js';
import {
  badProbabilityOf,
  binLabel,
  binLookup,
  type CharacteristicKind,
  catalogInputType,
  characteristicSourceProblems,
  compileScorecard,
  type FactTypeResolver,
  type RangeBin,
  type ScorecardBin,
  type ScorecardCharacteristic,
  type ScorecardScaling,
  type ScorecardSpec,
  scalingConstants,
  scalingProblems,
  valueReader,
} from './scorecard.js';
import { mulberry32, shuffleInPlace } from './seeded-random.js';

export interface FitCase {
  facts: Readonly<Record<string, unknown>>;
  bad: boolean;
}

export interface CandidateCharacteristic {
  name: string;
  description?: string;
  fact?: string;
  expression?: string;
  reasonCode: string;
  /** Overrides the fit's `monotonic` for this characteristic. */
  monotonic?: Monotonic;
}

export interface ScorecardFitOptions extends BinningOptions {
  name: string;
  description?: string;
  characteristics: CandidateCharacteristic[];
  seed?: number;
  testShare?: number;
  minInformationValue?: number;
  maxCorrelation?: number;
  maxPValue?: number;
  l2?: number;
  scaling?: ScorecardScaling;
  pointsDecimals?: number;
  scoreBands?: number;
  /** Share of cases flagged (lowest scores first) at which the report gives the held-out capture. */
  flagShares?: number[];
  factType?: FactTypeResolver;
}

export const DEFAULT_FIT = Object.freeze({
  seed: 1,
  testShare: 0.3,
  /** Below 0.02 a characteristic is "not predictive" in the usual reading of IV. */
  minInformationValue: 0.02,
  maxCorrelation: 0.85,
  maxPValue: 0.05,
  l2: 0,
  scaling: Object.freeze({ pdo: 20, baseScore: 600, baseOdds: 50 }),
  pointsDecimals: 0,
  scoreBands: 10,
  flagShares: Object.freeze([0.1, 0.2, 0.3, 0.5]),
});

export type CharacteristicStatus = 'selected' | 'low-iv' | 'correlated' | 'wrong-sign' | 'not-significant';

export interface BinReport {
  bin: string;
  count: number;
  share: number;
  goods: number;
  bads: number;
  badRate: number | null;
  woe: number;
  iv: number;
  /** Selected characteristics only. */
  points?: number;
}

export interface CharacteristicReport {
  name: string;
  reasonCode: string;
  kind: CharacteristicKind;
  iv: number;
  /** Numeric characteristics: the shape of the default rate as the value rises. */
  trend?: Trend;
  status: CharacteristicStatus;
  /** For 'correlated': the kept characteristic it follows and the correlation of their WoE. */
  correlatedWith?: { name: string; correlation: number };
  /** From the last model the characteristic was in. */
  coefficient?: number;
  standardError?: number;
  pValue?: number;
  bins: BinReport[];
}

export interface CalibrationBand {
  /** "[612, 640)": scores in the band, bands from the training scores' quantiles. */
  band: string;
  minScore: number | null;
  maxScore: number | null;
  trainCount: number;
  count: number;
  bads: number;
  observedBadRate: number | null;
  /** Mean probability of default the scores stand for on the card's scale. */
  expectedBadRate: number | null;
  /** Share of all held-out defaults in this band and the riskier ones below it. */
  cumulativeCapture: number | null;
}

export interface ScorecardFitReport {
  split: {
    seed: number;
    testShare: number;
    train: { count: number; bads: number };
    test: { count: number; bads: number };
  };
  characteristics: CharacteristicReport[];
  model: { intercept: number; iterations: number; deviance: number; l2: number };
  scaling: ScorecardScaling & { factor: number; offset: number };
  train: Discrimination;
  test: Discrimination;
  /** The held-out ROC curve, flagging the lowest scores first (thinned to a few hundred points at most). */
  roc: RocPoint[];
  /** Held-out share of defaults among the lowest-scoring `flagShare` of held-out cases. */
  capture: { flagShare: number; capture: number | null }[];
  calibration: CalibrationBand[];
  /** PSI of the score-band distribution, test against train. */
  psi: number | null;
}

export interface ScorecardFit {
  scorecard: ScorecardSpec;
  report: ScorecardFitReport;
}

type Resolved = Omit<Required<ScorecardFitOptions>, 'description'> & { description?: string };

function invalid(problems: PolicyProblem[]): never {
  throw new PolicyError(
    'FIT_INVALID',
    `fit options are invalid: ${problems[0].path}: ${problems[0].message}`,
    {
      path: problems[0].path,
      problems,
    },
  );
}

function resolveOptions(options: ScorecardFitOptions): { resolved: Resolved; kinds: CharacteristicKind[] } {
  // an option given as undefined takes its default, as an absent one does
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const resolved = { ...DEFAULT_BINNING, ...DEFAULT_FIT, factType: catalogInputType, ...given } as Resolved;
  const problems: PolicyProblem[] = [];
  const error = (path: string, message: string, code = 'INVALID_VALUE') =>
    problems.push({ code, path, message, severity: 'error' });
  if (typeof resolved.name !== 'string' || resolved.name.trim() === '')
    error('$.name', 'name must be a non-empty string');
  if (resolved.description !== undefined && typeof resolved.description !== 'string') {
    error('$.description', 'description must be a string');
  }
  problems.push(...scalingProblems(resolved.scaling, '$.scaling'));
  const range = (key: keyof Resolved, low: number, high: number, integer = false) => {
    const value = resolved[key] as number;
    if (
      typeof value !== 'number' ||
      !(value >= low && value <= high) ||
      (integer && !Number.isInteger(value))
    ) {
      error(`$.${key}`, `${key} must be ${integer ? 'a whole number ' : ''}from ${low} to ${high}`);
    }
  };
  range('seed', 0, 2 ** 32 - 1, true);
  range('testShare', 0.05, 0.95);
  range('minInformationValue', 0, 10);
  range('maxCorrelation', 0, 1);
  range('maxPValue', 0, 1);
  range('l2', 0, 1e6);
  range('pointsDecimals', 0, 6, true);
  range('scoreBands', 2, 100, true);
  if (
    !Array.isArray(resolved.flagShares) ||
    resolved.flagShares.some((share) => !(share >= 0 && share <= 1))
  ) {
    error('$.flagShares', 'flagShares must be shares from 0 to 1');
  }
  const kinds: CharacteristicKind[] = [];
  const { characteristics } = resolved;
  if (!Array.isArray(characteristics) || characteristics.length === 0 || characteristics.length > 64) {
    error('$.characteristics', 'characteristics must list 1 to 64 candidates');
    invalid(problems);
  }
  const names = new Set<string>();
  characteristics.forEach((candidate, index) => {
    const path = jsonPath('$.characteristics', index);
    const checked = characteristicSourceProblems(candidate, path, resolved.factType);
    problems.push(...checked.problems);
    if (typeof candidate !== 'object' || candidate === null) return;
    if (checked.kind !== undefined) kinds[index] = checked.kind;
    if (names.has(candidate.name))
      error(jsonPath(path, 'name'), `${candidate.name} is listed twice`, 'DUPLICATE_CHARACTERISTIC');
    names.add(candidate.name);
    const monotonic = candidate.monotonic;
    if (monotonic !== undefined && !MONOTONIC_TRENDS.includes(monotonic)) {
      error(jsonPath(path, 'monotonic'), `monotonic must be one of ${MONOTONIC_TRENDS.join(', ')}`);
    }
  });
  if (problems.length > 0) invalid(problems);
  return { resolved, kinds };
}

/**
 * Checks options as `fitScorecard` will, before any case is read (FIT_INVALID naming every problem's
 * path), and returns the facts the candidates read: all a caller need keep of each case.
 */
export function checkFitOptions(options: ScorecardFitOptions): { reads: string[] } {
  resolveOptions(options);
  return { reads: scorecardReads(options) };
}

/** Stratified split: the first round(testShare * n) of each outcome's seeded shuffle are held out. */
export function stratifiedSplit(
  bad: ArrayLike<boolean | number>,
  testShare: number,
  seed: number,
): { train: Uint32Array; test: Uint32Array } {
  const random = mulberry32(seed);
  const test: number[] = [];
  const train: number[] = [];
  for (const outcome of [true, false]) {
    const members: number[] = [];
    for (let i = 0; i < bad.length; i += 1) if (Boolean(bad[i]) === outcome) members.push(i);
    shuffleInPlace(members, random);
    const held = Math.round(testShare * members.length);
    test.push(...members.slice(0, held));
    train.push(...members.slice(held));
  }
  return { train: Uint32Array.from(train).sort(), test: Uint32Array.from(test).sort() };
}

function pick<T>(values: ArrayLike<T>, indices: Uint32Array): T[] {
  return Array.from(indices, (index) => values[index]);
}

/** [min, max) with null for an open end, as a spec writes it: an open end is left out. */
function rangeBin(min: number | null, max: number | null): RangeBin {
  return { ...(min === null ? {} : { min }), ...(max === null ? {} : { max }), points: 0 };
}

/** Bins of a binning as a scorecard's bins (points filled in later), with their WoE alongside. */
function specBins(binning: Binning): { bins: ScorecardBin[]; woe: number[]; report: BinReport[] } {
  const rows =
    binning.kind === 'numeric'
      ? [
          ...binning.bins.map((bin) => ({ bin: rangeBin(bin.min, bin.max), stats: bin })),
          { bin: { missing: true, points: 0 } as ScorecardBin, stats: binning.missing },
        ]
      : [
          ...binning.bins.map((bin) => ({
            bin: { values: bin.values, points: 0 } as ScorecardBin,
            stats: bin,
          })),
          { bin: { other: true, points: 0 } as ScorecardBin, stats: binning.other },
          { bin: { missing: true, points: 0 } as ScorecardBin, stats: binning.missing },
        ];
  return {
    bins: rows.map((row) => row.bin),
    woe: rows.map((row) => row.stats.woe),
    report: rows.map(({ bin, stats }) => ({
      bin: binLabel(bin),
      count: stats.count,
      share: stats.share,
      goods: stats.goods,
      bads: stats.bads,
      badRate: stats.badRate,
      woe: stats.woe,
      iv: stats.iv,
    })),
  };
}

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < n; i += 1) {
    meanA += a[i];
    meanB += b[i];
  }
  meanA /= n;
  meanB /= n;
  let covariance = 0;
  let varianceA = 0;
  let varianceB = 0;
  for (let i = 0; i < n; i += 1) {
    const da = a[i] - meanA;
    const db = b[i] - meanB;
    covariance += da * db;
    varianceA += da * da;
    varianceB += db * db;
  }
  return varianceA === 0 || varianceB === 0 ? 0 : covariance / Math.sqrt(varianceA * varianceB);
}

interface Candidate {
  spec: CandidateCharacteristic;
  kind: CharacteristicKind;
  bins: ScorecardBin[];
  woe: number[];
  /** WoE of each training case. */
  column: Float64Array;
  report: CharacteristicReport;
}

function roundTo(value: number, decimals: number): number {
  const rounded = Number(value.toFixed(decimals));
  return rounded === 0 ? 0 : rounded;
}

/** Outcomes as 0/1, checking each case's shape. */
function outcomesOf(cases: readonly FitCase[]): Uint8Array {
  if (!Array.isArray(cases)) {
    throw new PolicyError('INVALID_ARGUMENT', 'cases must be an array of { facts, bad }', { path: 'cases' });
  }
  return Uint8Array.from(cases, (item, index) => {
    const facts = typeof item === 'object' && item !== null ? item.facts : undefined;
    if (typeof facts !== 'object' || facts === null || typeof item.bad !== 'boolean') {
      throw new PolicyError('INVALID_ARGUMENT', `cases[${index}] must be { facts, bad: boolean }`, {
        path: `cases[${index}]`,
      });
    }
    return item.bad ? 1 : 0;
  });
}

function binCandidate(
  spec: CandidateCharacteristic,
  kind: CharacteristicKind,
  trainCases: readonly FitCase[],
  trainBad: Uint8Array,
  resolved: Resolved,
): Candidate {
  const read = valueReader(spec);
  const raw = trainCases.map((item) => read(item.facts));
  const options: BinningOptions = {
    minBinShare: resolved.minBinShare,
    maxBins: resolved.maxBins,
    prebins: resolved.prebins,
    smoothing: resolved.smoothing,
    monotonic: spec.monotonic ?? resolved.monotonic,
  };
  const binning =
    kind === 'numeric'
      ? binNumeric(
          Float64Array.from(raw, (value) =>
            typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN,
          ),
          trainBad,
          options,
        )
      : binCategorical(
          raw.map((value) => (typeof value === 'string' || typeof value === 'boolean' ? value : null)),
          trainBad,
          options,
        );
  const { bins, woe, report: binsReport } = specBins(binning);
  const lookup = binLookup(bins, kind);
  const report: CharacteristicReport = {
    name: spec.name,
    reasonCode: spec.reasonCode,
    kind,
    iv: binning.iv,
    // a single bin carries no information (and would make the regression singular)
    status: binning.iv > 0 && binning.iv >= resolved.minInformationValue ? 'selected' : 'low-iv',
    ...(binning.kind === 'numeric' ? { trend: binning.trend } : {}),
    bins: binsReport,
  };
  return { spec, kind, bins, woe, column: Float64Array.from(raw, (value) => woe[lookup(value)]), report };
}

/** Strongest first: of a correlated pair the more informative member stays. */
function dropCorrelated(candidates: readonly Candidate[], maxCorrelation: number): Candidate[] {
  const kept: Candidate[] = [];
  const byIv = candidates.filter((candidate) => candidate.report.status === 'selected');
  for (const candidate of byIv.sort((a, b) => b.report.iv - a.report.iv)) {
    let closest: { name: string; correlation: number } | undefined;
    for (const other of kept) {
      const r = correlation(candidate.column, other.column);
      if (
        Math.abs(r) > maxCorrelation &&
        (closest === undefined || Math.abs(r) > Math.abs(closest.correlation))
      ) {
        closest = { name: other.spec.name, correlation: r };
      }
    }
    if (closest === undefined) kept.push(candidate);
    else {
      candidate.report.status = 'correlated';
      candidate.report.correlatedWith = closest;
    }
  }
  return kept;
}

/** Fits, then drops a wrong-signed (weakest IV first) or else the least significant candidate, until none is. */
function fitKept(kept: Candidate[], trainBad: Uint8Array, resolved: Resolved): LogisticFit {
  for (;;) {
    if (kept.length === 0) {
      throw new PolicyError(
        'FIT_NO_CHARACTERISTICS',
        'no candidate characteristic is predictive enough to fit a scorecard',
        {
          path: '$.characteristics',
        },
      );
    }
    const model = fitLogistic(
      kept.map((candidate) => candidate.column),
      trainBad,
      { l2: resolved.l2 },
    );
    kept.forEach((candidate, index) => {
      const coefficient = model.coefficients[index];
      const standardError = model.standardErrors.coefficients[index];
      Object.assign(candidate.report, {
        coefficient,
        standardError,
        pValue: waldPValue(coefficient, standardError),
      });
    });
    const wrong = kept.filter((candidate) => candidate.report.coefficient! >= 0);
    const weakest =
      wrong.length > 0
        ? wrong.reduce((a, b) => (b.report.iv < a.report.iv ? b : a))
        : kept.reduce((a, b) => (b.report.pValue! > a.report.pValue! ? b : a));
    if (wrong.length === 0 && weakest.report.pValue! <= resolved.maxPValue) return model;
    weakest.report.status = wrong.length > 0 ? 'wrong-sign' : 'not-significant';
    kept.splice(kept.indexOf(weakest), 1);
  }
}

/** points = -(woe * beta + alpha / n) * factor + offset / n, in the candidates' order. */
function scaleToPoints(
  candidates: readonly Candidate[],
  kept: readonly Candidate[],
  model: LogisticFit,
  resolved: Resolved,
): ScorecardCharacteristic[] {
  const { factor, offset } = scalingConstants(resolved.scaling);
  const n = kept.length;
  return candidates
    .filter((candidate) => kept.includes(candidate))
    .map((candidate) => {
      const beta = model.coefficients[kept.indexOf(candidate)];
      const points = candidate.woe.map((woe) =>
        roundTo(-(woe * beta + model.intercept / n) * factor + offset / n, resolved.pointsDecimals),
      );
      candidate.report.bins.forEach((bin, at) => {
        bin.points = points[at];
      });
      const { name, description, fact, expression, reasonCode } = candidate.spec;
      return {
        name,
        ...(description === undefined ? {} : { description }),
        ...(fact === undefined ? { expression } : { fact }),
        reasonCode,
        bins: candidate.bins.map((bin, at) => ({ ...bin, points: points[at] })),
      };
    });
}

/**
 * Score bands at the training scores' quantiles; per band the training count and, held out, the count,
 * defaults, observed and expected default rates and the cumulative capture from the lowest band up.
 */
function calibrate(
  scores: Float64Array,
  bad: Uint8Array,
  split: { train: Uint32Array; test: Uint32Array },
  resolved: Resolved,
): { calibration: CalibrationBand[]; psi: number | null } {
  const trainScores = Float64Array.from(split.train, (index) => scores[index]).sort();
  const edges: number[] = [];
  for (let band = 1; band < resolved.scoreBands; band += 1) {
    const edge = trainScores[Math.floor((band * trainScores.length) / resolved.scoreBands)];
    if (edge > trainScores[0] && edges[edges.length - 1] !== edge) edges.push(edge);
  }
  const ranges = [...edges, null].map((max, band) => rangeBin(band === 0 ? null : edges[band - 1], max));
  const bandOf = binLookup(ranges, 'numeric');
  const rows = ranges.map(() => ({ trainCount: 0, count: 0, bads: 0, expected: 0 }));
  for (const score of trainScores) rows[bandOf(score)].trainCount += 1;
  let testBads = 0;
  for (const index of split.test) {
    const row = rows[bandOf(scores[index])];
    row.count += 1;
    row.bads += bad[index];
    row.expected += badProbabilityOf(scores[index], resolved.scaling);
    testBads += bad[index];
  }
  let caught = 0;
  const calibration = rows.map((row, band): CalibrationBand => {
    caught += row.bads;
    return {
      band: binLabel(ranges[band]),
      minScore: ranges[band].min ?? null,
      maxScore: ranges[band].max ?? null,
      trainCount: row.trainCount,
      count: row.count,
      bads: row.bads,
      observedBadRate: row.count === 0 ? null : row.bads / row.count,
      expectedBadRate: row.count === 0 ? null : row.expected / row.count,
      cumulativeCapture: testBads === 0 ? null : caught / testBads,
    };
  });
  const byBand = (key: 'trainCount' | 'count') =>
    Object.fromEntries(calibration.map((band) => [band.band, band[key]]));
  return { calibration, psi: populationStabilityIndex(byBand('trainCount'), byBand('count')) };
}

export function fitScorecard(cases: readonly FitCase[], options: ScorecardFitOptions): ScorecardFit {
  const { resolved, kinds } = resolveOptions(options);
  const bad = outcomesOf(cases);
  const split = stratifiedSplit(bad, resolved.testShare, resolved.seed);
  const counts = (indices: Uint32Array) => ({
    count: indices.length,
    bads: indices.reduce((sum, index) => sum + bad[index], 0),
  });
  const sides = { train: counts(split.train), test: counts(split.test) };
  for (const [side, figures] of Object.entries(sides)) {
    if (figures.bads === 0 || figures.bads === figures.count) {
      throw new PolicyError('INSUFFICIENT_DATA', `the ${side} cases need both defaults and non-defaults`, {
        path: 'cases',
      });
    }
  }

  const trainCases = pick(cases, split.train);
  const trainBad = Uint8Array.from(split.train, (index) => bad[index]);
  const candidates = resolved.characteristics.map((spec, index) =>
    binCandidate(spec, kinds[index], trainCases, trainBad, resolved),
  );
  const kept = dropCorrelated(candidates, resolved.maxCorrelation);
  const model = fitKept(kept, trainBad, resolved);
  const scorecard: ScorecardSpec = {
    name: resolved.name,
    ...(resolved.description === undefined ? {} : { description: resolved.description }),
    scaling: { ...resolved.scaling },
    characteristics: scaleToPoints(candidates, kept, model, resolved),
  };

  // validated on the card itself: compiled, with its rounded points
  const card = compileScorecard(scorecard, { factType: resolved.factType });
  const scores = Float64Array.from(cases, (item) => card.score(item.facts));
  const risk = (indices: Uint32Array) => Float64Array.from(indices, (index) => -scores[index]);
  const outcomes = (indices: Uint32Array) => Uint8Array.from(indices, (index) => bad[index]);
  const testRisk = risk(split.test);
  const testBad = outcomes(split.test);
  return {
    scorecard,
    report: {
      split: { seed: resolved.seed, testShare: resolved.testShare, ...sides },
      characteristics: candidates.map((candidate) => candidate.report),
      model: {
        intercept: model.intercept,
        iterations: model.iterations,
        deviance: model.deviance,
        l2: resolved.l2,
      },
      scaling: { ...resolved.scaling, ...scalingConstants(resolved.scaling) },
      train: discrimination(risk(split.train), outcomes(split.train)),
      test: discrimination(testRisk, testBad),
      roc: rocCurve(testRisk, testBad),
      capture: resolved.flagShares.map((flagShare) => ({
        flagShare,
        capture: defaultCapture(testRisk, testBad, flagShare),
      })),
      ...calibrate(scores, bad, split, resolved),
    },
  };
}
