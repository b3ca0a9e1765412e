/**
 * Points-based scorecards: the spec (JSON, validated with paths and codes like a policy document), and its
 * compiled evaluator. Every point can be explained: the result lists the bin and points of each characteristic,
 * and the reason codes of the characteristics that cost the most points against their best bin, the order an
 * adverse-action notice gives them in.
 *
 * Bins: numeric ranges are half-open [min, max) with open ends (no min: from -infinity; no max: to
 * +infinity) and must cover the whole line, without gaps or overlaps; values are compared at 12 significant
 * digits; categories list their values; a
 * `missing` bin takes an absent value (or one of the wrong type, or an expression that cannot be computed);
 * an `other` bin takes categories no bin lists, and missing values when there is no missing bin.
 *
 * Scaling: points are on an odds scale, score = offset + factor * ln(good:bad odds), with
 * factor = pdo / ln 2 (`pdo` points double the odds) and offset = baseScore - factor * ln(baseOdds) (the
 * odds are `baseOdds` to 1 at `baseScore`). More points mean less risk.
 */
import { deepFreeze } from './deep-freeze.js';
import { jsonPath, PolicyError, type PolicyProblem } from './errors.js';
import { analyzeExpression, compileExpressionOf } from './expression.js';
import { catalogFact, type FactType } from './fact-catalog.js';

export type Category = string | boolean;

export interface ScorecardScaling {
  /** Points to double the good:bad odds. */
  pdo: number;
  /** The score at which the good:bad odds are baseOdds to 1. */
  baseScore: number;
  baseOdds: number;
}

/** [min, max): an absent end is open. */
export interface RangeBin {
  min?: number;
  max?: number;
  points: number;
}

export interface ValuesBin {
  values: Category[];
  points: number;
}

export interface MissingBin {
  missing: true;
  points: number;
}

export interface OtherBin {
  other: true;
  points: number;
}

export type ScorecardBin = RangeBin | ValuesBin | MissingBin | OtherBin;

export interface ScorecardCharacteristic {
  name: string;
  description?: string;
  /** A fact to read, or */
  fact?: string;
  /** an expression over facts (numeric). */
  expression?: string;
  /** Reported when this characteristic costs points. */
  reasonCode: string;
  bins: ScorecardBin[];
}

export interface ScorecardSpec {
  name: string;
  description?: string;
  /** Added to the sum of the characteristics' points; 0 when absent. */
  basePoints?: number;
  scaling: ScorecardScaling;
  characteristics: ScorecardCharacteristic[];
}

/**
 * Bounds on a spec: it is user input, and every input is bounded before it is compiled. A million points
 * is far beyond any card (points per characteristic are tens) and keeps every score finite.
 */
export const SCORECARD_LIMITS = Object.freeze({
  characteristics: 64,
  bins: 64,
  values: 256,
  points: 1_000_000,
});

export type CharacteristicKind = 'numeric' | 'categorical';

/** Resolves a name a scorecard reads to its type; undefined when the name is unknown. */
export type FactTypeResolver = (name: string) => FactType | undefined;

/** How names a scorecard reads are resolved: standalone, catalog facts that arrive as input. */
export interface ScorecardValidationOptions {
  /** What a characteristic's `fact` may name. */
  factType?: FactTypeResolver;
  /** What its expressions may read; `factType` when absent (a policy adds its parameters). */
  expressionType?: FactTypeResolver;
  /** Why a name is unknown, when the caller can say better than "unknown fact" (a policy can). */
  unknownFact?: (name: string) => { code: string; message: string };
}

/**
 * Standalone, a scorecard reads catalog facts that arrive as input. Inside a policy, the policy's validator
 * passes its own resolver, which adds the document's derived facts.
 */
export const catalogInputType: FactTypeResolver = (name) => {
  const fact = catalogFact(name);
  return fact === undefined || fact.source === 'derived' ? undefined : fact.type;
};

const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const REASON_CODE = /^[A-Z][A-Z0-9_]*$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Points (and basePoints): finite and within SCORECARD_LIMITS.points either side of zero. */
function checkPoints(problems: Problems, value: unknown, path: string, what: string): void {
  if (!isFiniteNumber(value)) problems.error('INVALID_VALUE', path, `${what} must be a finite number`);
  else if (Math.abs(value) > SCORECARD_LIMITS.points) {
    problems.error(
      'VALUE_OUT_OF_RANGE',
      path,
      `${what} must be from -${SCORECARD_LIMITS.points} to ${SCORECARD_LIMITS.points}, got ${value}`,
    );
  }
}

