import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from './support/databases.js';
import { applicant, decide } from './support/decide.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const BORROWER = `query ($externalRef: String) {
  borrower(externalRef: $externalRef) {
    id externalRef name phone monthlyIncome overflow profile
    creditLines { limit drawnBalance aprBps affordableLimit overflow status }
    limitHistory { from to reason decisionId }
    decisions(first: 10) { totalCount edges { node { id outcome } } }
  }
}`;

describe.each(dialects)('borrowers on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(dialect);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('shows a borrower with the credit line an approval opened and its limit history', async () => {
    const input = applicant('line-1', {
      borrower: { phone: '+86 138 0013 8000', nationalId: '110101199003077777' },
    });
    const decision = await decide(api, input);
    expect(decision.outcome).toBe('APPROVE');
    const result = await api.request(BORROWER, { externalRef: 'B-line-1' }, api.asApp);
    expect(result.errors).toBeUndefined();
    const borrower = result.data.borrower;
    expect(borrower.monthlyIncome).toBe('15000.00');
    expect(borrower.creditLines).toEqual([
      expect.objectContaining({
        limit: decision.approvedLimit,
        drawnBalance: '0.00',
        status: 'ACTIVE',
        overflow: false,
      }),
    ]);
    expect(borrower.limitHistory).toEqual([
      { from: null, to: decision.approvedLimit, reason: 'Approved by policy', decisionId: decision.id },
    ]);
    expect(borrower.decisions.totalCount).toBe(1);
    expect(JSON.stringify(borrower)).not.toContain('110101199003077777');
  });

  it('masks the phone unless the role may see personal data', async () => {
    const asQa = await api.request(
      BORROWER,
      { externalRef: 'B-line-1' },
      await api.asUser('qa@spillway.local'),
    );
    expect(asQa.data.borrower.phone).toBe('861******8000');
    const asApp = await api.request(BORROWER, { externalRef: 'B-line-1' }, api.asApp);
    expect(asApp.data.borrower.phone).toBe('861******8000');
    const asRisk = await api.request(
      BORROWER,
      { externalRef: 'B-line-1' },
      await api.asUser('risk@spillway.local'),
    );
    expect(asRisk.data.borrower.phone).toBe('+86 138 0013 8000');
  });

  it('shows the national id only as a keyed hash, and not to apps', async () => {
    const query = 'query { borrower(externalRef: "B-line-1") { nationalIdHash } }';
    const asRisk = await api.request(query, {}, await api.asUser('risk@spillway.local'));
    expect(asRisk.data.borrower.nationalIdHash).toMatch(/^[0-9a-f]{64}$/);
    const asApp = await api.request(query, {}, api.asApp);
    expect(asApp.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('re-deciding the same product replaces the line limit and keeps the history', async () => {
    await decide(api, applicant('line-2a', { borrower: { externalRef: 'B-repeat' } }));
    const second = await decide(
      api,
      applicant('line-2b', {
        borrower: { externalRef: 'B-repeat' },
        application: { requestedAmount: '10000.00' },
      }),
    );
    const result = await api.request(BORROWER, { externalRef: 'B-repeat' }, api.asApp);
    const { creditLines, limitHistory } = result.data.borrower;
    expect(creditLines).toHaveLength(1);
    expect(creditLines[0].limit).toBe(second.approvedLimit);
    expect(limitHistory).toHaveLength(2);
    expect(limitHistory[0].to).toBe(second.approvedLimit);
    expect(limitHistory[0].from).toBe(limitHistory[1].to);
  });

  it('flags overflow when existing lines already exceed what the borrower can repay', async () => {
    const decision = await decide(
      api,
      applicant('overflow-1', {
        borrower: { externalRef: 'B-overflowing' },
        facts: { existingLimit: 900000 },
      }),
    );
    expect(decision.overflow).toBe(true);
    expect(decision.creditLine).toBeNull();
  });

  it('searches by reference or name and pages with a total count', async () => {
    const headers = await api.asUser('risk@spillway.local');
    const found = await api.request(
      'query { borrowers(first: 10, filter: { search: "repeat" }) { totalCount edges { node { externalRef } } } }',
      {},
      headers,
    );
    expect(found.data.borrowers.edges.map((edge: any) => edge.node.externalRef)).toEqual(['B-repeat']);
    const byName = await api.request(
      'query { borrowers(filter: { search: "li wei" }) { totalCount } }',
      {},
      headers,
    );
    expect(byName.data.borrowers.totalCount).toBeGreaterThanOrEqual(3);
    const missing = await api.request('query { borrower(externalRef: "nobody") { id } }', {}, headers);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const ambiguous = await api.request('query { borrower { id } }', {}, headers);
    expect(ambiguous.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists only overflowing borrowers when asked', async () => {
    const em = api.orm.em.fork();
    const { CreditLine } = await import('../src/credit-lines/credit-line.entity.js');
    const line = await em.findOneOrFail(CreditLine, { borrower: { externalRef: 'B-line-1' } });
    line.overflow = true;
    await em.flush();
    const result = await api.request(
      'query { borrowers(filter: { overflowOnly: true }) { totalCount edges { node { externalRef overflow } } } }',
      {},
      await api.asUser('risk@spillway.local'),
    );
    expect(result.data.borrowers.edges).toEqual([{ node: { externalRef: 'B-line-1', overflow: true } }]);
  });
});
