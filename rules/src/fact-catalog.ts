/**
 * Every fact a policy may use. It is data, not code: the console renders it, the validator enforces it,
 * and the evaluator uses `type` and `default` to tell a missing fact from a present one.
 */

export type FactType = 'number' | 'integer' | 'string' | 'boolean';
export type FactSource = 'application' | 'profile' | 'bureau' | 'behaviour' | 'derived';

export interface FactDefinition {
  name: string;
  type: FactType;
  unit?: string;
  description: string;
  source: FactSource;
  /** Used when the fact is absent: only where absence has a clear meaning (no line yet = limit 0). */
  default?: number | string | boolean;
  /** Derived facts the pipeline supplies itself rather than a policy expression. */
  suppliedBy?: 'pipeline';
  example?: number | string | boolean;
}

const CATALOG: FactDefinition[] = [
  // application
  {
    name: 'requestedAmount',
    type: 'number',
    unit: 'CNY',
    source: 'application',
    example: 20000,
    description: 'Amount the applicant asked for.',
  },
  {
    name: 'termMonths',
    type: 'integer',
    unit: 'months',
    source: 'application',
    example: 12,
    description: 'Repayment term the applicant asked for.',
  },
  {
    name: 'purpose',
    type: 'string',
    source: 'application',
    example: 'consumption',
    description: 'Declared loan purpose.',
  },
  {
    name: 'channel',
    type: 'string',
    source: 'application',
    example: 'app',
    description: 'Channel the application came through.',
  },
  // borrower profile
  {
    name: 'age',
    type: 'integer',
    unit: 'years',
    source: 'profile',
    example: 32,
    description: 'Age of the borrower.',
  },
  {
    name: 'monthlyIncome',
    type: 'number',
    unit: 'CNY',
    source: 'profile',
    example: 12000,
    description: 'Verified monthly income before tax.',
  },
  {
    name: 'employmentMonths',
    type: 'integer',
    unit: 'months',
    source: 'profile',
    example: 36,
    description: 'Months with the current employer.',
  },
  {
    name: 'region',
    type: 'string',
    source: 'profile',
    example: 'CN-31',
    description: 'Region code of residence.',
  },
  // bureau
  {
    name: 'monthlyDebtService',
    type: 'number',
    unit: 'CNY',
    source: 'bureau',
    example: 1500,
    description: "The borrower's existing monthly repayments to all lenders.",
  },
  {
    name: 'bureauScore',
    type: 'integer',
    unit: 'points',
    source: 'bureau',
    example: 680,
    description: 'Credit bureau score, 300-850.',
  },
  {
    name: 'multiLenderCount',
    type: 'integer',
    unit: 'lenders',
    source: 'bureau',
    example: 2,
    description: 'Lenders with an open balance (multi-lending).',
  },
  {
    name: 'inquiries3m',
    type: 'integer',
    unit: 'inquiries',
    source: 'bureau',
    example: 1,
    description: 'Credit inquiries in the last three months.',
  },
  {
    name: 'maxDpd12m',
    type: 'integer',
    unit: 'days',
    source: 'bureau',
    example: 0,
    description: 'Worst days past due in the last twelve months.',
  },
  // behaviour with this lender
  {
    name: 'existingLimit',
    type: 'number',
    unit: 'CNY',
    source: 'behaviour',
    default: 0,
    example: 0,
    description: "The borrower's current credit limits with this lender (the line's limit when monitoring).",
  },
  {
    name: 'drawnBalance',
    type: 'number',
    unit: 'CNY',
    source: 'behaviour',
    default: 0,
    example: 0,
    description: 'Balance currently drawn on those lines.',
  },
  {
    name: 'utilization',
    type: 'number',
    unit: 'fraction',
    source: 'behaviour',
    default: 0,
    example: 0.3,
    description: 'drawnBalance / existingLimit as a fraction.',
  },
  {
    name: 'utilization3mAgo',
    type: 'number',
    unit: 'fraction',
    source: 'behaviour',
    example: 0.25,
    description: 'Utilisation three months ago, to detect spikes.',
  },
  {
    name: 'paymentRatio',
    type: 'number',
    unit: 'fraction',
    source: 'behaviour',
    example: 1,
    description: 'Amount paid / amount due over the last three statements.',
  },
  {
    name: 'paymentRatioPrior',
    type: 'number',
    unit: 'fraction',
    source: 'behaviour',
    example: 1,
    description: 'Amount paid / amount due over the three statements before that.',
  },
  {
    name: 'monthsDelinquent6m',
    type: 'integer',
    unit: 'months',
    source: 'behaviour',
    example: 0,
    description: 'Months with any delinquency in the last six months.',
  },
  {
    name: 'monthsDelinquentPrior6m',
    type: 'integer',
    unit: 'months',
    source: 'behaviour',
    example: 0,
    description: 'Months with any delinquency in the six months before that.',
  },
  {
    name: 'currentDpd',
    type: 'integer',
    unit: 'days',
    source: 'behaviour',
    example: 0,
    description: 'Days past due today on this line.',
  },
  {
    name: 'balanceTrend',
    type: 'number',
    unit: 'fraction',
    source: 'behaviour',
    example: 0.05,
    description: 'Relative change of the drawn balance over three months (0.2 = +20%).',
  },
  {
    name: 'incomeChange',
    type: 'number',
    unit: 'fraction',
    source: 'behaviour',
    example: 0,
    description: 'Relative change of verified income since the line was opened (-0.3 = fell 30%).',
  },
  // derived
  {
    name: 'newPayment',
    type: 'number',
    unit: 'CNY',
    source: 'derived',
    example: 1890,
    description: 'Monthly annuity payment of the requested amount at the APR ceiling and requested term.',
  },
  {
    name: 'dsr',
    type: 'number',
    unit: 'fraction',
    source: 'derived',
    example: 0.28,
    description: '(monthlyDebtService + new payment) / monthlyIncome.',
  },
  {
    name: 'affordableLimit',
    type: 'number',
    unit: 'CNY',
    source: 'derived',
    example: 48000,
    description: 'The largest limit whose payment fits DSR cap * income - existing debt service.',
  },
  {
    name: 'incomeLimit',
    type: 'number',
    unit: 'CNY',
    source: 'derived',
    example: 48000,
    description: 'The income-based cap: a share of annual income.',
  },
  {
    name: 'limitToAffordable',
    type: 'number',
    unit: 'fraction',
    source: 'derived',
    example: 0.8,
    description: 'existingLimit / affordableLimit: above 1 the borrower is an overflow customer.',
  },
  {
    name: 'paymentRatioDrop',
    type: 'number',
    unit: 'fraction',
    source: 'derived',
    example: 0,
    description: 'paymentRatioPrior - paymentRatio: how far the payment ratio fell.',
  },
  {
    name: 'utilizationChange',
    type: 'number',
    unit: 'fraction',
    source: 'derived',
    example: 0.05,
    description: 'utilization - utilization3mAgo.',
  },
  {
    name: 'approvedLimit',
    type: 'number',
    unit: 'CNY',
    source: 'derived',
    suppliedBy: 'pipeline',
    example: 20000,
    description: 'The limit decided by the LIMIT stage, available to PRICING.',
  },
  // behaviour characteristics a behaviour scorecard reads, reported by the servicing system per line
  {
    name: 'utilizationAvg6m',
    type: 'number',
    unit: 'fraction',
    source: 'behaviour',
    example: 0.35,
    description: 'Average utilisation over the last six statements (statement balance / limit).',
  },
  {
    name: 'utilizationTrend6m',
    type: 'number',
    unit: 'fraction per month',
    source: 'behaviour',
    example: 0.02,
    description:
      'Least-squares slope of utilisation over the last six statements, oldest to newest: +0.05 = five points of the limit more drawn each month.',
  },
  {
    name: 'monthsRevolving6m',
    type: 'integer',
    unit: 'months',
    source: 'behaviour',
    example: 4,
    description:
      'Statements in the last six months on which at least the minimum was paid and the rest revolved (neither paid in full, unused nor late).',
  },
  {
    name: 'monthsPaidInFull6m',
    type: 'integer',
    unit: 'months',
    source: 'behaviour',
    example: 2,
    description: 'Statements with a balance due in the last six months that the next payment paid in full.',
  },
  {
    name: 'monthsWithoutPayment6m',
    type: 'integer',
    unit: 'months',
    source: 'behaviour',
    example: 0,
    description: 'Statements with a balance due in the last six months followed by no payment at all.',
  },
  {
    name: 'averagePayment3m',
    type: 'number',
    unit: 'CNY',
    source: 'behaviour',
    example: 1500,
    description: 'Average amount paid per month over the last three months.',
  },
  {
    name: 'averagePayment6m',
    type: 'number',
    unit: 'CNY',
    source: 'behaviour',
    example: 1500,
    description: 'Average amount paid per month over the last six months.',
  },
];

export const factCatalog: readonly FactDefinition[] = Object.freeze(
  CATALOG.map((fact) => Object.freeze(fact)),
);

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
