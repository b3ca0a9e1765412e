export type Severity = 'error' | 'warning';

/** One problem in a policy document: `path` is a JSON path such as `$.rules[2].conditions.all[0].fact`. */
export interface PolicyProblem {
  code: string;
  path: string;
  message: string;
  severity: Severity;
}

/**
 * Whose fault a PolicyError is, for callers that answer someone: INPUT (the facts, dates, arguments or data
 * given), POLICY (the document itself) or STATE (what is there to run, e.g. no ADMISSION policy).
 */
export type PolicyErrorCategory = 'INPUT' | 'POLICY' | 'STATE';

/** Codes of document faults: the validator's verdict and the bounds a document may not cross. */
const POLICY_CODES = new Set([
  'POLICY_INVALID',
  'SCORECARD_INVALID',
  'UNSUPPORTED_RULE',
  'TOO_MANY_RULES',
  'TOO_MANY_SCORECARDS',
  'TOO_MANY_CONDITIONS',
  'CONDITION_TOO_DEEP',
  'EXPRESSIONS_TOO_LARGE',
]);
const STATE_CODES = new Set(['MISSING_POLICY']);

/** Every other code is a fault of the input: facts, asOf, arguments, mappings, data to fit. */
export function policyErrorCategory(code: string): PolicyErrorCategory {
  if (POLICY_CODES.has(code)) return 'POLICY';
  if (STATE_CODES.has(code)) return 'STATE';
  return 'INPUT';
}

/** The one error type rules/ throws: callers switch on `code` (or its category), never on the message. */
export class PolicyError extends Error {
  readonly code: string;
  readonly path?: string;
  readonly problems?: PolicyProblem[];

  constructor(code: string, message: string, options: { path?: string; problems?: PolicyProblem[] } = {}) {
    super(message);
    this.name = 'PolicyError';
    this.code = code;
    if (options.path !== undefined) this.path = options.path;
    if (options.problems !== undefined) this.problems = options.problems;
  }
}

export function jsonPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}
