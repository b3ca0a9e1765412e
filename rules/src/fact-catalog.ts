/**
 * Every fact a policy may use. It is data, not code: the console renders it, the validator enforces it,
 * and the evaluator uses `type`, `default` and `domain` to tell a missing fact from a present one and a
 * plausible value from nonsense.
 */
import { deepFreeze } from './deep-freeze.js';
import type { PolicyKind } from './policy-document.js';

export type FactType = 'number' | 'integer' | 'string' | 'boolean';
export type FactSource = 'application' | 'profile' | 'bureau' | 'behaviour' | 'derived';

/**
 * The values a fact can take, in JSON Schema's words so the console and API can show and reuse it.
 * Whole or decimal numbers are told apart by the fact's `type`. A domain says what can be true of a
 * borrower, not whom to lend to: a 16-year-old has a valid age that a policy declines, while a negative
 * debt service is no borrower's at all and must never reach a rule.
 */
export interface FactDomain {
  /** Inclusive lower bound (numbers). */
  minimum?: number;
  /** Exclusive lower bound (numbers): requestedAmount must be above 0. */
  exclusiveMinimum?: number;
  /** Inclusive upper bound (numbers). */
  maximum?: number;
  /** Most UTF-16 code units a string may have. */
  maxLength?: number;
  /** A regular expression (anchored) every string must match. */
  pattern?: string;
  /** The only values allowed, when the set is closed. */
  enum?: readonly (string | number | boolean)[];
}

export interface FactDefinition {
  name: string;
  type: FactType;
  unit?: string;
  description: string;
  source: FactSource;
  domain: FactDomain;
  /** Used when the fact is absent: only where absence has a clear meaning (no line yet = limit 0). */
  default?: number | string | boolean;
  /** Derived facts the pipeline supplies itself rather than a policy expression. */
  suppliedBy?: 'pipeline';
  /** For facts the pipeline supplies: the kinds of policy that may read them (after the stage that sets them). */
  availableTo?: readonly PolicyKind[];
  example?: number | string | boolean;
}

/** CNY 100 million: far above any consumer line or income, far below where float cents go wrong. */
export const MAX_MONEY = 100_000_000;
/** Counts of lenders or inquiries: a thousand is already a data error, not a borrower. */
const MAX_COUNT = 1000;
/** Over-limit lines are real (the Taiwan card data reaches 6.5x); a hundred times the limit is not a line. */
const MAX_UTILIZATION = 100;
/** Paying more than is due is common (paying a line off); a thousand times the amount due is a data error. */
const MAX_PAYMENT_RATIO = 1000;
/**
 * Derived ratios and amounts (DSR over a small income, an affordable limit over a 50-year term) have no
 * business maximum: the bound only keeps a supplied value finite and printable. Domains are enforced on
 * the facts a caller supplies; what a policy derives is checked to be finite, as every expression is.
 */
const MAX_DERIVED = 1e12;
/** No control characters: free text ends up in traces, logs and the console. */
const PRINTABLE = '^[^\\u0000-\\u001F\\u007F]*$';

