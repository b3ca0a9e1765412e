/**
 * The policy document: plain JSON, versioned and hashed by the API, edited in the console.
 * Rules keep json-rules-engine's shape (conditions all/any/not, fact/operator/value, priority, event)
 * so that what a risk manager writes is exactly what the engine runs.
 */
import type { ComplianceSection } from './compliance.js';
import type { ExposureSection } from './exposure.js';
import type { ScorecardSpec } from './scorecard.js';

export type PolicyKind = 'ADMISSION' | 'LIMIT' | 'PRICING' | 'MONITORING' | 'EXPOSURE' | 'COMPLIANCE';

export const POLICY_KINDS: readonly PolicyKind[] = Object.freeze([
  'ADMISSION',
  'LIMIT',
  'PRICING',
  'MONITORING',
  'EXPOSURE',
  'COMPLIANCE',
]);

export type Outcome = 'APPROVE' | 'DECLINE' | 'REFER';

/** A condition value: a literal, another fact, or a named parameter of the same document. */
export type ConditionValue =
  | number
  | string
  | boolean
  | readonly (number | string)[]
  | { fact: string }
  | { param: string };

export interface FactCondition {
  fact: string;
  operator: ConditionOperator;
  value: ConditionValue;
}

export type Condition = FactCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export type TopLevelCondition = { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const NUMERIC_OPERATORS = [
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
] as const;
export const EQUALITY_OPERATORS = ['equal', 'notEqual'] as const;
export const MEMBERSHIP_OPERATORS = ['in', 'notIn'] as const;
export const CONDITION_OPERATORS = [
  ...NUMERIC_OPERATORS,
  ...EQUALITY_OPERATORS,
  ...MEMBERSHIP_OPERATORS,
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** Event types allowed per kind; the validator checks the params each one needs. */
export const EVENT_TYPES: Readonly<Record<PolicyKind, readonly string[]>> = Object.freeze({
  ADMISSION: ['decline', 'refer'],
  LIMIT: ['cap', 'multiply', 'set', 'refer'],
  PRICING: ['tier', 'adjust', 'refer'],
  MONITORING: ['alert', 'reduceLimit', 'notify'],
  // Budgets are the policy: an EXPOSURE document has no rules of its own.
  EXPOSURE: [],
  // Checks are the policy: a COMPLIANCE document has no rules either.
  COMPLIANCE: [],
});

/** A numeric range, inclusive unless `exclusiveMinimum`; `integer` when only whole numbers are allowed. */
export interface FieldRange {
  minimum?: number;
  exclusiveMinimum?: number;
  maximum: number;
  integer?: boolean;
}

/**
 * What the numbers of a document may be: data the validator enforces and the console can show. Wide
 * enough for any product, narrow enough that a typo (an APR ceiling of 1e12 bps, a factor of 1000)
 * is refused rather than decided with.
 */
export const DOCUMENT_RANGES = Object.freeze({
  /** Parameters feed expressions and thresholds: amounts, ratios, counts, basis points. */
  parameter: { minimum: -1e12, maximum: 1e12 },
  /** Below the evaluator's own rank for fact problems (Number.MAX_SAFE_INTEGER), which must rank first. */
  priority: { minimum: 1, maximum: 1_000_000, integer: true },
  /** 100% APR: no lawful consumer price is near it (China's ceiling is 24%). */
  aprBps: { minimum: 0, maximum: 10_000, integer: true },
  aprCeilingBps: { minimum: 1, maximum: 10_000, integer: true },
  adjustBps: { minimum: -10_000, maximum: 10_000, integer: true },
  /** Thirty years, the longest common mortgage term. */
  termMonths: { minimum: 1, maximum: 360, integer: true },
  /** Limits are rounded to steps of at most CNY 1 million. */
  step: { exclusiveMinimum: 0, maximum: 1_000_000 },
  minimum: { minimum: 0, maximum: 100_000_000 },
  /** A multiplier above 10 turns a haircut rule into a limit generator. */
  factor: { minimum: 0, maximum: 10 },
} satisfies Record<string, FieldRange>);

export interface RuleEvent {
  type: string;
  params?: {
    /** Reason code, UPPER_SNAKE_CASE: required on every event that explains an outcome. */
    reason?: string;
    message?: string;
    /** cap / set: expression; reduceLimit: `target` expression. */
    value?: string;
    target?: string;
    /** multiply: a number or an expression. */
    factor?: number | string;
    /** tier */
    tier?: string;
    /** adjust: basis points added to the tier APR (negative for a discount). */
    bps?: number;
    /** alert */
    indicator?: string;
    severity?: 'LOW' | 'MEDIUM' | 'HIGH';
    /** notify */
    template?: string;
    /**
     * A scorecard of the document (its name in `scorecards`) whose reason codes follow this rule's own
     * reason when it fires: the characteristics that cost the most points, at most MAX_SCORE_REASONS.
     */
    scoreReasons?: string;
  };
}

export interface PolicyRule {
  name: string;
  /** Why the rule exists: shown to approvers and in the trace. */
  description?: string;
  /** Higher runs first and ranks first; default 1 (json-rules-engine's default). */
  priority?: number;
  conditions: TopLevelCondition;
  event: RuleEvent;
}

export interface DerivedFactSpec {
  expression: string;
  type?: 'number' | 'boolean';
  unit?: string;
  description?: string;
}

export interface MissingFactPolicy {
  /** REFER / DECLINE turn a missing or invalid needed fact into an outcome; ERROR throws a PolicyError. */
  outcome: 'REFER' | 'DECLINE' | 'ERROR';
  reason?: string;
}

export interface LimitCap {
  name: string;
  description?: string;
  /** Expression in CNY. */
  value: string;
  reason: string;
}

export interface LimitSection {
  /** Expression: the starting limit before multipliers and caps (CNY). */
  base: string;
  /** Expression: the largest limit whose payment fits the borrower's capacity (CNY). */
  affordable: string;
  /** Unconditional caps (regulatory or product), each with the reason it reports when it binds. */
  caps?: LimitCap[];
  /** Limits are rounded down to a multiple of step (CNY). */
  step: number;
  /** A limit below this is not worth granting: `belowMinimum` says what happens then. */
  minimum?: number;
  belowMinimum?: { outcome: 'DECLINE' | 'REFER'; reason: string };
}

export interface PricingTier {
  aprBps: number;
  terms: number[];
  description?: string;
}

export interface PricingSection {
  /** The legal APR ceiling in basis points: every APR is clamped to it. */
  aprCeilingBps: number;
  /** Optional APR floor in basis points. */
  aprFloorBps?: number;
  tiers: Record<string, PricingTier>;
  /** Tier used when no `tier` rule fires. */
  fallbackTier?: string;
}

export interface MonitoringSection {
  /** Proposed limits are rounded down to this step (CNY). */
  step: number;
}

export interface PolicyDocument {
  kind: PolicyKind;
  name: string;
  description?: string;
  /** Named numbers (caps, ratios, thresholds) usable in expressions and as `{ "param": name }` values. */
  parameters?: Record<string, number>;
  /** Derived facts: name -> expression (or spec), over catalog facts, parameters and other derived facts. */
  facts?: Record<string, string | DerivedFactSpec>;
  /**
   * Scorecards: name -> card. Each is scored before the rules run and yields the facts `<name>Score`,
   * `<name>BadProbability` and `<name>MissingCount` (policy-scorecards.ts) for rules, derived facts and
   * outcome expressions to read.
   */
  scorecards?: Record<string, ScorecardSpec>;
  onMissingFact?: MissingFactPolicy;
  rules: PolicyRule[];
  limit?: LimitSection;
  pricing?: PricingSection;
  monitoring?: MonitoringSection;
  exposure?: ExposureSection;
  compliance?: ComplianceSection;
}

export function isFactCondition(condition: Condition): condition is FactCondition {
  return typeof (condition as FactCondition).fact === 'string';
}

export function derivedExpression(spec: string | DerivedFactSpec): string {
  return typeof spec === 'string' ? spec : spec.expression;
}