class Problems {
  readonly list: PolicyProblem[] = [];

  error(code: string, path: string, message: string): void {
    this.list.push({ code, path, message, severity: 'error' });
  }

  unsupported(value: Json, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key))
        this.error('UNSUPPORTED_FIELD', jsonPath(path, key), `unsupported field ${key}`);
    }
  }

  requiredString(value: unknown, path: string, what: string): value is string {
    if (typeof value === 'string' && value.trim() !== '') return true;
    this.error(
      value === undefined ? 'MISSING_FIELD' : 'INVALID_TYPE',
      path,
      `${what} must be a non-empty string`,
    );
    return false;
  }
}

/**
 * What a characteristic reads (its fact or expression) and its reason code: the part a spec and a fit's
 * candidate list share. Returns the kind of bins it takes, undefined when its source is invalid.
 */
function checkSource(
  problems: Problems,
  characteristic: Json,
  path: string,
  options: ScorecardValidationOptions,
): { kind: CharacteristicKind; type: FactType } | undefined {
  const factType = options.factType ?? catalogInputType;
  const expressionType = options.expressionType ?? factType;
  const unknown = (name: string, at: string) => {
    const why = options.unknownFact?.(name) ?? { code: 'UNKNOWN_FACT', message: `unknown fact '${name}'` };
    problems.error(why.code, at, why.message);
  };
  if (
    problems.requiredString(characteristic.name, jsonPath(path, 'name'), 'name') &&
    !NAME.test(characteristic.name)
  ) {
    problems.error('INVALID_NAME', jsonPath(path, 'name'), `'${characteristic.name}' is not an identifier`);
  }
  if (characteristic.description !== undefined && typeof characteristic.description !== 'string') {
    problems.error('INVALID_TYPE', jsonPath(path, 'description'), 'description must be a string');
  }
  const { reasonCode } = characteristic;
  if (reasonCode === undefined || reasonCode === '') {
    problems.error('MISSING_REASON_CODE', jsonPath(path, 'reasonCode'), 'a reason code is required');
  } else if (typeof reasonCode !== 'string' || !REASON_CODE.test(reasonCode)) {
    problems.error(
      'INVALID_REASON_CODE',
      jsonPath(path, 'reasonCode'),
      'a reason code is UPPER_SNAKE_CASE, e.g. HIGH_UTILIZATION',
    );
  }
  const hasFact = characteristic.fact !== undefined;
  const hasExpression = characteristic.expression !== undefined;
  if (hasFact === hasExpression) {
    problems.error(
      hasFact ? 'INVALID_VALUE' : 'MISSING_FIELD',
      path,
      'a characteristic reads either a fact or an expression',
    );
    return undefined;
  }
  if (hasFact) {
    const factPath = jsonPath(path, 'fact');
    if (!problems.requiredString(characteristic.fact, factPath, 'fact')) return undefined;
    const type = factType(characteristic.fact);
    if (type === undefined) {
      unknown(characteristic.fact, factPath);
      return undefined;
    }
    return { kind: type === 'string' || type === 'boolean' ? 'categorical' : 'numeric', type };
  }
  const expressionPath = jsonPath(path, 'expression');
  if (!problems.requiredString(characteristic.expression, expressionPath, 'expression')) return undefined;
  const analysis = analyzeExpression(characteristic.expression);
  for (const problem of analysis.problems) {
    const at =
      problem.column === undefined || problem.message.includes('column') ? '' : ` (column ${problem.column})`;
    problems.error(problem.code, expressionPath, `${problem.message}${at}`);
  }
  for (const name of analysis.identifiers) {
    if (expressionType(name) === undefined) unknown(name, expressionPath);
  }
  return analysis.problems.length === 0 ? { kind: 'numeric', type: 'number' } : undefined;
}

