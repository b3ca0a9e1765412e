import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { defaultPolicies } from '@spillway/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { User } from '../src/auth/user.entity.js';
import { DomainError } from '../src/core/errors.js';
import type { Viewer } from '../src/core/viewer.js';
import { PolicyKind, VersionStatus } from '../src/policies/policy-kind.js';
import { PolicyVersion } from '../src/policies/policy-version.entity.js';
import { testDialects } from './support/databases.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const VERSION = 'id number status revision lockVersion basedOnNumber effectiveAt publishedAt reviewNote';
const POLICIES = `query { policies { id kind productKey publishedVersion { ${VERSION} } scheduledVersion { id }
  challengerMode challengerVersion { id } } }`;
const CREATE = `mutation ($input: CreateDraftInput!) { createDraft(input: $input) { ${VERSION} author { email } } }`;
const UPDATE = `mutation ($input: UpdateDraftInput!) { updateDraft(input: $input) { ${VERSION} document } }`;
const SUBMIT = `mutation ($input: VersionActionInput!) { submitVersion(input: $input) { ${VERSION} submittedBy { email } } }`;
const APPROVE = `mutation ($input: VersionActionInput!) { approveVersion(input: $input) { ${VERSION} reviewedBy { email } } }`;
const REJECT = `mutation ($input: VersionActionInput!) { rejectVersion(input: $input) { ${VERSION} } }`;
const PUBLISH = `mutation ($input: PublishVersionInput!) { publishVersion(input: $input) { ${VERSION} } }`;
const ROLLBACK = `mutation ($input: RollbackPolicyInput!) { rollbackPolicy(input: $input) { ${VERSION} } }`;
const READ_VERSION = `query ($id: ID!) { policyVersion(id: $id) { ${VERSION} document validation { valid errors { code path message } warnings { code } } policy { kind } } }`;
const AUDIT = `query ($filter: AuditEventFilter, $first: Int) { auditEvents(filter: $filter, first: $first) {
  totalCount edges { node { seq actor action entityType entityId summary prevHash hash at } } } }`;
const VERIFY = 'query { verifyAuditLog { valid checked brokenAt reason problem } }';
const DECIDE = `mutation ($input: DecideInput!) { decide(input: $input) { outcome revisions { kind number revision } } }`;

const RISK = 'risk@spillway.local';
const APPROVER = 'approver@spillway.local';
const QA = 'qa@spillway.local';
const ADMIN = 'admin@spillway.local';

let decisions = 0;
function decideInput(externalRef?: string) {
  decisions++;
  return {
    idempotencyKey: `policy-test-${decisions}`,
    borrower: {
      externalRef: externalRef ?? `P-${decisions}`,
      name: 'Li Wei',
      monthlyIncome: '15000.00',
      age: 31,
      employmentMonths: 40,
    },
    application: { requestedAmount: '30000.00', termMonths: 12 },
    facts: { bureauScore: 720, multiLenderCount: 1, inquiries3m: 1, maxDpd12m: 0, monthlyDebtService: 1200 },
  };
}

