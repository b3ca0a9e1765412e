import type { TestApi } from './harness.js';

export const DECIDE = `mutation ($input: DecideInput!) {
  decide(input: $input) {
    id outcome approvedLimit aprBps affordableLimit overflow referralStatus
    reasons { code }
    borrower { id externalRef }
    creditLine { id limit }
  }
}`;

/** A creditworthy applicant; override any part to steer the outcome. */
export function applicant(
  key: string,
  overrides: { borrower?: object; application?: object; facts?: object } = {},
) {
  return {
    idempotencyKey: key,
    borrower: {
      externalRef: `B-${key}`,
      name: 'Li Wei',
      monthlyIncome: '15000.00',
      age: 31,
      employmentMonths: 40,
      ...overrides.borrower,
    },
    application: { requestedAmount: '30000.00', termMonths: 12, ...overrides.application },
    facts: {
      bureauScore: 720,
      multiLenderCount: 1,
      inquiries3m: 1,
      maxDpd12m: 0,
      monthlyDebtService: 1200,
      ...overrides.facts,
    },
    asOf: '2026-11-01T00:00:00.000Z',
  };
}

export async function decide(api: TestApi, input: ReturnType<typeof applicant>) {
  const result = await api.request(DECIDE, { input }, api.asApp);
  if (!result.data) throw new Error(`decide failed: ${JSON.stringify(result.errors)}`);
  return result.data.decide;
}