/** Problems of a characteristic's source alone (no bins): how a fit checks its candidate list. */
export function characteristicSourceProblems(
  characteristic: unknown,
  path: string,
  factType: FactTypeResolver = catalogInputType,
): { problems: PolicyProblem[]; kind?: CharacteristicKind } {
  const problems = new Problems();
  if (!isObject(characteristic)) {
    problems.error('INVALID_TYPE', path, 'a characteristic must be an object');
    return { problems: problems.list };
  }
  const source = checkSource(problems, characteristic, path, { factType });
  return source === undefined ? { problems: problems.list } : { problems: problems.list, kind: source.kind };
}

type BinShape = 'range' | 'values' | 'missing' | 'other';

function binShape(problems: Problems, bin: Json, path: string): BinShape | undefined {
  const shapes: BinShape[] = [];
  if ('min' in bin || 'max' in bin) shapes.push('range');
  if ('values' in bin) shapes.push('values');
  if ('missing' in bin) shapes.push('missing');
  if ('other' in bin) shapes.push('other');
  if (shapes.length > 1) {
    problems.error(
      'INVALID_VALUE',
      path,
      `a bin is one of a range (min/max), values, missing or other, not ${shapes.join(' and ')}`,
    );
    return undefined;
  }
  return shapes[0] ?? 'range';
}

function checkBins(
  problems: Problems,
  bins: unknown,
  path: string,
  source: { kind: CharacteristicKind; type: FactType },
): void {
  if (!Array.isArray(bins) || bins.length === 0) {
    problems.error(
      bins === undefined ? 'MISSING_FIELD' : 'INVALID_TYPE',
      path,
      'bins must be a non-empty array',
    );
    return;
  }
  if (bins.length > SCORECARD_LIMITS.bins) {
    problems.error('TOO_LARGE', path, `at most ${SCORECARD_LIMITS.bins} bins`);
    return;
  }
  const ranges: { min: number; max: number; path: string }[] = [];
  const seenValues = new Set<Category>();
  const special = { missing: [] as string[], other: [] as string[] };
  bins.forEach((bin, index) => {
    const binPath = jsonPath(path, index);
    if (!isObject(bin)) {
      problems.error('INVALID_TYPE', binPath, 'a bin must be an object');
      return;
    }
    if (bin.points === undefined)
      problems.error('MISSING_FIELD', jsonPath(binPath, 'points'), 'every bin needs points');
    else checkPoints(problems, bin.points, jsonPath(binPath, 'points'), 'points');
    const shape = binShape(problems, bin, binPath);
    if (shape === undefined) return;
    const wanted = source.kind === 'numeric' ? ['range', 'missing'] : ['values', 'missing', 'other'];
    if (!wanted.includes(shape)) {
      problems.error(
        'SCORECARD_BIN_KIND',
        binPath,
        source.kind === 'numeric'
          ? 'a numeric characteristic takes ranges (min/max) and a missing bin'
          : 'a categorical characteristic takes values, missing and other bins, not ranges',
      );
      return;
    }
    switch (shape) {
      case 'missing':
      case 'other':
        problems.unsupported(bin, [shape, 'points'], binPath);
        if (bin[shape] !== true)
          problems.error('INVALID_VALUE', jsonPath(binPath, shape), `${shape} must be true`);
        special[shape].push(binPath);
        return;
      case 'values': {
        problems.unsupported(bin, ['values', 'points'], binPath);
        const valuesPath = jsonPath(binPath, 'values');
        if (!Array.isArray(bin.values) || bin.values.length === 0) {
          problems.error('INVALID_TYPE', valuesPath, 'values must be a non-empty array');
          return;
        }
        if (bin.values.length > SCORECARD_LIMITS.values) {
          problems.error('TOO_LARGE', valuesPath, `at most ${SCORECARD_LIMITS.values} values in a bin`);
          return;
        }
        bin.values.forEach((value, at) => {
          if (typeof value !== source.type) {
            problems.error(
              'INVALID_TYPE',
              jsonPath(valuesPath, at),
              `values of this characteristic are ${source.type}s`,
            );
          } else if (seenValues.has(value as Category)) {
            problems.error(
              'SCORECARD_DUPLICATE_VALUE',
              jsonPath(valuesPath, at),
              `${JSON.stringify(value)} is in more than one bin`,
            );
          } else seenValues.add(value as Category);
        });
        return;
      }
      case 'range': {
        problems.unsupported(bin, ['min', 'max', 'points'], binPath);
        const ends = { min: -Infinity, max: Infinity };
        for (const end of ['min', 'max'] as const) {
          if (bin[end] === undefined) continue;
          if (isFiniteNumber(bin[end])) ends[end] = bin[end];
          else {
            problems.error('INVALID_VALUE', jsonPath(binPath, end), `${end} must be a finite number`);
            return;
          }
        }
        if (!(ends.min < ends.max)) {
          problems.error('INVALID_VALUE', binPath, 'min must be below max: a bin is [min, max)');
          return;
        }
        ranges.push({ ...ends, path: binPath });
      }
    }
  });
  for (const shape of ['missing', 'other'] as const) {
    for (const extra of special[shape].slice(1))
      problems.error('SCORECARD_DUPLICATE_BIN', extra, `only one ${shape} bin`);
  }
  if (source.kind === 'numeric') {
    checkCoverage(problems, ranges, path);
    if (special.missing.length === 0) {
      problems.error('SCORECARD_MISSING_BIN', path, 'add a { "missing": true } bin: a value can be missing');
    }
  } else {
    const allBooleans = source.type === 'boolean' && seenValues.has(true) && seenValues.has(false);
    if (special.other.length === 0 && !allBooleans) {
      problems.error(
        'SCORECARD_MISSING_BIN',
        path,
        'add an { "other": true } bin for categories no bin lists (and missing values without a missing bin)',
      );
    }
    if (special.other.length === 0 && special.missing.length === 0) {
      problems.error('SCORECARD_MISSING_BIN', path, 'add a { "missing": true } bin: a value can be missing');
    }
  }
}

