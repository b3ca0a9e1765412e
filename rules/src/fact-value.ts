/**
 * One check of one fact value against the catalog: its type, then its domain. The evaluator, the case
 * mapper and the API (on request facts) all ask this, so a value is valid or not in the same words
 * everywhere.
 */
import { checkJsonBounds, FACTS_JSON_BOUNDS, type JsonBoundsCode } from './bounds.js';
import { jsonPath } from './errors.js';
import { catalogFact, type FactDomain, hasFactType } from './fact-catalog.js';

export type FactValueCode = 'UNKNOWN_FACT' | 'INVALID_FACT' | 'FACT_OUT_OF_DOMAIN';

export interface FactValueProblem {
  code: FactValueCode;
  fact: string;
  /** Names the fact and the bound: "monthlyDebtService must be at least 0, got -5000". */
  message: string;
  /** The bound the value broke, for FACT_OUT_OF_DOMAIN: `{ minimum: 0 }`, `{ maxLength: 64 }`... */
  bound?: FactDomain;
}

/** How much of a value a message shows: enough to recognise it, never a whole megabyte cell. */
const SHOWN_LENGTH = 40;

/** `text` cut to what a message may echo. */
export function clip(text: string): string {
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}... (${text.length} characters)` : text;
}

/** A value as a message shows it: strings quoted and clipped, other values by their type. */
export function shownValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(clip(value));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === null ? 'null' : typeof value;
}

const patterns = new Map<string, RegExp>();

function compiledPattern(source: string): RegExp {
  let pattern = patterns.get(source);
  if (pattern === undefined) {
    pattern = new RegExp(source);
    patterns.set(source, pattern);
  }
  return pattern;
}

/** The first bound of `domain` that `value` (already of the fact's type) breaks, with its wording. */
function brokenBound(value: unknown, domain: FactDomain): { bound: FactDomain; rule: string } | null {
  if (typeof value === 'number') {
    if (domain.minimum !== undefined && value < domain.minimum) {
      return { bound: { minimum: domain.minimum }, rule: `at least ${domain.minimum}` };
    }
    if (domain.exclusiveMinimum !== undefined && value <= domain.exclusiveMinimum) {
      return {
        bound: { exclusiveMinimum: domain.exclusiveMinimum },
        rule: `greater than ${domain.exclusiveMinimum}`,
      };
    }
    if (domain.maximum !== undefined && value > domain.maximum) {
      return { bound: { maximum: domain.maximum }, rule: `at most ${domain.maximum}` };
    }
  }
  if (typeof value === 'string') {
    if (domain.maxLength !== undefined && value.length > domain.maxLength) {
      return { bound: { maxLength: domain.maxLength }, rule: `at most ${domain.maxLength} characters` };
    }
    if (domain.pattern !== undefined && !compiledPattern(domain.pattern).test(value)) {
      return { bound: { pattern: domain.pattern }, rule: `match ${domain.pattern}` };
    }
  }
  if (domain.enum !== undefined && !domain.enum.includes(value as string | number | boolean)) {
    return { bound: { enum: domain.enum }, rule: `one of ${domain.enum.join(', ')}` };
  }
  return null;
}

/**
 * Null when `value` is a valid value of the catalog fact `name`, else the problem. Numbers must be
 * numbers here (the evaluator reads decimal strings into numbers before it asks).
 */
export function checkFactValue(name: string, value: unknown): FactValueProblem | null {
  const definition = catalogFact(name);
  if (!definition) {
    return { code: 'UNKNOWN_FACT', fact: name, message: `${shownValue(name)} is not a catalog fact` };
  }
  if (!hasFactType(value, definition.type)) {
    const kind = definition.type === 'integer' ? 'whole number' : `finite ${definition.type}`;
    return {
      code: 'INVALID_FACT',
      fact: name,
      message: `${name} must be a ${kind}, got ${shownValue(value)}`,
    };
  }
  const broken = brokenBound(value, definition.domain);
  if (broken === null) return null;
  return {
    code: 'FACT_OUT_OF_DOMAIN',
    fact: name,
    message: `${name} must be ${broken.rule}, got ${shownValue(value)}`,
    bound: broken.bound,
  };
}

const checkers = new Map<string, (value: unknown) => FactValueProblem | null>();

/**
 * checkFactValue for one fact, with the catalog read once: a number within the fact's range (the common
 * case) is passed without a lookup or a branch on its definition; anything else gets the full check.
 */
export function factValueChecker(name: string): (value: unknown) => FactValueProblem | null {
  let checker = checkers.get(name);
  if (checker === undefined) {
    const definition = catalogFact(name);
    const {
      minimum = -Infinity,
      exclusiveMinimum = -Infinity,
      maximum = Infinity,
    } = definition?.domain ?? {};
    const plainNumber =
      definition !== undefined &&
      definition.domain.enum === undefined &&
      (definition.type === 'number' || definition.type === 'integer');
    const integer = definition?.type === 'integer';
    checker = plainNumber
      ? (value) =>
          typeof value === 'number' &&
          (integer ? Number.isInteger(value) : Number.isFinite(value)) &&
          value >= minimum &&
          value > exclusiveMinimum &&
          value <= maximum
            ? null
            : checkFactValue(name, value)
      : (value) => checkFactValue(name, value);
    checkers.set(name, checker);
  }
  return checker;
}

/** A problem with request facts as a whole: a bound of the object, or the first bad fact in it. */
export interface FactsProblem {
  code: FactValueCode | JsonBoundsCode | 'INVALID_FACTS';
  /** JSON path from `root`: `$.monthlyDebtService`, `input.facts.region`. */
  path: string;
  message: string;
  fact?: string;
  bound?: FactDomain;
  /** The JSON bound crossed, for JSON_* codes. */
  limit?: number;
}

/**
 * Request facts checked before anything reads them: an object within FACTS_JSON_BOUNDS whose every
 * member is a catalog fact with a valid value (null means absent). Null when they are fine, else the
 * first problem. Which facts a caller may supply (not derived ones, say) is the caller's rule.
 */
export function checkFacts(facts: unknown, root = '$'): FactsProblem | null {
  if (typeof facts !== 'object' || facts === null || Array.isArray(facts)) {
    return { code: 'INVALID_FACTS', path: root, message: 'facts must be an object of fact name -> value' };
  }
  const bound = checkJsonBounds(facts, FACTS_JSON_BOUNDS, root);
  if (bound) {
    const found: FactsProblem = {
      code: bound.code as JsonBoundsCode,
      path: bound.path,
      message: bound.message,
    };
    if (bound.limit !== undefined) found.limit = bound.limit;
    return found;
  }
  for (const [name, value] of Object.entries(facts)) {
    if (value === null) continue;
    const problem = checkFactValue(name, value);
    if (problem) return { ...problem, path: jsonPath(root, name) };
  }
  return null;
}
