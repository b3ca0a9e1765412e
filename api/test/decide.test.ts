import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Application } from '../src/decisions/application.entity.js';
import { Decision } from '../src/decisions/decision.entity.js';
import { PolicyKind, VersionStatus } from '../src/policies/policy-kind.js';
import { PolicyVersion } from '../src/policies/policy-version.entity.js';
import { testDialects } from './support/databases.js';
import { applicant } from './support/decide.js';
import { type GraphQLResult, startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const DECISION_FIELDS = `
  id outcome approvedLimit aprBps termMonths riskTier affordableLimit overflow latencyMs decidedAt productKey
  reasons { code message policyKind rule }
  revisions { kind policyId versionId number revision }
  facts trace
  borrower { id externalRef name }
  application { requestedAmount termMonths purpose channel }`;

const DECIDE = `mutation ($input: DecideInput!) { decide(input: $input) { ${DECISION_FIELDS} } }`;
const READ = `query ($id: ID!) { decision(id: $id) { ${DECISION_FIELDS} } }`;

function application(key: string, overrides: Record<string, unknown> = {}) {
  const base = applicant(key, { application: { purpose: 'consumption', channel: 'app' } });
  return { ...base, ...overrides };
}

describe.each(dialects)('decide on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(dialect);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('evaluates the published policies and stores a decision that reads back identically', async () => {
    const decided = await api.request(DECIDE, { input: application('walk-1') }, api.asApp);
    expect(decided.errors).toBeUndefined();
    const decision = decided.data.decide;
    expect(['APPROVE', 'DECLINE', 'REFER']).toContain(decision.outcome);
    expect(decision.productKey).toBe('cash-line');
    expect(decision.borrower.externalRef).toBe('B-walk-1');
    expect(decision.application.requestedAmount).toBe('30000.00');
    expect(decision.facts.requestedAmount).toBe(30000);
    expect(decision.facts.monthlyIncome).toBe(15000);

    const em = api.orm.em.fork();
    const admission = await em.findOneOrFail(
      PolicyVersion,
      { policy: { kind: PolicyKind.ADMISSION }, status: VersionStatus.PUBLISHED },
      { populate: ['policy'] },
    );
    expect(decision.revisions).toContainEqual({
      kind: 'ADMISSION',
      policyId: admission.policy.id,
      versionId: admission.id,
      number: 1,
      revision: admission.revision,
    });

    const read = await api.request(READ, { id: decision.id }, await api.asUser('qa@spillway.local'));
    expect(read.errors).toBeUndefined();
    expect(read.data.decision).toEqual(decision);
  });

  it('answers a retry with the same decision and writes nothing new', async () => {
    const first = await api.request(DECIDE, { input: application('retry-1') }, api.asApp);
    const second = await api.request(DECIDE, { input: application('retry-1') }, api.asApp);
    expect(second.data.decide.id).toBe(first.data.decide.id);
    const em = api.orm.em.fork();
    expect(await em.count(Application, { idempotencyKey: 'retry-1' })).toBe(1);
  });

  it('refuses a reused idempotency key with a different request as CONFLICT', async () => {
    await api.request(DECIDE, { input: application('reuse-1') }, api.asApp);
    const changed = application('reuse-1', {
      application: { requestedAmount: '99000.00', termMonths: 12 },
    });
    const result = await api.request(DECIDE, { input: changed }, api.asApp);
    expect(result.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('collapses concurrent requests with one key into one decision', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => api.request(DECIDE, { input: application('race-1') }, api.asApp)),
    );
    const ids = new Set(results.map((result) => result.data?.decide.id));
    expect(results.every((result) => !result.errors)).toBe(true);
    expect(ids.size).toBe(1);
    expect(await api.orm.em.fork().count(Decision, { application: { idempotencyKey: 'race-1' } })).toBe(1);
  });

  it('never returns a decision it could not store, and the same key succeeds on retry', async () => {
    const connection = api.orm.em.getConnection();
    await connection.execute('alter table decision rename to decision_unavailable');
    let failed: GraphQLResult;
    try {
      failed = await api.request(DECIDE, { input: application('store-1') }, api.asApp);
    } finally {
      await connection.execute('alter table decision_unavailable rename to decision');
    }
    expect(failed.data?.decide ?? null).toBeNull();
    expect(failed.errors?.[0].extensions?.code).toBe('INTERNAL');
    expect(await api.orm.em.fork().count(Application, { idempotencyKey: 'store-1' })).toBe(0);
    const retried = await api.request(DECIDE, { input: application('store-1') }, api.asApp);
    expect(retried.errors).toBeUndefined();
    expect(retried.data.decide.id).toBeTruthy();
  });

  it.each([
    [{ application: { requestedAmount: '-5.00', termMonths: 12 } }, 'input.application.requestedAmount'],
    [{ application: { requestedAmount: '12.345', termMonths: 12 } }, undefined],
    [{ application: { requestedAmount: '1000.00', termMonths: 7 } }, 'input.application.termMonths'],
    [{ facts: { notAFact: 1 } }, 'input.facts.notAFact'],
    [{ facts: { bureauScore: 'high' } }, 'input.facts.bureauScore'],
    [{ productKey: 'no-such-product' }, 'productKey'],
  ])('rejects bad input %j naming the field, and writes nothing', async (override, field) => {
    const em = api.orm.em.fork();
    const before = await em.count(Decision, {});
    const result = await api.request(
      DECIDE,
      { input: application(`bad-${Math.random()}`, override) },
      api.asApp,
    );
    const error = result.errors?.[0];
    expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(error?.extensions?.code);
    if (field) expect(error?.extensions?.field).toBe(field);
    expect(await api.orm.em.fork().count(Decision, {})).toBe(before);
  });

  it('requires an API key or a console session, and the APP role to decide', async () => {
    const anonymous = await api.request(DECIDE, { input: application('anon-1') });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await api.request(
      DECIDE,
      { input: application('anon-2') },
      { 'x-api-key': 'spillway-not-a-key' },
    );
    expect(forged.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const riskManager = await api.request(
      DECIDE,
      { input: application('anon-3') },
      await api.asUser('risk@spillway.local'),
    );
    expect(riskManager.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('lists decisions newest first in a Relay connection with a total count', async () => {
    const headers = await api.asUser('risk@spillway.local');
    const page = await api.request(
      `query { decisions(first: 2) { totalCount edges { cursor node { id decidedAt } } pageInfo { hasNextPage endCursor } } }`,
      {},
      headers,
    );
    expect(page.errors).toBeUndefined();
    const { totalCount, edges, pageInfo } = page.data.decisions;
    expect(totalCount).toBeGreaterThanOrEqual(4);
    expect(edges).toHaveLength(2);
    expect(pageInfo.hasNextPage).toBe(true);
    expect(Date.parse(edges[0].node.decidedAt)).toBeGreaterThanOrEqual(Date.parse(edges[1].node.decidedAt));
    const next = await api.request(
      `query ($after: String) { decisions(first: 100, after: $after) { edges { node { id } } } }`,
      { after: pageInfo.endCursor },
      headers,
    );
    expect(next.data.decisions.edges).toHaveLength(totalCount - 2);
    const tooMany = await api.request(`query { decisions(first: 101) { totalCount } }`, {}, headers);
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives NOT_FOUND for an unknown decision', async () => {
    const result = await api.request(READ, { id: '00000000-0000-4000-8000-000000000000' }, api.asApp);
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
