import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_MAPPING, caseCsv } from './support/cases.js';
import { testDialects } from './support/databases.js';
import { applicant, decide } from './support/decide.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const RECORD = `mutation ($input: LineBehaviourInput!) { recordLineBehaviour(input: $input) { id } }`;
const BULK_ALERTS = (action: string) => `mutation ($input: BulkAlertActionInput!) {
  ${action}(input: $input) {
    succeeded { id status cutStatus note borrower { id externalRef } creditLine { limit } }
    failures { id code reason message }
  }
}`;
const RESOLVE_REFERRALS = `mutation ($input: ResolveReferralsInput!) {
  resolveReferrals(input: $input) {
    succeeded { id referralStatus resolution { limit note } creditLine { limit } }
    failures { id code reason message }
  }
}`;
const VERSIONS = `query ($filter: PolicyVersionFilter) {
  policyVersions(first: 20, filter: $filter) { totalCount edges { node { id number status policy { kind } } } }
}`;
const AUDIT = `query ($filter: AuditEventFilter) { auditEvents(first: 100, filter: $filter) {
  totalCount edges { node { action entityId summary } } } }`;

/** In good standing but 45 days past due now: the default MONITORING policy freezes the line at its balance. */
const DELINQUENT = {
  monthlyDebtService: 1200,
  utilization: 0.2,
  utilization3mAgo: 0.2,
  paymentRatio: 1,
  paymentRatioPrior: 1,
  monthsDelinquent6m: 1,
  monthsDelinquentPrior6m: 0,
  currentDpd: 45,
  incomeChange: 0,
};

type Node<T> = { edges: { node: T }[]; totalCount: number };
const nodes = <T>(connection: Node<T>) => connection.edges.map((edge) => edge.node);

/**
 * What the console's queues and bulk actions stand on: each person's queue of policy versions, bulk actions
 * on alerts and referrals (each record in its own transaction and audited alone), the backtests of one
 * candidate version, failed reviews, the reasons' figures and whether the demo is on.
 */
