import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from './support/databases.js';
import { applicant, decide } from './support/decide.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const PAGE = `query ($first: Int!) {
  decisions(first: $first) {
    totalCount
    edges { node { id outcome productKey borrower { id externalRef name } creditLine { id limit } application { termMonths } } }
  }
}`;

describe.each(dialects)('no N+1 on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(dialect, {}, { countQueries: true });
    for (let index = 0; index < 50; index++) await decide(api, applicant(`n1-${index}`));
  });
  afterAll(async () => {
    await api?.close();
  });

  it('reads a page of 50 decisions with borrower and credit line in as many statements as a page of 5', async () => {
    const headers = await api.asUser('qa@spillway.local');
    const statementsFor = async (first: number) => {
      api.queries.length = 0;
      const result = await api.request(PAGE, { first }, headers);
      expect(result.errors).toBeUndefined();
      expect(result.data.decisions.edges).toHaveLength(first);
      return api.queries.filter((sql) => /\bselect\b/i.test(sql)).length;
    };
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(8);
  });
});