/** Ranges must tile the line: the lowest open below, the highest open above, each starting where one ends. */
function checkCoverage(
  problems: Problems,
  ranges: { min: number; max: number; path: string }[],
  path: string,
): void {
  if (ranges.length === 0) {
    problems.error(
      'SCORECARD_OPEN_END',
      path,
      'a numeric characteristic needs range bins covering every value',
    );
    return;
  }
  const sorted = [...ranges].sort((a, b) => a.min - b.min || a.max - b.max);
  if (sorted[0].min !== -Infinity) {
    problems.error(
      'SCORECARD_OPEN_END',
      sorted[0].path,
      `values below ${sorted[0].min} fall in no bin: leave out min`,
    );
  }
  const last = sorted[sorted.length - 1];
  if (last.max !== Infinity) {
    problems.error(
      'SCORECARD_OPEN_END',
      last.path,
      `values from ${last.max} up fall in no bin: leave out max`,
    );
  }
  for (let i = 1; i < sorted.length; i += 1) {
    const before = sorted[i - 1];
    const bin = sorted[i];
    if (bin.min > before.max) {
      problems.error('SCORECARD_BIN_GAP', bin.path, `values in [${before.max}, ${bin.min}) fall in no bin`);
    } else if (bin.min < before.max) {
      problems.error(
        'SCORECARD_BIN_OVERLAP',
        bin.path,
        `this bin overlaps ${before.path} below ${before.max}`,
      );
    }
  }
}

/** Problems of a scaling alone: how a fit checks the scaling it is asked for. */
export function scalingProblems(scaling: unknown, path: string): PolicyProblem[] {
  const problems = new Problems();
  checkScaling(problems, scaling, path);
  return problems.list;
}

function checkScaling(problems: Problems, scaling: unknown, path: string): void {
  if (!isObject(scaling)) {
    problems.error(
      scaling === undefined ? 'MISSING_FIELD' : 'INVALID_TYPE',
      path,
      'scaling must be { pdo, baseScore, baseOdds }',
    );
    return;
  }
  problems.unsupported(scaling, ['pdo', 'baseScore', 'baseOdds'], path);
  for (const key of ['pdo', 'baseOdds'] as const) {
    if (!(isFiniteNumber(scaling[key]) && scaling[key] > 0)) {
      problems.error(
        scaling[key] === undefined ? 'MISSING_FIELD' : 'INVALID_VALUE',
        jsonPath(path, key),
        `${key} must be a number above 0`,
      );
    }
  }
  if (!isFiniteNumber(scaling.baseScore)) {
    problems.error(
      scaling.baseScore === undefined ? 'MISSING_FIELD' : 'INVALID_VALUE',
      jsonPath(path, 'baseScore'),
      'baseScore must be a finite number',
    );
  }
}