describe.each(dialects)('versioned policies on %s', (dialect) => {
  let api: TestApi;
  let admissionId: string;
  let v1: { id: string; revision: string };

  /** Runs an operation as a user; returns data or the error, never throws. */
  async function as(email: string | 'app', query: string, variables: Record<string, unknown> = {}) {
    const headers = email === 'app' ? api.asApp : await api.asUser(email);
    return api.request(query, variables, headers);
  }
  async function ok(email: string, query: string, variables: Record<string, unknown> = {}) {
    const result = await as(email, query, variables);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data;
  }
  const codeOf = (result: { errors?: { extensions?: { code?: string } }[] }) =>
    result.errors?.[0]?.extensions?.code;
  const auditCount = async () => (await ok(ADMIN, AUDIT, { first: 1 })).auditEvents.totalCount as number;
  async function admissionRevisionUsed() {
    const decided = await ok('app', DECIDE, { input: decideInput() }).catch(() => null);
    return decided?.decide.revisions.find((r: { kind: string }) => r.kind === 'ADMISSION').number as number;
  }
  async function documentWithName(name: string) {
    return { ...defaultPolicies().ADMISSION, name } as unknown as Record<string, unknown>;
  }
  /** A new version of the ADMISSION policy taken to `status` by the usual people. */
  async function versionIn(status: 'DRAFT' | 'IN_REVIEW' | 'APPROVED', name: string, author = RISK) {
    const draft = (await ok(author, CREATE, { input: { policyId: admissionId } })).createDraft;
    const updated = (
      await ok(author, UPDATE, {
        input: {
          versionId: draft.id,
          document: await documentWithName(name),
          expectedLockVersion: draft.lockVersion,
        },
      })
    ).updateDraft;
    if (status === 'DRAFT') return updated;
    const submitted = (await ok(author, SUBMIT, { input: { versionId: draft.id } })).submitVersion;
    if (status === 'IN_REVIEW') return submitted;
    return (await ok(APPROVER, APPROVE, { input: { versionId: draft.id, comment: 'looks right' } }))
      .approveVersion;
  }
  async function viewerOf(email: string): Promise<Viewer> {
    const user = await api.orm.em.fork().findOneOrFail(User, { email });
    return { kind: 'user', id: user.id, label: email, roles: user.roles };
  }
  async function publishedCount() {
    return api.orm.em.fork().count(PolicyVersion, {
      policy: admissionId,
      status: VersionStatus.PUBLISHED,
    });
  }

  beforeAll(async () => {
    api = await startTestApi(dialect);
    const policies = (await ok(RISK, POLICIES)).policies;
    const admission = policies.find((p: { kind: string }) => p.kind === 'ADMISSION');
    admissionId = admission.id;
    v1 = admission.publishedVersion;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('seeds one published version 1 per policy, audited as a system seed', async () => {
    const policies = (await ok(QA, POLICIES)).policies;
    expect(policies.map((p: { kind: string }) => p.kind).sort()).toEqual(Object.values(PolicyKind).sort());
    for (const policy of policies) {
      expect(policy.productKey).toBe('cash-line');
      expect(policy.publishedVersion).toMatchObject({ number: 1, status: 'PUBLISHED' });
    }
    const seeds = (await ok(ADMIN, AUDIT, { filter: { action: 'seed' } })).auditEvents;
    expect(seeds.totalCount).toBe(Object.values(PolicyKind).length);
    expect(seeds.edges.every((e: { node: { actor: string } }) => e.node.actor === 'system')).toBe(true);
  });

  it('takes a version from draft to published and back by rollback, every step audited and live', async () => {
    const before = await auditCount();
    const draft = (await ok(RISK, CREATE, { input: { policyId: admissionId } })).createDraft;
    expect(draft).toMatchObject({ status: 'DRAFT', basedOnNumber: 1, lockVersion: 1, revision: v1.revision });
    expect(draft.author.email).toBe(RISK);

    const updated = (
      await ok(RISK, UPDATE, {
        input: {
          versionId: draft.id,
          document: await documentWithName('admission v2'),
          expectedLockVersion: 1,
        },
      })
    ).updateDraft;
    expect(updated.lockVersion).toBe(2);
    expect(updated.revision).not.toBe(v1.revision);
    expect(updated.document.name).toBe('admission v2');

    const submitted = (await ok(RISK, SUBMIT, { input: { versionId: draft.id, expectedLockVersion: 2 } }))
      .submitVersion;
    expect(submitted).toMatchObject({ status: 'IN_REVIEW', submittedBy: { email: RISK } });
    const approved = (await ok(APPROVER, APPROVE, { input: { versionId: draft.id, comment: 'fine' } }))
      .approveVersion;
    expect(approved).toMatchObject({
      status: 'APPROVED',
      reviewNote: 'fine',
      reviewedBy: { email: APPROVER },
    });
    expect(await admissionRevisionUsed()).toBe(1);

    const published = (await ok(RISK, PUBLISH, { input: { versionId: draft.id } })).publishVersion;
    expect(published.status).toBe('PUBLISHED');
    expect((await ok(RISK, READ_VERSION, { id: v1.id })).policyVersion.status).toBe('RETIRED');
    // The cache of published sets is invalidated by the publish: the very next decision uses it.
    expect(await admissionRevisionUsed()).toBe(draft.number);

    const rolledBack = (await ok(APPROVER, ROLLBACK, { input: { policyId: admissionId } })).rollbackPolicy;
    expect(rolledBack).toMatchObject({ id: v1.id, status: 'PUBLISHED' });
    expect((await ok(RISK, READ_VERSION, { id: draft.id })).policyVersion.status).toBe('RETIRED');
    expect(await admissionRevisionUsed()).toBe(1);
    expect(await publishedCount()).toBe(1);

    const events = (await ok(ADMIN, AUDIT, { first: 6 })).auditEvents.edges.map(
      (e: { node: { action: string; actor: string } }) => `${e.node.action}:${e.node.actor}`,
    );
    expect(events).toEqual([
      `rollback:${APPROVER}`,
      `publish:${RISK}`,
      `approve:${APPROVER}`,
      `submit:${RISK}`,
      `update:${RISK}`,
      `create:${RISK}`,
    ]);
    expect(await auditCount()).toBe(before + 6);
    const update = (await ok(ADMIN, AUDIT, { filter: { action: 'update', entityId: draft.id } })).auditEvents
      .edges[0].node;
    expect(update.summary).toMatchObject({
      before: { revision: v1.revision, lockVersion: 1 },
      after: { revision: updated.revision, lockVersion: 2 },
    });
  });

  it('creates drafts from any earlier version, and diffs any two versions', async () => {
    const approved = await versionIn('APPROVED', 'for diff');
    const fromOld = (await ok(ADMIN, CREATE, { input: { policyId: admissionId, fromVersionId: v1.id } }))
      .createDraft;
    expect(fromOld).toMatchObject({ basedOnNumber: 1, revision: v1.revision });
    const diff = await ok(QA, 'query ($a: ID!, $b: ID!) { policyDiff(fromVersionId: $a, toVersionId: $b) }', {
      a: v1.id,
      b: approved.id,
    });
    expect(diff.policyDiff.identical).toBe(false);
    expect(diff.policyDiff.metadata).toContainEqual({
      path: '$.name',
      from: 'cash-line admission',
      to: 'for diff',
    });
  });

  it('refuses every forbidden transition with a coded error and changes nothing', async () => {
    const draft = await versionIn('DRAFT', 'forbidden');
    const inReview = await versionIn('IN_REVIEW', 'in review');
    const approved = await versionIn('APPROVED', 'approved');
    const unknown = '00000000-0000-4000-8000-000000000000';
    const before = await auditCount();
    const attempts: [string, string, string, Record<string, unknown>][] = [
      [
        'CONFLICT',
        RISK,
        UPDATE,
        {
          versionId: inReview.id,
          document: { kind: 'ADMISSION' },
          expectedLockVersion: inReview.lockVersion,
        },
      ],
      [
        'CONFLICT',
        RISK,
        UPDATE,
        { versionId: draft.id, document: { kind: 'ADMISSION' }, expectedLockVersion: 1 },
      ],
      ['CONFLICT', RISK, SUBMIT, { versionId: approved.id }],
      ['CONFLICT', APPROVER, APPROVE, { versionId: draft.id }],
      ['CONFLICT', APPROVER, APPROVE, { versionId: approved.id }],
      ['CONFLICT', RISK, PUBLISH, { versionId: draft.id }],
      ['CONFLICT', RISK, PUBLISH, { versionId: inReview.id }],
      ['CONFLICT', RISK, ROLLBACK, { policyId: admissionId, versionId: approved.id }],
      ['BAD_USER_INPUT', APPROVER, REJECT, { versionId: inReview.id }],
      ['FORBIDDEN', RISK, APPROVE, { versionId: inReview.id }],
      ['FORBIDDEN', APPROVER, CREATE, { policyId: admissionId }],
      ['FORBIDDEN', QA, PUBLISH, { versionId: approved.id }],
      ['FORBIDDEN', 'app', CREATE, { policyId: admissionId }],
      ['NOT_FOUND', RISK, CREATE, { policyId: unknown }],
      ['NOT_FOUND', RISK, UPDATE, { versionId: unknown, document: {}, expectedLockVersion: 1 }],
      ['NOT_FOUND', RISK, SUBMIT, { versionId: unknown }],
      ['NOT_FOUND', APPROVER, APPROVE, { versionId: unknown }],
      ['NOT_FOUND', APPROVER, REJECT, { versionId: unknown, comment: 'no' }],
      ['NOT_FOUND', RISK, PUBLISH, { versionId: unknown }],
      ['NOT_FOUND', RISK, ROLLBACK, { policyId: unknown }],
    ];
    for (const [code, who, query, input] of attempts) {
      const result = await as(who, query, { input });
      expect(codeOf(result), `${who} ${query.slice(0, 40)} ${JSON.stringify(input)}`).toBe(code);
    }
    const stale = await as(RISK, UPDATE, {
      input: { versionId: draft.id, document: { kind: 'ADMISSION' }, expectedLockVersion: 1 },
    });
    expect(stale.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      currentLockVersion: draft.lockVersion,
    });
    expect(stale.errors?.[0].message).toContain(`lock version ${draft.lockVersion}`);

    expect(await auditCount()).toBe(before);
    for (const version of [draft, inReview, approved]) {
      const now = (await ok(RISK, READ_VERSION, { id: version.id })).policyVersion;
      expect(now).toMatchObject({
        status: version.status,
        lockVersion: version.lockVersion,
        revision: version.revision,
      });
    }
    expect(await publishedCount()).toBe(1);
  });

  it('refuses to submit an invalid document, listing every problem', async () => {
    const draft = (await ok(RISK, CREATE, { input: { policyId: admissionId } })).createDraft;
    const document = {
      ...defaultPolicies().ADMISSION,
      kind: 'PRICING',
      rules: [
        {
          name: 'bad',
          conditions: { all: [{ fact: 'noSuchFact', operator: 'bogus', value: 1 }] },
          event: { type: 'nope' },
        },
      ],
    };
    await ok(RISK, UPDATE, { input: { versionId: draft.id, document, expectedLockVersion: 1 } });
    const read = (await ok(RISK, READ_VERSION, { id: draft.id })).policyVersion;
    expect(read.validation.valid).toBe(false);

    const result = await as(RISK, SUBMIT, { input: { versionId: draft.id } });
    expect(codeOf(result)).toBe('POLICY_INVALID');
    const problems = result.errors?.[0].extensions?.problems as { code: string; path: string }[];
    expect(problems.length).toBeGreaterThanOrEqual(3);
    expect(problems.map((p) => p.code)).toContain('KIND_MISMATCH');
    expect(problems).toEqual(read.validation.errors.map((e: object) => expect.objectContaining(e)));
    expect((await ok(RISK, READ_VERSION, { id: draft.id })).policyVersion.status).toBe('DRAFT');
  });

  it('never lets the author or submitter approve, not even as ADMIN; a second person can', async () => {
    const byAdmin = await versionIn('IN_REVIEW', 'admin wrote this', ADMIN);
    expect(codeOf(await as(ADMIN, APPROVE, { input: { versionId: byAdmin.id } }))).toBe('FORBIDDEN');
    expect(codeOf(await as(ADMIN, REJECT, { input: { versionId: byAdmin.id, comment: 'mine' } }))).toBe(
      'FORBIDDEN',
    );
    expect((await ok(RISK, READ_VERSION, { id: byAdmin.id })).policyVersion.status).toBe('IN_REVIEW');

    const byRisk = await versionIn('IN_REVIEW', 'risk wrote this');
    const approved = (await ok(ADMIN, APPROVE, { input: { versionId: byRisk.id } })).approveVersion;
    expect(approved.status).toBe('APPROVED');

    const rejected = (
      await ok(APPROVER, REJECT, { input: { versionId: byAdmin.id, comment: 'cap too high' } })
    ).rejectVersion;
    expect(rejected).toMatchObject({ status: 'REJECTED', reviewNote: 'cap too high' });
    expect(codeOf(await as(ADMIN, SUBMIT, { input: { versionId: byAdmin.id } }))).toBe('CONFLICT');
  });

  it('never lets anyone who created, edited or submitted a version review it, whoever submits it', async () => {
    // The admin only edits; the risk manager creates and submits: the admin may still not approve.
    const draft = (await ok(RISK, CREATE, { input: { policyId: admissionId } })).createDraft;
    const edited = (
      await ok(ADMIN, UPDATE, {
        input: {
          versionId: draft.id,
          document: await documentWithName('admin edited this'),
          expectedLockVersion: draft.lockVersion,
        },
      })
    ).updateDraft;
    await ok(RISK, SUBMIT, { input: { versionId: draft.id, expectedLockVersion: edited.lockVersion } });
    expect(codeOf(await as(ADMIN, APPROVE, { input: { versionId: draft.id } }))).toBe('FORBIDDEN');
    expect(codeOf(await as(ADMIN, REJECT, { input: { versionId: draft.id, comment: 'mine' } }))).toBe(
      'FORBIDDEN',
    );
    expect((await ok(APPROVER, APPROVE, { input: { versionId: draft.id } })).approveVersion.status).toBe(
      'APPROVED',
    );

    // A copy of a document nobody approved yet carries its writers: the admin wrote the rejected original.
    const byAdmin = await versionIn('IN_REVIEW', 'admin wrote the original', ADMIN);
    await ok(APPROVER, REJECT, { input: { versionId: byAdmin.id, comment: 'try again' } });
    const copy = (await ok(RISK, CREATE, { input: { policyId: admissionId, fromVersionId: byAdmin.id } }))
      .createDraft;
    await ok(RISK, SUBMIT, { input: { versionId: copy.id } });
    expect(codeOf(await as(ADMIN, APPROVE, { input: { versionId: copy.id } }))).toBe('FORBIDDEN');
    // A copy of an approved document does not: the admin edited the first draft, which a second person
    // approved, so the admin may review a copy of it made and submitted by someone else.
    const fromApproved = (
      await ok(RISK, CREATE, { input: { policyId: admissionId, fromVersionId: draft.id } })
    ).createDraft;
    await ok(RISK, SUBMIT, { input: { versionId: fromApproved.id } });
    expect((await ok(ADMIN, APPROVE, { input: { versionId: fromApproved.id } })).approveVersion.status).toBe(
      'APPROVED',
    );
  });

  it('keeps refusing the author and submitter of versions from before contributors were kept', async () => {
    const old = await versionIn('IN_REVIEW', 'written before contributors');
    await api.orm.em.fork().nativeUpdate(PolicyVersion, { id: old.id }, { contributorIds: null });
    expect(codeOf(await as(RISK, APPROVE, { input: { versionId: old.id } }))).toBe('FORBIDDEN');
    expect((await ok(ADMIN, APPROVE, { input: { versionId: old.id } })).approveVersion.status).toBe(
      'APPROVED',
    );
  });

  it('lets the database refuse a second published version of a policy', async () => {
    const approved = await versionIn('APPROVED', 'sneaky');
    await expect(
      api.orm.em.fork().nativeUpdate(PolicyVersion, { id: approved.id }, { status: VersionStatus.PUBLISHED }),
    ).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    expect(await publishedCount()).toBe(1);
  });

  it('leaves exactly one published version when two publishes race, the loser getting CONFLICT', async () => {
    const a = await versionIn('APPROVED', 'race a');
    const b = await versionIn('APPROVED', 'race b');
    const viewer = await viewerOf(RISK);
    const outcomes = await Promise.allSettled([
      api.spillway.services.publisher.publish(api.orm.em.fork(), viewer, { versionId: a.id }),
      api.spillway.services.publisher.publish(api.orm.em.fork(), viewer, { versionId: b.id }),
    ]);
    const rejected = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(DomainError);
    expect(rejected[0].reason.code).toBe('CONFLICT');
    expect(await publishedCount()).toBe(1);
    const winner = outcomes.findIndex((o) => o.status === 'fulfilled') === 0 ? a : b;
    expect(await admissionRevisionUsed()).toBe(winner.number);
    const publishes = await api.orm.em
      .fork()
      .count(AuditEvent, { action: 'publish', entityId: { $in: [a.id, b.id] } });
    expect(publishes).toBe(1);
  });

  it('answers CONFLICT to one of two publishVersion requests sent at once, on SQLite as on PostgreSQL', async () => {
    // SQLite makes the second request wait for the first's commit before it even reads its credentials, so
    // it used to see the first one's version as the published one, retire it, and answer PUBLISHED too.
    for (let round = 0; round < 3; round++) {
      const a = await versionIn('APPROVED', `http race a${round}`);
      const b = await versionIn('APPROVED', `http race b${round}`);
      const risk = await api.asUser(RISK);
      const answers = await Promise.all(
        [a, b].map((version) => api.request(PUBLISH, { input: { versionId: version.id } }, risk)),
      );
      const codes = answers.map((answer) =>
        answer.errors ? codeOf(answer) : answer.data.publishVersion.status,
      );
      expect(codes.sort()).toEqual(['CONFLICT', 'PUBLISHED']);
      expect(await publishedCount()).toBe(1);
      const winner = answers[0].errors ? b : a;
      const loser = winner === a ? b : a;
      expect((await ok(RISK, READ_VERSION, { id: winner.id })).policyVersion.status).toBe('PUBLISHED');
      expect(await admissionRevisionUsed()).toBe(winner.number);
      // Later, or scheduled, the loser still may not undo the winner: its approval predates it.
      for (const effectiveAt of [undefined, new Date(Date.now() + 3_600_000).toISOString()]) {
        const again = await as(RISK, PUBLISH, { input: { versionId: loser.id, effectiveAt } });
        expect(again.errors?.[0]?.extensions).toMatchObject({
          code: 'CONFLICT',
          reason: 'PUBLISHED_SINCE_APPROVAL',
        });
      }
    }
  });

  it('lets only one of two edits made from the same lock version win', async () => {
    const draft = await versionIn('DRAFT', 'edit race');
    const viewer = await viewerOf(RISK);
    const edit = async (name: string) =>
      api.spillway.services.policyVersions.updateDraft(api.orm.em.fork(), viewer, {
        versionId: draft.id,
        document: await documentWithName(name),
        expectedLockVersion: draft.lockVersion,
      });
    const outcomes = await Promise.allSettled([edit('first'), edit('second')]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const loser = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason.code).toBe('CONFLICT');
    const now = (await ok(RISK, READ_VERSION, { id: draft.id })).policyVersion;
    expect(now.lockVersion).toBe(draft.lockVersion + 1);
  });

  it('publishes a scheduled version at its effectiveAt, between scheduler ticks too', async () => {
    const current = await admissionRevisionUsed();
    const scheduled = await versionIn('APPROVED', 'scheduled');
    const effectiveAt = new Date(Date.now() + 1500);
    const result = (
      await ok(RISK, PUBLISH, { input: { versionId: scheduled.id, effectiveAt: effectiveAt.toISOString() } })
    ).publishVersion;
    expect(result).toMatchObject({ status: 'APPROVED', effectiveAt: effectiveAt.toISOString() });
    const policy = (await ok(RISK, POLICIES)).policies.find((p: { kind: string }) => p.kind === 'ADMISSION');
    expect(policy.scheduledVersion.id).toBe(scheduled.id);
    expect(await admissionRevisionUsed()).toBe(current);

    await new Promise((resolve) => setTimeout(resolve, effectiveAt.getTime() - Date.now() + 50));
    expect(await admissionRevisionUsed()).toBe(scheduled.number);
    const read = (await ok(RISK, READ_VERSION, { id: scheduled.id })).policyVersion;
    expect(read).toMatchObject({ status: 'PUBLISHED', effectiveAt: null });
    const event = (await ok(ADMIN, AUDIT, { filter: { action: 'publish', entityId: scheduled.id } }))
      .auditEvents.edges[0].node;
    expect(event.actor).toBe('system');
    expect(event.summary.scheduledFor).toBe(effectiveAt.toISOString());

    // The scheduler's own path, with its clock given.
    const later = await versionIn('APPROVED', 'next month');
    await ok(RISK, PUBLISH, { input: { versionId: later.id, effectiveAt: '2099-01-01T00:00:00.000Z' } });
    const services = api.spillway.services.publisher;
    expect(await services.activateDue(api.orm.em.fork(), new Date('2098-12-31T23:59:59.000Z'))).toBe(0);
    expect(await services.activateDue(api.orm.em.fork(), new Date('2099-01-01T00:00:00.000Z'))).toBe(1);
    expect(await admissionRevisionUsed()).toBe(later.number);
    expect(await publishedCount()).toBe(1);
  });

  it('refuses a version whose stored document no longer matches its revision', async () => {
    const approved = await versionIn('APPROVED', 'tampered');
    await api.orm.em
      .fork()
      .nativeUpdate(
        PolicyVersion,
        { id: approved.id },
        { document: await documentWithName('edited in SQL') },
      );
    expect(codeOf(await as(RISK, READ_VERSION, { id: approved.id }))).toBe('INTERNAL');
    expect(codeOf(await as(RISK, PUBLISH, { input: { versionId: approved.id } }))).toBe('INTERNAL');
    expect(await publishedCount()).toBe(1);
    await api.orm.em
      .fork()
      .nativeUpdate(PolicyVersion, { id: approved.id }, { document: await documentWithName('tampered') });
  });

  it('runs a challenger in shadow, then on a sticky share of borrowers, recording both arms', async () => {
    const CHALLENGE = `mutation ($input: SetChallengerInput!) { setChallenger(input: $input) {
      challengerMode challengerShare challengerVersion { id number } } }`;
    const DECIDE_ARMS =
      'mutation ($input: DecideInput!) { decide(input: $input) { outcome revisions { kind number } challenger } }';
    const champion = (await ok(RISK, POLICIES)).policies.find(
      (p: { kind: string }) => p.kind === 'ADMISSION',
    ).publishedVersion;
    const strict = { ...defaultPolicies().ADMISSION, name: 'strict' } as Record<string, unknown> & {
      parameters: Record<string, number>;
    };
    strict.parameters = { ...strict.parameters, minBureauScore: 800 };
    const draft = (await ok(RISK, CREATE, { input: { policyId: admissionId } })).createDraft;
    await ok(RISK, UPDATE, { input: { versionId: draft.id, document: strict, expectedLockVersion: 1 } });
    await ok(RISK, SUBMIT, { input: { versionId: draft.id } });
    expect(codeOf(await as(RISK, CHALLENGE, { input: { policyId: admissionId, versionId: draft.id } }))).toBe(
      'CONFLICT',
    );
    await ok(APPROVER, APPROVE, { input: { versionId: draft.id } });
    expect(
      codeOf(
        await as(RISK, CHALLENGE, { input: { policyId: admissionId, versionId: draft.id, mode: 'SPLIT' } }),
      ),
    ).toBe('BAD_USER_INPUT');

    const shadow = (await ok(RISK, CHALLENGE, { input: { policyId: admissionId, versionId: draft.id } }))
      .setChallenger;
    expect(shadow).toMatchObject({
      challengerMode: 'SHADOW',
      challengerShare: null,
      challengerVersion: { id: draft.id },
    });
    const shadowed = (await ok('app', DECIDE_ARMS, { input: decideInput() })).decide;
    expect(shadowed.outcome).not.toBe('DECLINE');
    expect(shadowed.revisions.find((r: { kind: string }) => r.kind === 'ADMISSION').number).toBe(
      champion.number,
    );
    expect(shadowed.challenger.assignments).toEqual([
      expect.objectContaining({ kind: 'ADMISSION', mode: 'SHADOW', applied: 'CHAMPION' }),
    ]);
    expect(shadowed.challenger.other.outcome).toBe('DECLINE');
    expect(shadowed.challenger.other.revisions).toContainEqual(
      expect.objectContaining({ kind: 'ADMISSION', number: draft.number }),
    );

    await ok(RISK, CHALLENGE, {
      input: { policyId: admissionId, versionId: draft.id, mode: 'SPLIT', share: 0.5 },
    });
    const arms = new Map<string, string>();
    for (let i = 0; i < 40; i++) {
      const ref = `SPLIT-${i}`;
      const decided = (await ok('app', DECIDE_ARMS, { input: decideInput(ref) })).decide;
      const applied = decided.challenger.assignments[0].applied;
      arms.set(ref, applied);
      expect(decided.outcome === 'DECLINE').toBe(applied === 'CHALLENGER');
      expect(decided.challenger.other.outcome === 'DECLINE').toBe(applied === 'CHAMPION');
    }
    const challenged = [...arms.values()].filter((arm) => arm === 'CHALLENGER').length;
    expect(challenged).toBeGreaterThan(5);
    expect(challenged).toBeLessThan(35);
    for (const ref of ['SPLIT-0', 'SPLIT-1', 'SPLIT-2']) {
      const again = (await ok('app', DECIDE_ARMS, { input: decideInput(ref) })).decide;
      expect(again.challenger.assignments[0].applied).toBe(arms.get(ref));
    }

    const audit = (await ok(ADMIN, AUDIT, { filter: { action: 'challenger', entityId: admissionId } }))
      .auditEvents;
    expect(audit.totalCount).toBe(2);
    expect(audit.edges[0].node.summary).toMatchObject({
      before: { mode: 'SHADOW', share: null },
      after: { mode: 'SPLIT', share: 0.5, versionNumber: draft.number },
    });

    // Publishing the challenger makes it the champion and ends the experiment.
    await ok(RISK, PUBLISH, { input: { versionId: draft.id } });
    const after = (await ok(RISK, POLICIES)).policies.find((p: { kind: string }) => p.kind === 'ADMISSION');
    expect(after).toMatchObject({ publishedVersion: { id: draft.id } });
    const plain = (await ok('app', DECIDE_ARMS, { input: decideInput() })).decide;
    expect(plain.challenger).toBeNull();
    await ok(RISK, ROLLBACK, { input: { policyId: admissionId } });
  });

  it('chains every audit event to the one before and finds the first tampered row', async () => {
    const events = await api.orm.em.fork().find(AuditEvent, {}, { orderBy: { seq: 'asc' } });
    expect(events.length).toBeGreaterThan(20);
    events.slice(1).forEach((event, index) => {
      expect(event.prevHash).toBe(events[index].hash);
    });
    expect((await ok(QA, VERIFY)).verifyAuditLog).toEqual({
      valid: true,
      checked: events.length,
      brokenAt: null,
      reason: null,
      problem: null,
    });

    const victim = events[Math.floor(events.length / 2)];
    await api.orm.em
      .fork()
      .nativeUpdate(AuditEvent, { seq: victim.seq }, { summary: { ...victim.summary, number: 999 } });
    expect((await ok(APPROVER, VERIFY)).verifyAuditLog).toEqual({
      valid: false,
      checked: events.indexOf(victim),
      brokenAt: victim.seq,
      reason: 'content does not match its hash',
      problem: 'REWRITTEN',
    });
    expect(codeOf(await as('app', VERIFY))).toBe('FORBIDDEN');
  });
});
