/**
 * Guards the decide path's cost in statements: a fixed budget per decide, every value bound (never spelled
 * into the SQL text, which would defeat prepared statements and break on a NUL byte), and nothing read
 * through the ORM once the product, the policies and the caller are known.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from './support/databases.js';
import { applicant } from './support/decide.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

/** Read the borrower with their lines; write borrower, application, line, decision, limit change. */
const NEW_BORROWER_BUDGET = 6;
/**
 * Holding an approval to the published exposure budgets: read the counters and add to them (SQLite); on
 * PostgreSQL also create the window's counters if missing, so they can be locked.
 */
const EXPOSURE_STATEMENTS = { sqlite: 2, postgresql: 3 } as const;

const DECIDE_SCALARS = `mutation ($input: DecideInput!) {
  decide(input: $input) { id outcome approvedLimit aprBps affordableLimit overflow reasons { code } }
}`;

describe.each(dialects)('the decide path on %s', (dialect) => {
  const budget = NEW_BORROWER_BUDGET + EXPOSURE_STATEMENTS[dialect];
  let api: TestApi;
  const statements: { sql: string; params: readonly unknown[] }[] = [];

  beforeAll(async () => {
    // No jobs here: the outbox's dispatcher polls on a timer of its own, and its queries are not the decide's.
    api = await startTestApi(dialect, { runJobs: false }, { countQueries: true });
    api.spillway.services.decisions.onStatement((sql, params) => statements.push({ sql, params }));
    // The first decide reads the product, the published policies and the API key once for the process.
    const warm = await api.request(DECIDE_SCALARS, { input: applicant('warm-up') }, api.asApp);
    expect(warm.errors).toBeUndefined();
  });
  afterAll(async () => {
    await api?.close();
  });

  const decideCounting = async (input: ReturnType<typeof applicant>) => {
    statements.length = 0;
    api.queries.length = 0;
    const result = await api.request(DECIDE_SCALARS, { input }, api.asApp);
    expect(result.errors).toBeUndefined();
    return { result, statements: [...statements], ormQueries: [...api.queries] };
  };

  it(`approves a new borrower in at most ${NEW_BORROWER_BUDGET} statements and the budgets', none through the ORM`, async () => {
    const { result, statements: sent, ormQueries } = await decideCounting(applicant('budget-new'));
    expect(result.data.decide.outcome).toBe('APPROVE');
    expect(sent.length).toBeLessThanOrEqual(budget);
    expect(ormQueries).toEqual([]);
  });

  it('re-decides a known borrower within the same budget', async () => {
    const {
      result,
      statements: sent,
      ormQueries,
    } = await decideCounting({
      ...applicant('budget-again'),
      borrower: { ...applicant('budget-new').borrower, monthlyIncome: '16000.00' },
    });
    expect(result.data.decide.outcome).toBe('APPROVE');
    expect(sent.length).toBeLessThanOrEqual(budget);
    expect(ormQueries).toEqual([]);
  });

  it('binds every value: no statement carries one in its text, and each has a parameter per placeholder', async () => {
    const input = applicant("inline-o'brien");
    const { statements: sent } = await decideCounting(input);
    const values = [
      input.idempotencyKey,
      input.borrower.externalRef,
      input.borrower.name,
      '30000',
      '3000000',
    ];
    for (const { sql, params } of sent) {
      for (const value of values) expect(sql).not.toContain(value);
      expect(sql).not.toMatch(/'[^']*\d[^']*'/);
      expect(params).toHaveLength((sql.match(/\?/g) ?? []).length);
    }
  });

  it('sends the same few statement texts however many decides run', async () => {
    const texts = new Set<string>();
    for (let index = 0; index < 5; index++) {
      const { statements: sent } = await decideCounting(applicant(`texts-${index}`));
      for (const { sql } of sent) texts.add(sql);
    }
    expect(texts.size).toBeLessThanOrEqual(budget);
  });
});