describe.each(dialects)('queues and bulk actions on %s', (dialect) => {
  let api: TestApi;
  let risk: Record<string, string>;
  let approver: Record<string, string>;
  const delinquentLines: string[] = [];

  beforeAll(async () => {
    api = await startTestApi(dialect, { autoCutMaxMinor: 100_000, jobLeaseSeconds: 1 });
    await api.spillway.services.notifications.stop();
    risk = await api.asUser('risk@spillway.local');
    approver = await api.asUser('approver@spillway.local');
    for (let i = 0; i < 3; i++) {
      const decided = await decide(api, applicant(`bulk-cut-${i}`));
      expect(decided.outcome).toBe('APPROVE');
      delinquentLines.push(decided.creditLine.id);
      const recorded = await api.request(
        RECORD,
        {
          input: {
            creditLineId: decided.creditLine.id,
            drawnBalance: '6000.00',
            facts: DELINQUENT,
            asOf: '2026-11-20T00:00:00Z',
          },
        },
        api.asApp,
      );
      expect(recorded.errors).toBeUndefined();
    }
    const started = await api.request('mutation { runPortfolioReview { id } }', {}, risk);
    expect(started.errors).toBeUndefined();
    await api.spillway.services.reviews.idle();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('tells console users whether the demo is on, and nobody else', async () => {
    expect((await api.request('{ demoMode }', {}, risk)).data).toEqual({ demoMode: true });
    const anonymous = await api.request('{ demoMode }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const app = await api.request('{ demoMode }', {}, api.asApp);
    expect(app.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('gives the figures of a capped limit as reason params', async () => {
    const decided = await decide(api, applicant('capped', { application: { requestedAmount: '65000.00' } }));
    const read = await api.request(
      'query ($id: ID!) { decision(id: $id) { reasons { code message params } } }',
      { id: decided.id },
      risk,
    );
    const capped = read.data.decision.reasons.find((reason: { params: unknown }) => reason.params);
    expect(capped, JSON.stringify(read.data.decision.reasons)).toMatchObject({
      params: { cap: expect.any(String), value: expect.any(Number) },
    });
    expect(capped.message).toContain(String(capped.params.value));
  });

  it('approves many pending cuts at once, each audited alone, reporting the ones it could not approve', async () => {
    const pending = await api.request(
      'query { alerts(first: 50, filter: { cutStatus: PENDING_APPROVAL }) { edges { node { id borrower { id } } } } }',
      {},
      approver,
    );
    const ids = nodes<{ id: string; borrower: { id: string } }>(pending.data.alerts).map((alert) => alert.id);
    expect(ids).toHaveLength(3);

    const byRisk = await api.request(BULK_ALERTS('approveAlerts'), { input: { ids } }, risk);
    expect(byRisk.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const unknown = '00000000-0000-4000-8000-000000000000';
    const approved = await api.request(
      BULK_ALERTS('approveAlerts'),
      { input: { ids: [...ids, ids[0], unknown], note: 'confirmed with servicing' } },
      approver,
    );
    expect(approved.errors).toBeUndefined();
    const { succeeded, failures } = approved.data.approveAlerts;
    expect(succeeded.map((alert: { id: string }) => alert.id)).toEqual(ids);
    for (const alert of succeeded) {
      expect(alert).toMatchObject({
        status: 'APPROVED',
        cutStatus: 'APPLIED',
        note: 'confirmed with servicing',
        creditLine: { limit: '6000.00' },
        borrower: { externalRef: expect.stringMatching(/^B-bulk-cut-/) },
      });
    }
    expect(failures).toEqual([
      { id: unknown, code: 'NOT_FOUND', reason: null, message: expect.stringContaining(unknown) },
    ]);

    const audited = await api.request(AUDIT, { filter: { action: 'alert.approve' } }, approver);
    expect(
      nodes<{ entityId: string }>(audited.data.auditEvents)
        .map((event) => event.entityId)
        .sort(),
    ).toEqual([...ids].sort());

    const again = await api.request(BULK_ALERTS('dismissAlerts'), { input: { ids } }, approver);
    expect(again.data.dismissAlerts.succeeded).toEqual([]);
    expect(again.data.dismissAlerts.failures.map((failure: { code: string }) => failure.code)).toEqual([
      'CONFLICT',
      'CONFLICT',
      'CONFLICT',
    ]);
  });

  it('refuses an empty or oversized bulk action before touching anything', async () => {
    const empty = await api.request(BULK_ALERTS('dismissAlerts'), { input: { ids: [] } }, approver);
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ids = Array.from({ length: 101 }, () => '00000000-0000-4000-8000-000000000000');
    const tooMany = await api.request(BULK_ALERTS('dismissAlerts'), { input: { ids } }, approver);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('resolves many referrals at once at the most each may be granted, each audited alone', async () => {
    const referred = [];
    for (let i = 0; i < 2; i++) {
      referred.push(await decide(api, applicant(`bulk-referral-${i}`, { facts: { bureauScore: 600 } })));
    }
    expect(referred.map((decision) => decision.outcome)).toEqual(['REFER', 'REFER']);
    const ids = referred.map((decision) => decision.id);

    const byApprover = await api.request(
      RESOLVE_REFERRALS,
      { input: { decisionIds: ids, action: 'APPROVE', note: 'x' } },
      approver,
    );
    expect(byApprover.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const resolved = await api.request(
      RESOLVE_REFERRALS,
      { input: { decisionIds: ids, action: 'APPROVE', note: 'income verified by phone' } },
      risk,
    );
    expect(resolved.errors).toBeUndefined();
    const { succeeded, failures } = resolved.data.resolveReferrals;
    expect(failures).toEqual([]);
    for (const [index, decision] of succeeded.entries()) {
      const ceiling = Math.min(
        Number(referred[index].approvedLimit),
        Number(referred[index].affordableLimit),
      );
      expect(decision).toMatchObject({
        id: ids[index],
        referralStatus: 'APPROVED',
        resolution: { note: 'income verified by phone' },
      });
      expect(Number(decision.resolution.limit)).toBe(ceiling);
      expect(Number(decision.creditLine.limit)).toBe(ceiling);
    }
    const audited = await api.request(AUDIT, { filter: { action: 'referral.resolve' } }, risk);
    const events = nodes<{ entityId: string }>(audited.data.auditEvents).filter((event) =>
      ids.includes(event.entityId),
    );
    expect(events).toHaveLength(2);

    const twice = await api.request(
      RESOLVE_REFERRALS,
      { input: { decisionIds: ids, action: 'DECLINE', note: 'again' } },
      risk,
    );
    expect(twice.data.resolveReferrals.failures.map((failure: { code: string }) => failure.code)).toEqual([
      'CONFLICT',
      'CONFLICT',
    ]);
  });

  it("keeps each person's queue of versions: drafts and rejections for the author, reviews for the others", async () => {
    const admission = (await api.request('query { policies { id kind } }', {}, risk)).data.policies.find(
      (policy: { kind: string }) => policy.kind === 'ADMISSION',
    );
    const queue = async (who: Record<string, string>, name: string) =>
      nodes<{ id: string; status: string; policy: { kind: string } }>(
        (await api.request(VERSIONS, { filter: { queue: name } }, who)).data.policyVersions,
      ).map((version) => version.id);

    const created = await api.request(
      'mutation ($input: CreateDraftInput!) { createDraft(input: $input) { id lockVersion } }',
      { input: { policyId: admission.id } },
      risk,
    );
    const draft = created.data.createDraft;
    expect(await queue(risk, 'MY_DRAFTS')).toContain(draft.id);
    expect(await queue(approver, 'MY_DRAFTS')).not.toContain(draft.id);

    const act = (name: string, who: Record<string, string>, comment?: string) =>
      api.request(
        `mutation ($input: VersionActionInput!) { ${name}(input: $input) { status } }`,
        { input: { versionId: draft.id, ...(comment ? { comment } : {}) } },
        who,
      );
    expect((await act('submitVersion', risk)).errors).toBeUndefined();
    expect(await queue(approver, 'AWAITING_MY_REVIEW')).toContain(draft.id);
    // Maker-checker: the author waits for a review, never gives it.
    expect(await queue(risk, 'AWAITING_MY_REVIEW')).not.toContain(draft.id);
    expect(await queue(risk, 'MY_DRAFTS')).not.toContain(draft.id);

    const inReview = await api.request(
      VERSIONS,
      { filter: { status: 'IN_REVIEW', productKey: 'cash-line' } },
      risk,
    );
    expect(nodes<{ id: string }>(inReview.data.policyVersions).map((version) => version.id)).toContain(
      draft.id,
    );
    const contradiction = await api.request(
      VERSIONS,
      { filter: { status: 'DRAFT', queue: 'AWAITING_MY_REVIEW' } },
      approver,
    );
    expect(contradiction.data.policyVersions.totalCount).toBe(0);

    expect((await act('rejectVersion', approver, 'tighten the score band')).errors).toBeUndefined();
    expect(await queue(risk, 'MY_REJECTED')).toContain(draft.id);
    expect(await queue(approver, 'MY_REJECTED')).not.toContain(draft.id);
    expect(await queue(approver, 'AWAITING_MY_REVIEW')).not.toContain(draft.id);
  });

  it('lists the backtests that ran a version as a candidate', async () => {
    const imported = await api.request(
      `mutation ($input: ImportCaseSetInput!) { importCaseSet(input: $input) { caseSet { id } } }`,
      { input: { name: 'queue cases', format: 'CSV', mapping: CASE_MAPPING, content: caseCsv(5) } },
      risk,
    );
    expect(imported.errors).toBeUndefined();
    const limitPolicy = (await api.request('query { policies { id kind } }', {}, risk)).data.policies.find(
      (policy: { kind: string }) => policy.kind === 'LIMIT',
    );
    const draft = (
      await api.request(
        'mutation ($input: CreateDraftInput!) { createDraft(input: $input) { id } }',
        { input: { policyId: limitPolicy.id } },
        risk,
      )
    ).data.createDraft;
    const started = await api.request(
      'mutation ($input: StartBacktestInput!) { startBacktest(input: $input) { id } }',
      { input: { caseSetId: imported.data.importCaseSet.caseSet.id, candidateVersionIds: [draft.id] } },
      risk,
    );
    expect(started.errors).toBeUndefined();
    const byCandidate = async (versionId: string) =>
      nodes<{ id: string }>(
        (
          await api.request(
            'query ($id: ID) { backtests(first: 10, candidateVersionId: $id) { totalCount edges { node { id } } } }',
            { id: versionId },
            risk,
          )
        ).data.backtests,
      ).map((job) => job.id);
    expect(await byCandidate(draft.id)).toEqual([started.data.startBacktest.id]);
    expect(await byCandidate(limitPolicy.id)).toEqual([]);
  });

  it('lists portfolio reviews by status, so failed ones can be found', async () => {
    const list = async (status: string) =>
      (
        await api.request(
          'query ($status: ReviewStatus) { portfolioReviews(first: 10, status: $status) { totalCount } }',
          { status },
          risk,
        )
      ).data.portfolioReviews.totalCount;
    expect(await list('COMPLETED')).toBe(1);
    expect(await list('FAILED')).toBe(0);
  });
});
