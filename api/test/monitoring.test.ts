import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPolicies, windowOf } from '@spillway/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app/app.js';
import { createLogger } from '../src/core/logger.js';
import { CreditLineService } from '../src/credit-lines/credit-line.service.js';
import { LimitChange } from '../src/credit-lines/limit-change.entity.js';
import { ExposureCounter } from '../src/exposure/exposure-counter.entity.js';
import { JobChunk, PLAN_CHUNK_INDEX } from '../src/jobs/job-chunk.entity.js';
import { ChunkConflict, type ClaimedChunk } from '../src/jobs/job-kind.js';
import { Alert } from '../src/monitoring/alert.entity.js';
import {
  Notification,
  NotificationChannel,
  NotificationStatus,
} from '../src/monitoring/notification.entity.js';
import { FileTransport } from '../src/monitoring/notification-transport.js';
import { PortfolioReview, ReviewStatus, ReviewTrigger } from '../src/monitoring/portfolio-review.entity.js';
import { PortfolioReviewJob } from '../src/monitoring/portfolio-review.job.js';
import { Product } from '../src/products/product.entity.js';
import { testDialects } from './support/databases.js';
import { applicant, decide } from './support/decide.js';
import { startTestApi, type TestApi } from './support/harness.js';
import { publishPolicy } from './support/publish.js';

const dialects = await testDialects();

const RECORD = `mutation ($input: LineBehaviourInput!) { recordLineBehaviour(input: $input) { id limit drawnBalance } }`;
const REVIEW = `mutation { runPortfolioReview { id status trigger revision policyVersionId linesTotal } }`;
const READ_REVIEW = `query ($id: ID!) { portfolioReview(id: $id) { id status linesTotal linesReviewed linesFlagged
  alertsCreated alertsDeduplicated cutsApplied cutsPendingApproval notificationsQueued counts error } }`;
const ALERT_FIELDS = `id indicator severity reason rule status facts revision limitAtAlert drawnBalance proposedLimit
  policyProposedLimit clampedToBalance cutStatus actedBy note reviewId creditLine { id limit } scorecards`;
const ALERTS = `query ($filter: AlertFilterInput) { alerts(first: 50, filter: $filter) { totalCount edges { node { ${ALERT_FIELDS} } } } }`;
const ACT = (action: string) =>
  `mutation ($input: AlertActionInput!) { ${action}(input: $input) { ${ALERT_FIELDS} } }`;

/** A line's behaviour in good standing; tests change one thing. */
function healthy(overrides: Record<string, unknown> = {}) {
  return {
    monthlyDebtService: 1200,
    utilization: 0.2,
    utilization3mAgo: 0.2,
    paymentRatio: 1,
    paymentRatioPrior: 1,
    monthsDelinquent6m: 0,
    monthsDelinquentPrior6m: 0,
    currentDpd: 0,
    incomeChange: 0,
    ...overrides,
  };
}

