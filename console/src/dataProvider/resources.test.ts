import { describe, expect, it } from 'vitest';
import { toBorrowerFilter } from './borrowers';
import { createGraphQLClient } from './graphqlClient';
import { buildDataProvider } from './index';

interface Call {
  query: string;
  variables: Record<string, unknown>;
}

/** A fetch stand-in that answers every request with the same GraphQL data and records what was asked. */
function providerAnswering(data: unknown) {
  const calls: Call[] = [];
  const fetch = async (_url: string | URL | Request, init: RequestInit = {}) => {
    calls.push(JSON.parse(String(init.body)));
    return new Response(JSON.stringify({ data }), { headers: { 'content-type': 'application/json' } });
  };
  const provider = buildDataProvider(createGraphQLClient({ fetch: fetch as typeof globalThis.fetch }));
  return { provider, calls };
}

const firstPage = { pagination: { page: 1, perPage: 25 }, sort: { field: 'id', order: 'DESC' as const } };
const connection = <T>(nodes: T[]) => ({ totalCount: nodes.length, edges: nodes.map((node) => ({ node })) });

describe('referrals', () => {
  it('lists pending referred decisions with their reasons', async () => {
    const referral = { id: 'd1', reasons: [{ code: 'MARGINAL_BUREAU_SCORE' }] };
    const { provider, calls } = providerAnswering({ decisions: connection([referral]) });
    const result = await provider.getList('referrals', {
      ...firstPage,
      filter: { referralStatus: 'APPROVED' },
    });
    expect(result).toEqual({ data: [referral], total: 1 });
    expect(calls[0].variables.filter).toEqual({ referralStatus: 'PENDING' });
    expect(calls[0].query).toMatch(/reasons \{ code message/);
  });

  it('resolves through resolveReferral, sending a limit only to approve', async () => {
    const { provider, calls } = providerAnswering({
      resolveReferral: { id: 'd1', referralStatus: 'APPROVED' },
    });
    const approved = await provider.resolveReferral({
      decisionId: 'd1',
      action: 'APPROVE',
      limit: '10000.00',
      note: 'verified',
    });
    expect(approved.data.referralStatus).toBe('APPROVED');
    expect(calls[0].query).toMatch(/resolveReferral\(input: \$input\)/);
    expect(calls[0].variables.input).toEqual({
      decisionId: 'd1',
      action: 'APPROVE',
      limit: '10000.00',
      note: 'verified',
    });
    await provider.resolveReferral({ decisionId: 'd1', action: 'DECLINE', limit: '5', note: 'no' });
    expect(calls[1].variables.input).toEqual({ decisionId: 'd1', action: 'DECLINE', note: 'no' });
  });
});

describe('borrowers', () => {
  it("maps the search box and overflow toggle to BorrowerFilter's fields", () => {
    expect(toBorrowerFilter({ q: ' TW-1 ', overflowOnly: true })).toEqual({
      search: 'TW-1',
      overflowOnly: true,
    });
    expect(toBorrowerFilter({ q: '', overflowOnly: false })).toEqual({});
    expect(toBorrowerFilter(undefined)).toEqual({});
  });

  it('lists borrowers through the borrowers connection', async () => {
    const borrower = { id: 'b1', externalRef: 'TW-1', creditLines: [] };
    const { provider, calls } = providerAnswering({ borrowers: connection([borrower]) });
    const result = await provider.getList('borrowers', { ...firstPage, filter: { q: 'TW' } });
    expect(result).toEqual({ data: [borrower], total: 1 });
    expect(calls[0].variables).toEqual({ first: 25, after: null, filter: { search: 'TW' } });
  });

  it('flattens the decisions of one borrower', async () => {
    const { provider, calls } = providerAnswering({
      borrower: {
        id: 'b1',
        externalRef: 'TW-1',
        creditLines: [{ id: 'l1', behaviour: { utilization: 0.9 }, alerts: connection([{ id: 'a1' }]) }],
        decisions: connection([{ id: 'd1' }, { id: 'd2' }]),
      },
    });
    const { data } = await provider.getOne('borrowers', { id: 'b1' });
    expect(data).toEqual({
      id: 'b1',
      externalRef: 'TW-1',
      creditLines: [{ id: 'l1', behaviour: { utilization: 0.9 }, alerts: [{ id: 'a1' }] }],
      decisions: [{ id: 'd1' }, { id: 'd2' }],
    });
    expect(calls[0].variables).toEqual({ id: 'b1' });
    expect(calls[0].query).toMatch(/phone profile/);
    expect(calls[0].query).toMatch(/creditLines \{ behaviour behaviourAsOf history/);
  });

  it('turns a missing borrower into a 404', async () => {
    const { provider } = providerAnswering({ borrower: null });
    await expect(provider.getOne('borrowers', { id: 'nope' })).rejects.toMatchObject({ status: 404 });
  });
});

describe('audit log', () => {
  it('uses the seq as the record id', async () => {
    const event = { seq: '7', action: 'seed' };
    const { provider, calls } = providerAnswering({ auditEvents: connection([event]) });
    const result = await provider.getList('audit', { ...firstPage, filter: { action: 'seed', q: 'x' } });
    expect(result).toEqual({ data: [{ ...event, id: '7' }], total: 1 });
    expect(calls[0].variables.filter).toEqual({ action: 'seed' });
  });

  it('verifies the chain through verifyAuditLog', async () => {
    const verification = { valid: false, checked: 3, brokenAt: 4, reason: 'hash mismatch' };
    const { provider, calls } = providerAnswering({ verifyAuditLog: verification });
    expect(await provider.verifyAuditLog()).toEqual({ data: verification });
    expect(calls[0].query).toMatch(/verifyAuditLog \{ valid checked brokenAt reason \}/);
  });

  it('has no record pages', async () => {
    const { provider, calls } = providerAnswering({});
    await expect(provider.getOne('audit', { id: '1' })).rejects.toMatchObject({ status: 405 });
    expect(calls).toHaveLength(0);
  });
});

describe('users and API keys', () => {
  const users = ['a', 'b', 'c'].map((id) => ({
    id,
    email: `${id}@x`,
    name: id,
    roles: ['ADMIN'],
    active: true,
  }));

  it('pages the whole user list in the browser', async () => {
    const { provider } = providerAnswering({ users });
    const result = await provider.getList('users', { ...firstPage, pagination: { page: 2, perPage: 2 } });
    expect(result).toEqual({ data: [users[2]], total: 3 });
  });

  it('creates a user with createUser, sending only its input fields', async () => {
    const { provider, calls } = providerAnswering({ createUser: users[0] });
    const data = { email: 'a@x', name: 'a', password: 'long enough pw', roles: ['ADMIN'], extra: 1 };
    expect(await provider.create('users', { data })).toEqual({ data: users[0] });
    expect(calls[0].variables.input).toEqual({
      email: 'a@x',
      name: 'a',
      password: 'long enough pw',
      roles: ['ADMIN'],
    });
  });

  it('deactivates and revokes by id', async () => {
    const { provider, calls } = providerAnswering({ deactivateUser: users[0], revokeApiKey: { id: 'k1' } });
    await provider.deactivateUser({ id: 'a' });
    await provider.revokeApiKey({ id: 'k1' });
    expect(calls.map((call) => call.variables)).toEqual([{ input: { id: 'a' } }, { input: { id: 'k1' } }]);
    expect(calls[0].query).toMatch(/deactivateUser\(input: \$input\)/);
    expect(calls[1].query).toMatch(/revokeApiKey\(input: \$input\)/);
  });

  it('returns the plain key of a new API key', async () => {
    const created = { key: 'swk_secret', apiKey: { id: 'k1', name: 'loan-app' } };
    const { provider, calls } = providerAnswering({ createApiKey: created });
    expect(await provider.createApiKey({ name: 'loan-app' })).toEqual({ data: created });
    expect(calls[0].variables).toEqual({ input: { name: 'loan-app' } });
  });
});

describe('policies', () => {
  it('lists the policies of the default product unless one is named', async () => {
    const policy = { id: 'p1', kind: 'ADMISSION' };
    const { provider, calls } = providerAnswering({ policies: [policy] });
    expect(await provider.getList('policies', { ...firstPage, filter: {} })).toEqual({
      data: [policy],
      total: 1,
    });
    await provider.getList('policies', { ...firstPage, filter: { productKey: ' other ' } });
    expect(calls.map((call) => call.variables)).toEqual([
      { productKey: 'cash-line' },
      { productKey: 'other' },
    ]);
  });

  it('reads a version with its validation and the published document to diff against', async () => {
    const { provider, calls } = providerAnswering({ policyVersion: { id: 'v2' } });
    await provider.getOne('policyVersions', { id: 'v2' });
    expect(calls[0].query).toMatch(/validation \{ valid errors \{ code path message severity \}/);
    expect(calls[0].query).toMatch(/publishedVersion \{ id number revision document \}/);
    const missing = providerAnswering({ policyVersion: null });
    await expect(missing.provider.getOne('policyVersions', { id: 'v9' })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('gives catalog facts their name as id', async () => {
    const { provider } = providerAnswering({ factCatalog: [{ name: 'age', type: 'integer' }] });
    const { data } = await provider.getList('facts', firstPage);
    expect(data).toEqual([{ id: 'age', name: 'age', type: 'integer' }]);
  });

  it('runs the workflow through its mutations with the lock version the user saw', async () => {
    const { provider, calls } = providerAnswering({
      submitVersion: { id: 'v2' },
      publishVersion: { id: 'v2' },
      setChallenger: { id: 'p1' },
    });
    await provider.submitVersion({ versionId: 'v2', expectedLockVersion: 3 });
    await provider.publishVersion({ versionId: 'v2', effectiveAt: '' });
    await provider.setChallenger({ policyId: 'p1', versionId: 'v2', mode: 'SPLIT', share: 0.1 });
    expect(calls[0].query).toMatch(/submitVersion\(input: \$input\)/);
    expect(calls.map((call) => call.variables.input)).toEqual([
      { versionId: 'v2', expectedLockVersion: 3 },
      { versionId: 'v2' },
      { policyId: 'p1', versionId: 'v2', mode: 'SPLIT', share: 0.1 },
    ]);
  });

  it('tries a document on a case and returns result, trace and problems', async () => {
    const outcome = { result: { outcome: 'DECLINE', reasons: [] }, trace: { stages: [] }, problems: [] };
    const { provider, calls } = providerAnswering({ tryPolicy: outcome });
    const input = { document: { kind: 'ADMISSION' }, productKey: 'cash-line', caseId: 'c1' };
    expect(await provider.tryPolicy(input)).toEqual({ data: outcome });
    expect(calls[0].variables).toEqual({ input });
  });
});

describe('cases', () => {
  it('lists no cases, and asks nothing, before a case set is chosen', async () => {
    const { provider, calls } = providerAnswering({});
    expect(await provider.getList('cases', { ...firstPage, filter: {} })).toEqual({ data: [], total: 0 });
    expect(calls).toHaveLength(0);
  });

  it("pages a case set's cases", async () => {
    const cases = connection([{ id: 'c1', line: 2 }]);
    const { provider, calls } = providerAnswering({ caseSet: { cases } });
    const result = await provider.getList('cases', { ...firstPage, filter: { caseSetId: 's1' } });
    expect(result).toEqual({ data: [{ id: 'c1', line: 2 }], total: 1 });
    expect(calls[0].variables).toEqual({ id: 's1', first: 25, after: null });
  });
});

describe('dashboard', () => {
  it('counts each outcome per day and gathers overflow, referrals and publishes', async () => {
    const total = (totalCount: number) => ({ totalCount });
    const publish = {
      seq: '9',
      at: 't',
      actor: 'a',
      action: 'publish',
      summary: { policyId: 'p', kind: 'LIMIT', number: 2 },
    };
    const { provider, calls } = providerAnswering({
      d0: total(2),
      d1: total(1),
      awaitingMyReview: total(7),
      myDrafts: total(8),
      myRejected: total(9),
      pendingCuts: total(10),
      failedBacktests: total(11),
      failedReviews: total(12),
      demoMode: true,
      latestDecision: { edges: [{ node: { id: 'd1' } }] },
      policies: [{ id: 'p1', kind: 'ADMISSION' }],
      overflowDecisions: total(3),
      overflowBorrowers: total(4),
      pendingReferrals: total(5),
      openAlerts: total(6),
      published: { edges: [{ node: publish }] },
      rolledBack: { edges: [] },
    });
    const boundaries = ['2026-11-27T00:00:00.000Z', '2026-11-28T00:00:00.000Z', '2026-11-29T00:00:00.000Z'];
    const { data } = await provider.getOne('dashboard', { id: boundaries[0], meta: { boundaries } });
    expect(data.days).toEqual([
      { start: boundaries[0], APPROVE: 2, REFER: 2, DECLINE: 2 },
      { start: boundaries[1], APPROVE: 1, REFER: 1, DECLINE: 1 },
    ]);
    expect(data).toMatchObject({
      overflowDecisions: 3,
      overflowBorrowers: 4,
      pendingReferrals: 5,
      openAlerts: 6,
    });
    expect(data.queues).toEqual({
      awaitingMyReview: 7,
      myDrafts: 8,
      myRejected: 9,
      pendingReferrals: 5,
      pendingCuts: 10,
      failedBacktests: 11,
      failedReviews: 12,
    });
    expect(data.demo).toEqual({ decisionId: 'd1', admissionPolicyId: 'p1' });
    expect(calls[0].query).toMatch(
      /awaitingMyReview: policyVersions\(first: 0, filter: \{ queue: AWAITING_MY_REVIEW \}\)/,
    );
    expect(calls[1].query).toMatch(/openAlerts: alerts\(first: 0, filter: \{ status: OPEN \}\)/);
    expect(data.publishes).toEqual([
      { seq: '9', at: 't', actor: 'a', action: 'publish', policyId: 'p', kind: 'LIMIT', number: 2 },
    ]);
    expect(
      calls.map((call) => call.variables.outcome ?? (call.variables.from ? 'overview' : 'queues')),
    ).toEqual(['queues', 'overview', 'APPROVE', 'REFER', 'DECLINE']);
    expect(calls[1].variables).toEqual({ from: boundaries[0], to: boundaries[2] });
  });
});

describe('the guided first run', () => {
  it('is offered only while the API says demo mode is on', async () => {
    const total = { totalCount: 0 };
    const { provider } = providerAnswering({
      d0: total,
      awaitingMyReview: total,
      myDrafts: total,
      myRejected: total,
      pendingCuts: total,
      failedBacktests: total,
      failedReviews: total,
      demoMode: false,
      latestDecision: { edges: [] },
      policies: [],
      overflowDecisions: total,
      overflowBorrowers: total,
      pendingReferrals: total,
      openAlerts: total,
      published: { edges: [] },
      rolledBack: { edges: [] },
    });
    const boundaries = ['2026-11-28T00:00:00.000Z', '2026-11-29T00:00:00.000Z'];
    const { data } = await provider.getOne('dashboard', { id: boundaries[0], meta: { boundaries } });
    expect(data.demo).toBeNull();
  });
});

describe('scorecard fits', () => {
  it('lists fits by status and case set, and starts one through its mutation', async () => {
    const { provider, calls } = providerAnswering({ scorecardFits: connection([{ id: 'f1' }]) });
    await provider.getList('scorecardFits', { ...firstPage, filter: { status: 'COMPLETED', caseSetId: '' } });
    expect(calls[0].variables).toEqual({ first: 25, after: null, status: 'COMPLETED' });
    const started = providerAnswering({ startScorecardFit: { id: 'f2' } });
    const input = {
      caseSetId: 'c1',
      name: 'behaviour',
      characteristics: [{ name: 'dpd', fact: 'currentDpd', reasonCode: 'CURRENT_DPD' }],
    };
    expect(await started.provider.startScorecardFit(input)).toEqual({ data: { id: 'f2' } });
    expect(started.calls[0].variables).toEqual({ input });
  });
});

describe('backtests', () => {
  it('lists jobs by kind and status, which the API takes as arguments rather than a filter', async () => {
    const { provider, calls } = providerAnswering({ backtests: connection([{ id: 'j1' }]) });
    await provider.getList('backtests', { ...firstPage, filter: { kind: 'REPLAY', status: '' } });
    expect(calls[0].variables).toEqual({ first: 25, after: null, kind: 'REPLAY' });
  });

  it("pages one job's differences, filtered by change kind and regressions", async () => {
    const { provider, calls } = providerAnswering({ backtest: { differences: connection([{ id: 'x' }]) } });
    const filter = {
      backtestId: 'j1',
      changeKinds: ['SWAP_OUT'],
      regressionsOnly: true,
      mismatchesOnly: false,
    };
    const result = await provider.getList('backtestDifferences', { ...firstPage, filter });
    expect(result).toEqual({ data: [{ id: 'x' }], total: 1 });
    expect(calls[0].variables).toEqual({
      id: 'j1',
      first: 25,
      after: null,
      changeKinds: ['SWAP_OUT'],
      regressionsOnly: true,
    });
    const none = providerAnswering({});
    expect(await none.provider.getList('backtestDifferences', { ...firstPage, filter: {} })).toEqual({
      data: [],
      total: 0,
    });
    expect(none.calls).toEqual([]);
  });

  it('starts, replays and cancels through their mutations', async () => {
    const { provider, calls } = providerAnswering({
      startBacktest: { id: 'j1' },
      replayDecisions: { id: 'j2' },
      cancelBacktest: { id: 'j1', status: 'CANCELLED' },
    });
    await provider.startBacktest({ caseSetId: 's1', candidateVersionIds: ['v2'] });
    expect(calls[0].variables.input).toEqual({ caseSetId: 's1', candidateVersionIds: ['v2'] });
    await provider.replayDecisions({ filter: { outcome: 'REFER', q: 'ignored' }, candidateVersionIds: [] });
    expect(calls[1].variables.input).toEqual({ filter: { outcome: 'REFER' } });
    await provider.cancelBacktest({ id: 'j1' });
    expect(calls[2]).toMatchObject({ variables: { id: 'j1' } });
    expect(calls[2].query).toMatch(/cancelBacktest\(id: \$id\)/);
  });
});

describe('monitoring', () => {
  it('filters alerts by the fields AlertFilterInput has', async () => {
    const { provider, calls } = providerAnswering({ alerts: connection([]) });
    await provider.getList('alerts', {
      ...firstPage,
      filter: { severity: 'HIGH', indicator: ' delinquency ', status: 'OPEN', cutStatus: '', q: 'x' },
    });
    expect(calls[0].variables.filter).toEqual({ severity: 'HIGH', indicator: 'delinquency', status: 'OPEN' });
  });

  it('acts on an alert with a note only when one is written', async () => {
    const { provider, calls } = providerAnswering({ approveAlert: { id: 'a1' }, dismissAlert: { id: 'a1' } });
    await provider.approveAlert({ id: 'a1', note: ' checked ' });
    expect(calls[0].query).toMatch(/approveAlert\(input: \$input\)/);
    expect(calls[0].variables.input).toEqual({ id: 'a1', note: 'checked' });
    await provider.dismissAlert({ id: 'a1', note: '  ' });
    expect(calls[1].variables.input).toEqual({ id: 'a1' });
  });

  it('sets a schedule, and clears it with a blank cron', async () => {
    const { provider, calls } = providerAnswering({ setReviewSchedule: null });
    const { data } = await provider.setReviewSchedule({ cron: '  ' });
    expect(data).toEqual({ id: 'cash-line', schedule: null });
    expect(calls[0].variables).toEqual({ productKey: 'cash-line', cron: null });
  });
});

describe('case set import', () => {
  it('sends the content and mapping, without an empty ref column', async () => {
    const { provider, calls } = providerAnswering({
      importCaseSet: { importedRows: 1, failedRows: 0, rowErrors: [], caseSet: { id: 's1' } },
    });
    const mapping = { version: 1 };
    await provider.importCaseSet({ name: 'n', format: 'CSV', mapping, content: 'a\n1', refColumn: '' });
    expect(calls[0].variables.input).toEqual({ name: 'n', format: 'CSV', mapping, content: 'a\n1' });
    expect(calls[0].query).toMatch(/rowErrors \{ line column path code message \}/);
  });
});

describe('bulk actions', () => {
  it('acts on many alerts at once, with one note, and returns what was refused one by one', async () => {
    const failure = { id: 'a2', code: 'CONFLICT', reason: null, message: 'Alert a2 is APPROVED' };
    const { provider, calls } = providerAnswering({
      approveAlerts: { succeeded: [{ id: 'a1' }], failures: [failure] },
    });
    const { data } = await provider.approveAlerts({ ids: ['a1', 'a2'], note: ' checked ' });
    expect(calls[0].query).toMatch(/approveAlerts\(input: \$input\)/);
    expect(calls[0].variables.input).toEqual({ ids: ['a1', 'a2'], note: 'checked' });
    expect(data).toEqual({ succeeded: [{ id: 'a1' }], failures: [failure] });
  });

  it('resolves many referrals at once through resolveReferrals', async () => {
    const { provider, calls } = providerAnswering({ resolveReferrals: { succeeded: [], failures: [] } });
    await provider.resolveReferrals({ decisionIds: ['d1', 'd2'], action: 'DECLINE', note: 'n' });
    expect(calls[0].variables.input).toEqual({ decisionIds: ['d1', 'd2'], action: 'DECLINE', note: 'n' });
  });
});

describe('queues', () => {
  it("lists a person's queue of versions by the filter the API knows", async () => {
    const { provider, calls } = providerAnswering({ policyVersions: connection([{ id: 'v1' }]) });
    await provider.getList('versions', { ...firstPage, filter: { queue: 'AWAITING_MY_REVIEW', q: 'x' } });
    expect(calls[0].variables.filter).toEqual({ queue: 'AWAITING_MY_REVIEW' });
    expect(calls[0].query).toMatch(/policy \{ id kind productKey \}/);
  });

  it('lists the backtests of one candidate version', async () => {
    const { provider, calls } = providerAnswering({ backtests: connection([]) });
    await provider.getList('backtests', {
      ...firstPage,
      filter: { candidateVersionId: 'v9', status: 'FAILED' },
    });
    expect(calls[0].variables).toMatchObject({ candidateVersionId: 'v9', status: 'FAILED' });
  });

  it('lists portfolio reviews by status', async () => {
    const { provider, calls } = providerAnswering({ portfolioReviews: connection([]) });
    await provider.getList('portfolioReviews', { ...firstPage, filter: { status: 'FAILED' } });
    expect(calls[0].variables).toMatchObject({ productKey: 'cash-line', status: 'FAILED' });
  });
});

describe('exports', () => {
  it('fetch a page larger than the API serves in API-sized parts, from the right offset', async () => {
    const calls: Call[] = [];
    const fetch = async (_url: string | URL | Request, init: RequestInit = {}) => {
      const body = JSON.parse(String(init.body)) as Call;
      calls.push(body);
      const offset = body.variables.after ? Number(atob(String(body.variables.after)).split(':')[1]) + 1 : 0;
      const size = Math.min(Number(body.variables.first), Math.max(0, 250 - offset));
      const nodes = Array.from({ length: size }, (_, index) => ({ id: `d${offset + index}` }));
      return new Response(
        JSON.stringify({ data: { decisions: { totalCount: 250, edges: nodes.map((node) => ({ node })) } } }),
      );
    };
    const provider = buildDataProvider(createGraphQLClient({ fetch: fetch as typeof globalThis.fetch }));
    const result = await provider.getList('decisions', {
      ...firstPage,
      pagination: { page: 1, perPage: 1000 },
    });
    expect(result.total).toBe(250);
    expect(result.data.map((record) => record.id)).toEqual(
      Array.from({ length: 250 }, (_, index) => `d${index}`),
    );
    expect(calls.map((call) => call.variables.first)).toEqual([100, 100, 100]);
  });
});
