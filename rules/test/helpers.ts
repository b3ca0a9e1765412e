import { defaultPolicies, type PolicyDocument } from '../src/index.js';

export const AS_OF = '2026-11-28T00:00:00Z';

/** A creditworthy applicant who passes every default rule: tests change one thing at a time. */
export function goodApplicant(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    requestedAmount: 30000,
    termMonths: 12,
    age: 30,
    monthlyIncome: 12000,
    employmentMonths: 24,
    region: 'CN-31',
    monthlyDebtService: 1500,
    bureauScore: 700,
    multiLenderCount: 1,
    inquiries3m: 1,
    maxDpd12m: 0,
    ...overrides,
  };
}

/** A healthy credit line for MONITORING. */
export function healthyLine(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    monthlyIncome: 12000,
    monthlyDebtService: 1500,
    existingLimit: 20000,
    drawnBalance: 6000,
    utilization: 0.3,
    utilization3mAgo: 0.25,
    paymentRatio: 1,
    paymentRatioPrior: 1,
    monthsDelinquent6m: 0,
    monthsDelinquentPrior6m: 0,
    currentDpd: 0,
    incomeChange: 0,
    ...overrides,
  };
}

export function policy(kind: PolicyDocument['kind']): PolicyDocument {
  return defaultPolicies()[kind];
}

/** A small document; `extra` is loosely typed because tests feed the validator broken documents on purpose. */
export function minimal(kind: PolicyDocument['kind'], extra: Record<string, unknown> = {}): PolicyDocument {
  return { kind, name: `test ${kind.toLowerCase()}`, rules: [], ...extra } as PolicyDocument;
}

/** The same JSON value with every object's keys in reverse order. */
export function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, reverseKeys(item)]),
  ) as T;
}