/** Answers 500 to the first `failures` requests, then 200; keeps every idempotency key it saw. */
async function flakyWebhook(failures: number) {
  const keys: string[] = [];
  const bodies: Record<string, unknown>[] = [];
  let seen = 0;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      keys.push(String(request.headers['idempotency-key']));
      bodies.push(JSON.parse(body));
      response.statusCode = seen++ < failures ? 500 : 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`,
    keys,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(dialects)('post-loan monitoring on %s', (dialect) => {
  let api: TestApi;
  let risk: Record<string, string>;
  let approver: Record<string, string>;
  let webhook: Awaited<ReturnType<typeof flakyWebhook>>;
  const lines: Record<string, string> = {};

  const review = async () => {
    const started = await api.request(REVIEW, {}, risk);
    expect(started.errors).toBeUndefined();
    await api.spillway.services.reviews.idle();
    return (await api.request(READ_REVIEW, { id: started.data.runPortfolioReview.id }, risk)).data
      .portfolioReview;
  };
  const alertsOf = async (line: string, status?: string) =>
    (
      await api.request(
        ALERTS,
        { filter: { creditLineId: lines[line], ...(status ? { status } : {}) } },
        risk,
      )
    ).data.alerts.edges.map((edge: { node: Record<string, unknown> }) => edge.node);
  const lineWith = async (
    name: string,
    drawnBalance: string,
    facts: Record<string, unknown>,
    phone?: string,
  ) => {
    const decided = await decide(api, applicant(`monitor-${name}`, phone ? { borrower: { phone } } : {}));
    expect(decided.outcome).toBe('APPROVE');
    lines[name] = decided.creditLine.id;
    const recorded = await api.request(
      RECORD,
      { input: { creditLineId: lines[name], drawnBalance, facts, asOf: '2026-11-20T00:00:00Z' } },
      api.asApp,
    );
    expect(recorded.errors).toBeUndefined();
  };

  beforeAll(async () => {
    webhook = await flakyWebhook(1);
    api = await startTestApi(dialect, {
      autoCutMaxMinor: 100_000,
      jobLeaseSeconds: 1,
      notifications: { transport: 'webhook', webhookUrl: webhook.url, maxAttempts: 3, backoffMs: 1500 },
    });
    // The test drives the dispatcher itself, so it sees every attempt.
    await api.spillway.services.notifications.stop();
    risk = await api.asUser('risk@spillway.local');
    approver = await api.asUser('approver@spillway.local');
    // Two budgets the lines below take 30,000 each from: a cut gives room back to one of them only.
    const budget = (name: string, releaseOnCut: boolean) => ({
      name,
      window: 'MONTH',
      measure: 'NEW_EXPOSURE',
      amount: 10_000_000,
      onExceed: 'REFER',
      releaseOnCut,
    });
    await publishPolicy(api, 'EXPOSURE', {
      ...defaultPolicies().EXPOSURE,
      exposure: { budgets: [budget('given-back', true), budget('kept', false)] },
    });
    await lineWith('healthy', '6000.00', healthy());
    await lineWith('delinquent', '6000.00', healthy({ currentDpd: 45, monthsDelinquent6m: 1 }));
    await lineWith(
      'nearly-drawn',
      '29500.00',
      healthy({ currentDpd: 45, monthsDelinquent6m: 1, utilization: 0.98, utilization3mAgo: 0.97 }),
    );
    await lineWith('short-payer', '6000.00', healthy({ paymentRatio: 0.5 }), '13800001234');
  });
  afterAll(async () => {
    await api?.close();
    await webhook?.close();
  });

  it('alerts on the lines the policy flags, with the facts and revision, and leaves healthy lines alone', async () => {
    const done = await review();
    expect(done).toMatchObject({ status: 'COMPLETED', linesTotal: 4, linesReviewed: 4, error: null });
    expect(await alertsOf('healthy')).toEqual([]);
    const [delinquency] = await alertsOf('delinquent');
    const published = (
      await api.request('query { policies { kind publishedVersion { revision } } }', {}, risk)
    ).data.policies.find((policy: { kind: string }) => policy.kind === 'MONITORING').publishedVersion
      .revision;
    expect(delinquency).toMatchObject({
      indicator: 'delinquency',
      severity: 'HIGH',
      reason: 'DELINQUENT_NOW',
      status: 'OPEN',
      revision: published,
      facts: expect.objectContaining({ currentDpd: 45, existingLimit: 30000, drawnBalance: 6000 }),
    });
    // The behaviour card's points as it scored the line: the alert explains its score, not only its rule.
    const [card] = delinquency.scorecards;
    expect(card).toMatchObject({ name: 'behaviour', score: delinquency.facts.behaviourScore });
    expect(card.points.reduce((sum: number, part: { points: number }) => sum + part.points, 0)).toBeCloseTo(
      card.score,
      9,
    );
    expect(card.points[0]).toEqual(
      expect.objectContaining({ characteristic: expect.any(String), bin: expect.any(String) }),
    );
    expect(done.counts.delinquency.HIGH).toBeGreaterThanOrEqual(2);
    expect(done.linesFlagged).toBe(3);
  });

  it('holds a cut above the automatic limit for an APPROVER, and applies a small one at once', async () => {
    const [big] = await alertsOf('delinquent');
    // The freeze rule cuts to the drawn balance: 30,000 -> 6,000 is above the 1,000 automatic limit.
    expect(big).toMatchObject({
      proposedLimit: '6000.00',
      cutStatus: 'PENDING_APPROVAL',
      clampedToBalance: false,
    });
    expect(big.creditLine.limit).toBe('30000.00');
    const [small] = await alertsOf('nearly-drawn');
    expect(small).toMatchObject({ proposedLimit: '29500.00', cutStatus: 'APPLIED' });
    expect(small.creditLine.limit).toBe('29500.00');
    const em = api.orm.em.fork();
    expect(await em.findOneOrFail(LimitChange, { alertId: small.id })).toMatchObject({
      fromMinor: 3_000_000,
      toMinor: 2_950_000,
      approvedBy: expect.stringContaining('system'),
    });

    const byRisk = await api.request(ACT('approveAlert'), { input: { id: big.id } }, risk);
    expect(byRisk.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const approved = await api.request(
      ACT('approveAlert'),
      { input: { id: big.id, note: 'confirmed 45 DPD' } },
      approver,
    );
    expect(approved.errors).toBeUndefined();
    expect(approved.data.approveAlert).toMatchObject({
      status: 'APPROVED',
      cutStatus: 'APPLIED',
      note: 'confirmed 45 DPD',
      actedBy: expect.stringContaining('approver@spillway.local'),
      creditLine: { limit: '6000.00' },
    });
    expect(await em.findOneOrFail(LimitChange, { alertId: big.id })).toMatchObject({
      toMinor: 600_000,
      approvedBy: expect.stringContaining('approver@spillway.local'),
    });
    const again = await api.request(ACT('approveAlert'), { input: { id: big.id } }, approver);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
  });

  it('gives the room of applied cuts back to the budgets that say so, and only to them', async () => {
    // Four lines of 30,000; the review cut one by 500 at once, the approver another by 24,000.
    const month = windowOf('MONTH', 'Asia/Shanghai', new Date());
    const used = Object.fromEntries(
      (await api.orm.em.fork().find(ExposureCounter, {})).map((counter) => [
        counter.counterKey,
        counter.used,
      ]),
    );
    expect(used[`kept|${month}`]).toBe(12_000_000);
    expect(used[`given-back|${month}`]).toBe(12_000_000 - 50_000 - 2_400_000);
  });

  it('does not alert a line again for an indicator it has an open alert for', async () => {
    const before = await alertsOf('nearly-drawn');
    const second = await review();
    expect(second.alertsDeduplicated).toBeGreaterThanOrEqual(1);
    expect(await alertsOf('nearly-drawn')).toHaveLength(before.length);
    const open = (await alertsOf('nearly-drawn', 'OPEN')).find(
      (alert: { indicator: string }) => alert.indicator === 'delinquency',
    );
    const dismissed = await api.request(
      ACT('dismissAlert'),
      { input: { id: open.id, note: 'arrangement agreed' } },
      risk,
    );
    expect(dismissed.data.dismissAlert.status).toBe('DISMISSED');
    await review();
    const delinquency = (await alertsOf('nearly-drawn')).filter(
      (alert: { indicator: string }) => alert.indicator === 'delinquency',
    );
    expect(delinquency.map((alert: { status: string }) => alert.status).sort()).toEqual([
      'DISMISSED',
      'OPEN',
    ]);
  });

  it('acknowledges, and answers NOT_FOUND for an unknown alert', async () => {
    const [open] = await alertsOf('short-payer', 'OPEN');
    const acknowledged = await api.request(ACT('acknowledgeAlert'), { input: { id: open.id } }, approver);
    expect(acknowledged.data.acknowledgeAlert.status).toBe('ACKNOWLEDGED');
    const unknown = await api.request(
      ACT('dismissAlert'),
      { input: { id: '00000000-0000-4000-8000-000000000000' } },
      risk,
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('sends reminders from the outbox, retrying after a transport failure with the same idempotency key', async () => {
    const em = api.orm.em.fork();
    const queued = await em.find(Notification, {}, { orderBy: { createdAt: 'asc' } });
    // One reminder per review for the short payer: three reviews so far.
    expect(queued).toHaveLength(3);
    expect(queued[0]).toMatchObject({
      channel: NotificationChannel.SMS,
      recipientMasked: '138****1234',
      template: 'payment-reminder',
      status: NotificationStatus.PENDING,
    });
    const dispatcher = api.spillway.services.notifications;
    await dispatcher.flush();
    const afterFailure = await em.fork().findOneOrFail(Notification, { id: queued[0].id });
    expect(afterFailure).toMatchObject({
      status: NotificationStatus.PENDING,
      attempts: 1,
      lastError: 'the webhook answered 500',
    });
    await new Promise((wait) => setTimeout(wait, 1600));
    await dispatcher.flush();
    const sent = await em.fork().find(Notification, {});
    expect(sent.every((notification) => notification.status === NotificationStatus.SENT)).toBe(true);
    expect(webhook.keys.filter((key) => key === queued[0].id)).toHaveLength(2);
    expect(webhook.bodies.at(-1)).toMatchObject({
      channel: 'SMS',
      to: '13800001234',
      template: 'payment-reminder',
    });
  });

  it('after a restart, sends what was pending and resends what a dead dispatcher had claimed', async () => {
    const em = api.orm.em.fork();
    const [template] = await em.find(Notification, {}, { limit: 1 });
    const make = (status: NotificationStatus, claimedAt: Date | null) =>
      em.create(Notification, {
        borrower: template.borrower,
        creditLineId: template.creditLineId,
        dedupeKey: `restart-${status}`,
        channel: NotificationChannel.SMS,
        recipientMasked: template.recipientMasked,
        template: 'payment-reminder',
        params: {},
        status,
        attempts: claimedAt ? 1 : 0,
        claimedAt,
        nextAttemptAt: new Date(),
      });
    const pending = make(NotificationStatus.PENDING, null);
    const orphaned = make(NotificationStatus.SENDING, new Date(Date.now() - 5000));
    await em.flush();
    // A new process on the same database: nothing of the old dispatcher's memory survives.
    const restarted = await createApp(api.spillway.services.config, createLogger('silent'), api.orm);
    try {
      await restarted.services.notifications.flush();
    } finally {
      await restarted.close();
    }
    const after = await em.fork().find(Notification, { id: { $in: [pending.id, orphaned.id] } });
    expect(after.map((notification) => notification.status)).toEqual([
      NotificationStatus.SENT,
      NotificationStatus.SENT,
    ]);
    expect(webhook.keys).toContain(pending.id);
    expect(webhook.keys).toContain(orphaned.id);
  });

  it('clamps a cut the policy proposes below the drawn balance, and says so', async () => {
    // A MONITORING version cutting straight to the affordable limit, without the default's max(.., drawnBalance).
    const monitoring = defaultPolicies().MONITORING;
    const cut = monitoring.rules.find((rule) => rule.name === 'cut-to-affordable');
    if (!cut?.event.params) throw new Error('the default MONITORING policy has cut-to-affordable');
    cut.event.params.target = 'affordableLimit';
    await publishPolicy(api, 'MONITORING', monitoring);
    await lineWith('overflowing', '20000.00', healthy({ monthlyIncome: 3000 }));
    await review();
    const [overflow] = (await alertsOf('overflowing')).filter(
      (alert: { indicator: string }) => alert.indicator === 'overflow',
    );
    expect(overflow).toMatchObject({
      clampedToBalance: true,
      proposedLimit: '20000.00',
      cutStatus: 'PENDING_APPROVAL',
    });
    expect(Number(overflow.policyProposedLimit)).toBeLessThan(20000);
    const customers = await api.request(
      'query { overflowCustomers(first: 10) { edges { node { id limit affordableLimit borrower { externalRef } } } } }',
      {},
      risk,
    );
    expect(
      customers.data.overflowCustomers.edges.map((edge: { node: { id: string } }) => edge.node.id),
    ).toContain(lines.overflowing);
    const overflowing = customers.data.overflowCustomers.edges.find(
      (edge: { node: { id: string } }) => edge.node.id === lines.overflowing,
    );
    expect(overflowing.node.borrower).toEqual({ externalRef: 'B-monitor-overflowing' });
  });

  it('refuses a second review while one runs, takes over a dead one, and refuses a bad cron with the reason', async () => {
    const em = api.orm.em.fork();
    const product = await em.findOneOrFail(Product, { key: 'cash-line' });
    const running = em.create(PortfolioReview, {
      product,
      status: ReviewStatus.RUNNING,
      trigger: ReviewTrigger.MANUAL,
      startedBy: 'another process',
      policyVersionId: 'x',
      revision: 'x',
      asOf: new Date(),
      heartbeatAt: new Date(),
      linesTotal: 0,
    });
    await em.flush();
    const refused = await api.request(REVIEW, {}, risk);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REVIEW_RUNNING' });
    await em.nativeUpdate(PortfolioReview, { id: running.id }, { heartbeatAt: new Date(Date.now() - 5000) });
    const taken = await review();
    expect(taken.status).toBe('COMPLETED');
    expect(await em.fork().findOneOrFail(PortfolioReview, { id: running.id })).toMatchObject({
      status: ReviewStatus.FAILED,
      error: expect.stringContaining('interrupted'),
    });

    const SET = 'mutation ($cron: String) { setReviewSchedule(cron: $cron) { cron nextRunAt } }';
    const bad = await api.request(SET, { cron: '61 2 * * *' }, risk);
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'cron',
      reason: 'INVALID_CRON',
    });
    expect(bad.errors?.[0]?.message).toContain('expected range 0-59');
    const sixFields = await api.request(SET, { cron: '0 0 2 * * *' }, risk);
    expect(sixFields.errors?.[0]?.message).toContain('five');
    const set = await api.request(SET, { cron: '0 2 * * *' }, risk);
    expect(set.data.setReviewSchedule.cron).toBe('0 2 * * *');
    const due = new Date(set.data.setReviewSchedule.nextRunAt);
    expect(due.getUTCHours()).toBe(2);
    const schedules = api.spillway.services.reviewSchedules;
    expect(await schedules.runDue(new Date(due.getTime() + 1000))).toBe(1);
    // The same occurrence never runs twice, on this process or another.
    expect(await schedules.runDue(new Date(due.getTime() + 1000))).toBe(0);
    await api.spillway.services.reviews.idle();
    const [latest] = (
      await api.request(
        'query { portfolioReviews(first: 1) { edges { node { trigger status } } } }',
        {},
        risk,
      )
    ).data.portfolioReviews.edges;
    expect(latest.node).toEqual({ trigger: 'SCHEDULED', status: 'COMPLETED' });
  });

  it('commits nothing of a chunk whose lines changed after it read them, and the chunk runs again', async () => {
    const runner = api.spillway.services.jobs;
    await runner.stop();
    let reviewId: string;
    try {
      // The servicing system reports new debts: the review will estimate a new affordable limit.
      const record = (monthlyDebtService: number) =>
        api.request(
          RECORD,
          {
            input: {
              creditLineId: lines.healthy,
              drawnBalance: '6000.00',
              facts: healthy({ monthlyDebtService }),
              asOf: '2026-11-25T00:00:00Z',
            },
          },
          api.asApp,
        );
      expect((await record(2500)).errors).toBeUndefined();
      reviewId = (await api.request(REVIEW, {}, risk)).data.runPortfolioReview.id;
      const em = api.orm.em.fork();
      const plan = await em.findOneOrFail(JobChunk, { jobId: reviewId, index: PLAN_CHUNK_INDEX });
      await runner.runChunk(plan.id);
      const stored = await em.fork().findOneOrFail(JobChunk, { jobId: reviewId, index: 0 });
      const chunk: ClaimedChunk = {
        id: stored.id,
        kind: stored.kind,
        jobId: reviewId,
        index: 0,
        firstKey: stored.firstKey,
        lastKey: stored.lastKey ?? null,
        itemCount: stored.itemCount,
        attempts: 1,
        state: null,
      };
      const job = new PortfolioReviewJob(new CreditLineService(), 100_000);
      const prepared = await job.prepare(em.fork(), reviewId);
      const output = await job.run(em.fork(), prepared, chunk, {
        checkpoint: async () => {},
        yield: async () => {},
      });
      expect(output.changedLines.map((line) => line.id)).toContain(lines.healthy);
      // ...and reports again before the chunk commits.
      expect((await record(2600)).errors).toBeUndefined();
      const before = await em.fork().count(Alert, {});
      await expect(
        em.fork().transactional((tx) => job.commit(tx, prepared, chunk, output)),
      ).rejects.toBeInstanceOf(ChunkConflict);
      expect(await em.fork().count(Alert, {})).toBe(before);
    } finally {
      runner.start();
    }
    // The runner runs the chunk on what the line holds now.
    await api.spillway.services.reviews.idle();
    const done = (await api.request(READ_REVIEW, { id: reviewId }, risk)).data.portfolioReview;
    expect(done).toMatchObject({ status: 'COMPLETED', linesReviewed: done.linesTotal });
  });
});

describe('the file transport', () => {
  it('writes a message once, however often it is sent, across instances', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spillway-outbox-'));
    try {
      const path = join(dir, 'notifications.log');
      const message = {
        id: 'n-1',
        channel: NotificationChannel.SMS,
        to: '13800001234',
        template: 't',
        params: {},
      };
      await new FileTransport(path).send(message);
      await new FileTransport(path).send(message);
      await new FileTransport(path).send({ ...message, id: 'n-2' });
      const written = readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).id);
      expect(written).toEqual(['n-1', 'n-2']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