const CATALOG: FactDefinition[] = [
  // application
  {
    name: 'requestedAmount',
    type: 'number',
    domain: { exclusiveMinimum: 0, maximum: MAX_MONEY },
    unit: 'CNY',
    source: 'application',
    example: 20000,
    description: 'Amount the applicant asked for.',
  },
  {
    name: 'termMonths',
    type: 'integer',
    domain: { minimum: 1, maximum: 360 },
    unit: 'months',
    source: 'application',
    example: 12,
    description: 'Repayment term the applicant asked for.',
  },
  {
    name: 'purpose',
    type: 'string',
    domain: { maxLength: 64, pattern: PRINTABLE },
    source: 'application',
    example: 'consumption',
    description: 'Declared loan purpose.',
  },
  {
    name: 'channel',
    type: 'string',
    domain: { maxLength: 64, pattern: PRINTABLE },
    source: 'application',
    example: 'app',
    description: 'Channel the application came through.',
  },
  // borrower profile
  // the policy's minAge/maxAge decide who may borrow: an under-age applicant is declined, not invalid
  {
    name: 'age',
    type: 'integer',
    domain: { minimum: 0, maximum: 130 },
    unit: 'years',
    source: 'profile',
    example: 32,
    description: 'Age of the borrower.',
  },
  {
    name: 'monthlyIncome',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_MONEY },
    unit: 'CNY',
    source: 'profile',
    example: 12000,
    description: 'Verified monthly income before tax.',
  },
  {
    name: 'employmentMonths',
    type: 'integer',
    domain: { minimum: 0, maximum: 1200 },
    unit: 'months',
    source: 'profile',
    example: 36,
    description: 'Months with the current employer.',
  },
  {
    name: 'region',
    type: 'string',
    domain: { maxLength: 6, pattern: '^[A-Z]{2}(-[A-Z0-9]{1,3})?$' },
    source: 'profile',
    example: 'CN-31',
    description: 'Region code of residence.',
  },
  // bureau
  {
    name: 'monthlyDebtService',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_MONEY },
    unit: 'CNY',
    source: 'bureau',
    example: 1500,
    description: "The borrower's existing monthly repayments to all lenders.",
  },
  {
    name: 'bureauScore',
    type: 'integer',
    domain: { minimum: 300, maximum: 850 },
    unit: 'points',
    source: 'bureau',
    example: 680,
    description: 'Credit bureau score, 300-850.',
  },
  {
    name: 'multiLenderCount',
    type: 'integer',
    domain: { minimum: 0, maximum: MAX_COUNT },
    unit: 'lenders',
    source: 'bureau',
    example: 2,
    description: 'Lenders with an open balance (multi-lending).',
  },
  {
    name: 'inquiries3m',
    type: 'integer',
    domain: { minimum: 0, maximum: MAX_COUNT },
    unit: 'inquiries',
    source: 'bureau',
    example: 1,
    description: 'Credit inquiries in the last three months.',
  },
  // days past due within twelve months cannot exceed a year
  {
    name: 'maxDpd12m',
    type: 'integer',
    domain: { minimum: 0, maximum: 365 },
    unit: 'days',
    source: 'bureau',
    example: 0,
    description: 'Worst days past due in the last twelve months.',
  },
  // behaviour with this lender
  {
    name: 'existingLimit',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_MONEY },
    unit: 'CNY',
    source: 'behaviour',
    default: 0,
    example: 0,
    description: "The borrower's current credit limits with this lender (the line's limit when monitoring).",
  },
  {
    name: 'otherLinesLimit',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_MONEY },
    unit: 'CNY',
    source: 'behaviour',
    default: 0,
    example: 0,
    description:
      "When monitoring one line: the limits of the borrower's other active lines with this lender, which count with it against the affordable limit.",
  },
  {
    name: 'drawnBalance',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_MONEY },
    unit: 'CNY',
    source: 'behaviour',
    default: 0,
    example: 0,
    description: 'Balance currently drawn on those lines.',
  },
  {
    name: 'utilization',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_UTILIZATION },
    unit: 'fraction',
    source: 'behaviour',
    default: 0,
    example: 0.3,
    description: 'drawnBalance / existingLimit as a fraction.',
  },
  {
    name: 'utilization3mAgo',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_UTILIZATION },
    unit: 'fraction',
    source: 'behaviour',
    example: 0.25,
    description: 'Utilisation three months ago, to detect spikes.',
  },
  {
    name: 'paymentRatio',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_PAYMENT_RATIO },
    unit: 'fraction',
    source: 'behaviour',
    example: 1,
    description: 'Amount paid / amount due over the last three statements.',
  },
  {
    name: 'paymentRatioPrior',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_PAYMENT_RATIO },
    unit: 'fraction',
    source: 'behaviour',
    example: 1,
    description: 'Amount paid / amount due over the three statements before that.',
  },
  {
    name: 'monthsDelinquent6m',
    type: 'integer',
    domain: { minimum: 0, maximum: 6 },
    unit: 'months',
    source: 'behaviour',
    example: 0,
    description: 'Months with any delinquency in the last six months.',
  },
  {
    name: 'monthsDelinquentPrior6m',
    type: 'integer',
    domain: { minimum: 0, maximum: 6 },
    unit: 'months',
    source: 'behaviour',
    example: 0,
    description: 'Months with any delinquency in the six months before that.',
  },
  // a line can stay unpaid for years before it is written off: ten years bounds the plausible
  {
    name: 'currentDpd',
    type: 'integer',
    domain: { minimum: 0, maximum: 3650 },
    unit: 'days',
    source: 'behaviour',
    example: 0,
    description: 'Days past due today on this line.',
  },
  // a balance cannot fall by more than all of it; growth from a tiny balance is large (the Taiwan data reaches 17,000)
  {
    name: 'balanceTrend',
    type: 'number',
    domain: { minimum: -1, maximum: 1_000_000 },
    unit: 'fraction',
    source: 'behaviour',
    example: 0.05,
    description: 'Relative change of the drawn balance over three months (0.2 = +20%).',
  },
  // income cannot fall by more than all of it; a thousandfold rise is a data error
  {
    name: 'incomeChange',
    type: 'number',
    domain: { minimum: -1, maximum: 1000 },
    unit: 'fraction',
    source: 'behaviour',
    example: 0,
    description: 'Relative change of verified income since the line was opened (-0.3 = fell 30%).',
  },
  // derived
  {
    name: 'newPayment',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_DERIVED },
    unit: 'CNY',
    source: 'derived',
    example: 1890,
    description: 'Monthly annuity payment of the requested amount at the APR ceiling and requested term.',
  },
  {
    name: 'dsr',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_DERIVED },
    unit: 'fraction',
    source: 'derived',
    example: 0.28,
    description: '(monthlyDebtService + new payment) / monthlyIncome.',
  },
  {
    name: 'affordableLimit',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_DERIVED },
    unit: 'CNY',
    source: 'derived',
    example: 48000,
    description: 'The largest limit whose payment fits DSR cap * income - existing debt service.',
  },
  {
    name: 'incomeLimit',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_DERIVED },
    unit: 'CNY',
    source: 'derived',
    example: 48000,
    description: 'The income-based cap: a share of annual income.',
  },
  {
    name: 'limitToAffordable',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_DERIVED },
    unit: 'fraction',
    source: 'derived',
    example: 0.8,
    description: 'existingLimit / affordableLimit: above 1 the borrower is an overflow customer.',
  },
  {
    name: 'paymentRatioDrop',
    type: 'number',
    domain: { minimum: -MAX_PAYMENT_RATIO, maximum: MAX_PAYMENT_RATIO },
    unit: 'fraction',
    source: 'derived',
    example: 0,
    description: 'paymentRatioPrior - paymentRatio: how far the payment ratio fell.',
  },
  {
    name: 'utilizationChange',
    type: 'number',
    domain: { minimum: -MAX_UTILIZATION, maximum: MAX_UTILIZATION },
    unit: 'fraction',
    source: 'derived',
    example: 0.05,
    description: 'utilization - utilization3mAgo.',
  },
  {
    name: 'approvedLimit',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_MONEY },
    unit: 'CNY',
    source: 'derived',
    suppliedBy: 'pipeline',
    availableTo: ['PRICING', 'EXPOSURE'],
    example: 20000,
    description: 'The limit decided by the LIMIT stage, available to PRICING and exposure budgets.',
  },
  {
    name: 'riskTier',
    type: 'string',
    domain: { maxLength: 32, pattern: PRINTABLE },
    source: 'derived',
    suppliedBy: 'pipeline',
    availableTo: ['EXPOSURE'],
    example: 'C',
    description: 'The pricing tier the decision was given, for exposure budgets by segment.',
  },
  {
    name: 'aprBps',
    type: 'integer',
    domain: { minimum: 0, maximum: 10_000 },
    unit: 'bps',
    source: 'derived',
    suppliedBy: 'pipeline',
    availableTo: ['EXPOSURE'],
    example: 1800,
    description: 'The APR the decision was priced at, in basis points, for exposure budgets by segment.',
  },
  // behaviour characteristics a behaviour scorecard reads, reported by the servicing system per line
  {
    name: 'utilizationAvg6m',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_UTILIZATION },
    unit: 'fraction',
    source: 'behaviour',
    example: 0.35,
    description: 'Average utilisation over the last six statements (statement balance / limit).',
  },
  {
    name: 'utilizationTrend6m',
    type: 'number',
    domain: { minimum: -MAX_UTILIZATION, maximum: MAX_UTILIZATION },
    unit: 'fraction per month',
    source: 'behaviour',
    example: 0.02,
    description:
      'Least-squares slope of utilisation over the last six statements, oldest to newest: +0.05 = five points of the limit more drawn each month.',
  },
  {
    name: 'monthsRevolving6m',
    type: 'integer',
    domain: { minimum: 0, maximum: 6 },
    unit: 'months',
    source: 'behaviour',
    example: 4,
    description:
      'Statements in the last six months on which at least the minimum was paid and the rest revolved (neither paid in full, unused nor late).',
  },
  {
    name: 'monthsPaidInFull6m',
    type: 'integer',
    domain: { minimum: 0, maximum: 6 },
    unit: 'months',
    source: 'behaviour',
    example: 2,
    description: 'Statements with a balance due in the last six months that the next payment paid in full.',
  },
  {
    name: 'monthsWithoutPayment6m',
    type: 'integer',
    domain: { minimum: 0, maximum: 6 },
    unit: 'months',
    source: 'behaviour',
    example: 0,
    description: 'Statements with a balance due in the last six months followed by no payment at all.',
  },
  {
    name: 'averagePayment3m',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_MONEY },
    unit: 'CNY',
    source: 'behaviour',
    example: 1500,
    description: 'Average amount paid per month over the last three months.',
  },
  {
    name: 'averagePayment6m',
    type: 'number',
    domain: { minimum: 0, maximum: MAX_MONEY },
    unit: 'CNY',
    source: 'behaviour',
    example: 1500,
    description: 'Average amount paid per month over the last six months.',
  },
];

export const factCatalog: readonly FactDefinition[] = deepFreeze(CATALOG);

const BY_NAME: ReadonlyMap<string, FactDefinition> = new Map(factCatalog.map((fact) => [fact.name, fact]));

export function catalogFact(name: string): FactDefinition | undefined {
  return BY_NAME.get(name);
}

export function isNumericType(type: FactType | undefined): boolean {
  return type === 'number' || type === 'integer';
}

/** Does `value` belong to `type`? Non-finite numbers never do: they must never reach a rule. */
export function hasFactType(value: unknown, type: FactType): boolean {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
  }
}