/** Every problem of a scorecard spec at once, each with its path below `path`. */
export function validateScorecard(
  spec: unknown,
  path = '$',
  options: ScorecardValidationOptions = {},
): PolicyProblem[] {
  const problems = new Problems();
  if (!isObject(spec)) {
    problems.error('INVALID_TYPE', path, 'a scorecard must be an object');
    return problems.list;
  }
  problems.unsupported(spec, ['name', 'description', 'basePoints', 'scaling', 'characteristics'], path);
  problems.requiredString(spec.name, jsonPath(path, 'name'), 'name');
  if (spec.description !== undefined && typeof spec.description !== 'string') {
    problems.error('INVALID_TYPE', jsonPath(path, 'description'), 'description must be a string');
  }
  if (spec.basePoints !== undefined) {
    checkPoints(problems, spec.basePoints, jsonPath(path, 'basePoints'), 'basePoints');
  }
  checkScaling(problems, spec.scaling, jsonPath(path, 'scaling'));
  const listPath = jsonPath(path, 'characteristics');
  const { characteristics } = spec;
  if (!Array.isArray(characteristics) || characteristics.length === 0) {
    problems.error(
      characteristics === undefined ? 'MISSING_FIELD' : 'INVALID_TYPE',
      listPath,
      'characteristics must be a non-empty array',
    );
    return problems.list;
  }
  if (characteristics.length > SCORECARD_LIMITS.characteristics) {
    problems.error('TOO_LARGE', listPath, `at most ${SCORECARD_LIMITS.characteristics} characteristics`);
    return problems.list;
  }
  const names = new Set<unknown>();
  characteristics.forEach((characteristic, index) => {
    const itemPath = jsonPath(listPath, index);
    if (!isObject(characteristic)) {
      problems.error('INVALID_TYPE', itemPath, 'a characteristic must be an object');
      return;
    }
    problems.unsupported(
      characteristic,
      ['name', 'description', 'fact', 'expression', 'reasonCode', 'bins'],
      itemPath,
    );
    if (names.has(characteristic.name)) {
      problems.error(
        'DUPLICATE_CHARACTERISTIC',
        jsonPath(itemPath, 'name'),
        `characteristic ${String(characteristic.name)} is defined twice`,
      );
    }
    names.add(characteristic.name);
    const source = checkSource(problems, characteristic, itemPath, options);
    if (source !== undefined) checkBins(problems, characteristic.bins, jsonPath(itemPath, 'bins'), source);
  });
  return problems.list;
}

/** The constants of score = offset + factor * ln(good:bad odds). */
export function scalingConstants(scaling: ScorecardScaling): { factor: number; offset: number } {
  const factor = scaling.pdo / Math.LN2;
  return { factor, offset: scaling.baseScore - factor * Math.log(scaling.baseOdds) };
}

/** The probability of default a score stands for on its scale. */
export function badProbabilityOf(score: number, scaling: ScorecardScaling): number {
  const { factor, offset } = scalingConstants(scaling);
  return 1 / (1 + Math.exp((score - offset) / factor));
}

export interface CharacteristicPoints {
  characteristic: string;
  reasonCode: string;
  /** The value scored; null when missing. */
  value: number | string | boolean | null;
  /** The bin's label: "[0.35, 0.8)", "< 0.35", ">= 0.8", "app, web", "missing", "other". */
  bin: string;
  points: number;
  /** The characteristic's best bin's points minus these. */
  pointsBelowBest: number;
}

export interface ScorecardReason {
  code: string;
  characteristic: string;
  pointsBelowBest: number;
}

export interface ScorecardResult {
  score: number;
  /** The probability of default the score stands for on the card's scale. */
  badProbability: number;
  /** Characteristics whose value was missing (absent, of the wrong type, or an expression that failed). */
  missingCount: number;
  points: CharacteristicPoints[];
  /** Characteristics below their best bin, the largest loss first (ties in card order), a code once. */
  reasons: ScorecardReason[];
}

