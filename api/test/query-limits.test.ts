import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/core/config.js';
import { Decision } from '../src/decisions/decision.entity.js';
import { testDialects } from './support/databases.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

/** Depth is counted on the document, before fields are checked against the schema. */
const nested = (depth: number) => `{${'a{'.repeat(depth - 1)}b${'}'.repeat(depth)}`;

const FULL_DECISION_PAGE = `{
  decisions(first: 100) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id outcome approvedLimit aprBps termMonths riskTier affordableLimit overflow latencyMs decidedAt productKey
      reasons { code message policyKind rule }
      revisions { kind policyId versionId number revision }
      facts trace
      borrower { id externalRef name }
      application { requestedAmount termMonths purpose channel }
    } }
  }
}`;

describe.each(dialects)('query limits on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(dialect, { maxQueryDepth: 12 });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers queries up to the maximum depth and refuses deeper ones naming the limit', async () => {
    const depthErrors = async (depth: number) =>
      ((await api.request(nested(depth))).errors ?? []).filter((error) => /depth/.test(error.message));
    expect(await depthErrors(12)).toEqual([]);
    const tooDeep = await api.request(nested(13));
    expect(tooDeep.errors?.[0]).toMatchObject({
      message: expect.stringContaining('depth limit of 12'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(tooDeep.data).toBeUndefined();
  });

  it.each([200, 5_000, 100_000])('refuses a query nested %i levels with a coded error', async (depth) => {
    const result = await api.request(nested(depth));
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(/depth limit of 12|more that 2000 tokens/);
  });

  it('keeps the standard introspection query and __typename working outside production', async () => {
    const introspection = await api.request(
      getIntrospectionQuery({ descriptions: true, specifiedByUrl: true }),
    );
    expect(introspection.errors).toBeUndefined();
    expect(introspection.data.__schema.queryType.name).toBe('Query');
    expect((await api.request('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('fits a full page of decisions with every field in the default cost budget', async () => {
    const page = await api.request(FULL_DECISION_PAGE, {}, await api.asUser('risk@spillway.local'));
    expect(page.errors).toBeUndefined();
  });

  it('refuses too many aliases naming the limit', async () => {
    const aliases = Array.from({ length: 31 }, (_, index) => `a${index}: factCatalog { name }`).join(' ');
    const result = await api.request(`{ ${aliases} }`, {}, api.asApp);
    expect(result.errors?.[0]).toMatchObject({
      message: expect.stringContaining('Aliases limit of 30'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('answers a 5 MB decide body with 413 and BAD_USER_INPUT, and writes nothing', async () => {
    const before = await api.orm.em.fork().count(Decision, {});
    const input = {
      idempotencyKey: 'huge-1',
      borrower: { externalRef: 'B-huge-1', monthlyIncome: '15000.00' },
      application: { requestedAmount: '30000.00', termMonths: 12 },
      facts: { bureauScore: 720, padding: 'x'.repeat(5 * 1024 * 1024) },
    };
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...api.asApp },
      body: JSON.stringify({
        query: 'mutation ($input: DecideInput!) { decide(input: $input) { id } }',
        variables: { input },
      }),
    });
    expect(response.status).toBe(413);
    const body: any = await response.json();
    expect(body.errors[0]).toMatchObject({
      message: expect.stringContaining('1mb'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await api.orm.em.fork().count(Decision, {})).toBe(before);
  });
});

describe.each(dialects)('query cost on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(dialect, { maxQueryCost: 500 });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('refuses a query above the cost budget naming the limit, and exempts introspection', async () => {
    expect(DEFAULT_LIMITS.maxQueryCost).toBeGreaterThan(500);
    const result = await api.request(FULL_DECISION_PAGE, {}, await api.asUser('risk@spillway.local'));
    expect(result.errors?.[0]).toMatchObject({
      message: expect.stringContaining('Cost limit of 500'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect((await api.request(getIntrospectionQuery())).errors).toBeUndefined();
  });
});
