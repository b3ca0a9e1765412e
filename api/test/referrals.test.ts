import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { testDialects } from './support/databases.js';
import { applicant, decide } from './support/decide.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const RESOLVE = `mutation ($input: ResolveReferralInput!) {
  resolveReferral(input: $input) {
    id outcome finalOutcome referralStatus creditLine { limit }
    resolution { status limit note resolvedBy resolvedAt }
  }
}`;

const marginal = (key: string) => applicant(key, { facts: { bureauScore: 600 } });

describe.each(dialects)('referrals on %s', (dialect) => {
  let api: TestApi;
  let risk: Record<string, string>;
  beforeAll(async () => {
    api = await startTestApi(dialect);
    risk = await api.asUser('risk@spillway.local');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('queues a referred decision until a risk manager approves it within the policy limit', async () => {
    const referred = await decide(api, marginal('refer-1'));
    expect(referred.outcome).toBe('REFER');
    expect(referred.referralStatus).toBe('PENDING');
    expect(referred.creditLine).toBeNull();
    const queue = await api.request(
      'query { decisions(filter: { referralStatus: PENDING }) { edges { node { id reasons { code } } } } }',
      {},
      risk,
    );
    expect(queue.data.decisions.edges.map((edge: any) => edge.node.id)).toContain(referred.id);

    const tooHigh = await api.request(
      RESOLVE,
      { input: { decisionId: referred.id, action: 'APPROVE', limit: '999999.00', note: 'ok' } },
      risk,
    );
    expect(tooHigh.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooHigh.errors?.[0].extensions?.field).toBe('input.limit');

    const limit = '5000.00';
    const resolved = await api.request(
      RESOLVE,
      { input: { decisionId: referred.id, action: 'APPROVE', limit, note: 'Payslips verified by phone' } },
      risk,
    );
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data.resolveReferral).toMatchObject({
      outcome: 'REFER',
      finalOutcome: 'APPROVE',
      referralStatus: 'APPROVED',
      creditLine: { limit },
      resolution: {
        status: 'APPROVED',
        limit,
        note: 'Payslips verified by phone',
        resolvedBy: 'risk@spillway.local',
      },
    });
    const audit = await api.orm.em
      .fork()
      .find(AuditEvent, { action: 'referral.resolve', entityId: referred.id });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toBe('risk@spillway.local');

    const again = await api.request(
      RESOLVE,
      { input: { decisionId: referred.id, action: 'DECLINE', note: 'changed my mind' } },
      risk,
    );
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('declines a referral with a note and opens no line', async () => {
    const referred = await decide(api, marginal('refer-2'));
    const declined = await api.request(
      RESOLVE,
      { input: { decisionId: referred.id, action: 'DECLINE', note: 'Could not verify employer' } },
      risk,
    );
    expect(declined.data.resolveReferral).toMatchObject({
      finalOutcome: 'DECLINE',
      creditLine: null,
      resolution: { status: 'DECLINED', limit: null },
    });
  });

  it('refuses what is not a pending referral, unknown ids, empty notes and other roles', async () => {
    const approved = await decide(api, applicant('refer-3'));
    const notReferral = await api.request(
      RESOLVE,
      { input: { decisionId: approved.id, action: 'DECLINE', note: 'x' } },
      risk,
    );
    expect(notReferral.errors?.[0].extensions?.code).toBe('CONFLICT');
    const unknown = await api.request(
      RESOLVE,
      { input: { decisionId: '00000000-0000-4000-8000-000000000000', action: 'DECLINE', note: 'x' } },
      risk,
    );
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const referred = await decide(api, marginal('refer-4'));
    const blank = await api.request(
      RESOLVE,
      { input: { decisionId: referred.id, action: 'DECLINE', note: '  ' } },
      risk,
    );
    expect(blank.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const approver = await api.request(
      RESOLVE,
      { input: { decisionId: referred.id, action: 'DECLINE', note: 'x' } },
      await api.asUser('approver@spillway.local'),
    );
    expect(approver.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