export interface CompiledScorecard {
  readonly spec: ScorecardSpec;
  /** Names the card reads: its facts and its expressions' identifiers. */
  readonly inputs: readonly string[];
  evaluate(facts: Readonly<Record<string, unknown>>): ScorecardResult;
  /** The score alone, allocating nothing beyond expression scopes: for backtests and fits. */
  score(facts: Readonly<Record<string, unknown>>): number;
}

interface CompiledCharacteristic {
  name: string;
  reasonCode: string;
  kind: CharacteristicKind;
  read(facts: Readonly<Record<string, unknown>>): unknown;
  binOf(value: unknown): number;
  points: Float64Array;
  labels: string[];
  best: number;
}

/** How a bin reads in a trace or report: "[0.35, 0.8)", "< 0.35", ">= 0.8", "app, web", "missing", "other". */
export function binLabel(bin: ScorecardBin): string {
  if ('missing' in bin) return 'missing';
  if ('other' in bin) return 'other';
  if ('values' in bin) return bin.values.map(String).join(', ');
  if (bin.min === undefined && bin.max === undefined) return 'any value';
  if (bin.min === undefined) return `< ${bin.max}`;
  if (bin.max === undefined) return `>= ${bin.min}`;
  return `[${bin.min}, ${bin.max})`;
}

/**
 * A number as bins compare it: at 12 significant digits, so floating-point noise in a derived ratio
 * (0.1 + 0.2 = 0.30000000000000004) never carries a case across an edge a person wrote as 0.3.
 */
export function binComparable(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * The bin a value falls in, by index into `bins`: the one lookup a scorecard and its fit both use, so a fit
 * bins its training cases exactly as the card will score them.
 */
export function binLookup(
  bins: readonly ScorecardBin[],
  kind: CharacteristicKind,
): (value: unknown) => number {
  const missing = bins.findIndex((bin) => 'missing' in bin);
  const other = bins.findIndex((bin) => 'other' in bin);
  const missingBin = missing >= 0 ? missing : other;
  if (kind === 'numeric') {
    const ranges = bins
      .map((bin, index) => ({
        min: 'min' in bin && bin.min !== undefined ? bin.min : -Infinity,
        index,
        isRange: !('missing' in bin),
      }))
      .filter((range) => range.isRange)
      .sort((a, b) => a.min - b.min);
    // lowerEdges[k] is the min of the (k+1)-th range: a value's range is the number of edges at or below it
    const lowerEdges = Float64Array.from(ranges.slice(1), (range) => range.min);
    const rangeBins = Int32Array.from(ranges, (range) => range.index);
    return (value) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) return missingBin;
      const comparable = binComparable(value);
      let low = 0;
      let high = lowerEdges.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (lowerEdges[middle] <= comparable) low = middle + 1;
        else high = middle;
      }
      return rangeBins[low];
    };
  } else {
    const byValue = new Map<Category, number>();
    bins.forEach((bin, index) => {
      if ('values' in bin) for (const value of bin.values) byValue.set(value, index);
    });
    // a boolean card listing both values needs no other bin: a value of the wrong type is then missing
    const unlisted = other >= 0 ? other : missing;
    return (value) => {
      if (typeof value !== 'string' && typeof value !== 'boolean') return missingBin;
      return byValue.get(value) ?? unlisted;
    };
  }
}

/** Reads a characteristic's value from facts: its fact, or its expression (undefined when not computable). */
export function valueReader(
  characteristic: Pick<ScorecardCharacteristic, 'fact' | 'expression'>,
): (facts: Readonly<Record<string, unknown>>) => unknown {
  const { fact } = characteristic;
  if (fact !== undefined) return (facts) => (Object.hasOwn(facts, fact) ? facts[fact] : undefined);
  const expression = compileExpressionOf(characteristic.expression!, 'number');
  return (facts) => {
    const result = expression.evaluate(facts);
    return result.ok ? result.value : undefined;
  };
}

function compileCharacteristic(
  characteristic: ScorecardCharacteristic,
  kind: CharacteristicKind,
): CompiledCharacteristic {
  const { bins } = characteristic;
  const points = Float64Array.from(bins, (bin) => bin.points);
  const binOf = binLookup(bins, kind);
  return {
    name: characteristic.name,
    reasonCode: characteristic.reasonCode,
    kind,
    read: valueReader(characteristic),
    binOf,
    points,
    labels: bins.map(binLabel),
    best: Math.max(...points),
  };
}

/** A value no bin of its kind can place, so it is scored as missing: what binLookup sends to the missing bin. */
function isMissing(value: unknown, kind: CharacteristicKind): boolean {
  return kind === 'numeric'
    ? typeof value !== 'number' || !Number.isFinite(value)
    : typeof value !== 'string' && typeof value !== 'boolean';
}

function scoredValue(value: unknown, bin: ScorecardBin): number | string | boolean | null {
  if ('missing' in bin) return null;
  if ('other' in bin) return typeof value === 'string' || typeof value === 'boolean' ? value : null;
  return value as number | string | boolean;
}

/**
 * Validates (PolicyError SCORECARD_INVALID with every problem) and compiles: bin edges sorted, category
 * lookups built and each characteristic's best points found once, so evaluation is a lookup per
 * characteristic.
 */
export function compileScorecard(spec: unknown, options: ScorecardValidationOptions = {}): CompiledScorecard {
  const problems = validateScorecard(spec, '$', options);
  if (problems.length > 0) {
    throw new PolicyError(
      'SCORECARD_INVALID',
      `scorecard is invalid: ${problems[0].path}: ${problems[0].message}`,
      {
        path: problems[0].path,
        problems,
      },
    );
  }
  const copy = structuredClone(spec) as ScorecardSpec;
  const factType = options.factType ?? catalogInputType;
  const characteristics = copy.characteristics.map((characteristic) => {
    const type = characteristic.fact === undefined ? 'number' : factType(characteristic.fact);
    return compileCharacteristic(
      characteristic,
      type === 'string' || type === 'boolean' ? 'categorical' : 'numeric',
    );
  });
  const inputs = new Set<string>();
  for (const characteristic of copy.characteristics) {
    if (characteristic.fact !== undefined) inputs.add(characteristic.fact);
    else for (const name of analyzeExpression(characteristic.expression!).identifiers) inputs.add(name);
  }
  const basePoints = copy.basePoints ?? 0;
  const canonical = (value: number) => (value === 0 ? 0 : value);

  const score = (facts: Readonly<Record<string, unknown>>): number => {
    let total = basePoints;
    for (const characteristic of characteristics) {
      total += characteristic.points[characteristic.binOf(characteristic.read(facts))];
    }
    return canonical(total);
  };

  const evaluate = (facts: Readonly<Record<string, unknown>>): ScorecardResult => {
    let total = basePoints;
    let missingCount = 0;
    const points = characteristics.map((characteristic, index): CharacteristicPoints => {
      const value = characteristic.read(facts);
      if (isMissing(value, characteristic.kind)) missingCount += 1;
      const bin = characteristic.binOf(value);
      const earned = characteristic.points[bin];
      total += earned;
      return {
        characteristic: characteristic.name,
        reasonCode: characteristic.reasonCode,
        value: scoredValue(value, copy.characteristics[index].bins[bin]),
        bin: characteristic.labels[bin],
        points: earned,
        pointsBelowBest: canonical(characteristic.best - earned),
      };
    });
    const ranked = points
      .map((entry, index) => ({ entry, index }))
      .filter(({ entry }) => entry.pointsBelowBest > 0)
      .sort((a, b) => b.entry.pointsBelowBest - a.entry.pointsBelowBest || a.index - b.index);
    const reasons: ScorecardReason[] = [];
    const codes = new Set<string>();
    for (const { entry } of ranked) {
      if (codes.has(entry.reasonCode)) continue;
      codes.add(entry.reasonCode);
      reasons.push({
        code: entry.reasonCode,
        characteristic: entry.characteristic,
        pointsBelowBest: entry.pointsBelowBest,
      });
    }
    const finalScore = canonical(total);
    return {
      score: finalScore,
      badProbability: badProbabilityOf(finalScore, copy.scaling),
      missingCount,
      points,
      reasons,
    };
  };

  return Object.freeze({
    spec: deepFreeze(copy),
    inputs: Object.freeze([...inputs].sort()),
    evaluate,
    score,
  });
}
