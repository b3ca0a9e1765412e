/**
 * Exposure budgets held exactly in the decide transaction: concurrent decides against a budget approve
 * exactly what fits, a decide that fails to store takes nothing, segments count only their decisions, and
 * counters follow the calendar of the document's time zone.
 */
import { defaultPolicies, windowOf } from '@spillway/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExposureCounter } from '../src/exposure/exposure-counter.entity.js';
import { testDialects } from './support/databases.js';
import { applicant } from './support/decide.js';
import { startTestApi, type TestApi } from './support/harness.js';
import { publishPolicy } from './support/publish.js';

const dialects = await testDialects();

const DECIDE = `mutation ($input: DecideInput!) {
  decide(input: $input) { id outcome approvedLimit riskTier decidedAt reasons { code rule } exposure }
}`;

const REPLAY = 'mutation ($input: ReplayDecisionsInput!) { replayDecisions(input: $input) { id } }';
const READ_REPLAY = 'query ($id: ID!) { backtest(id: $id) { status casesTotal mismatches } }';

const budgetsDocument = (budgets: object[]) => ({
  ...defaultPolicies().EXPOSURE,
  name: 'test budgets',
  exposure: { timeZone: 'Asia/Shanghai', budgets },
});

describe.each(dialects)('exposure budgets on %s', (dialect) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(dialect, { demo: true });
  });
  afterAll(async () => {
    await api?.close();
  });

  const counters = async () =>
    Object.fromEntries(
      (await api.orm.em.fork().find(ExposureCounter, {})).map((counter) => [
        counter.counterKey,
        counter.used,
      ]),
    );

  it('approves exactly what fits when 200 decides race for room for 50', async () => {
    await publishPolicy(
      api,
      'EXPOSURE',
      budgetsDocument([
        { name: 'fifty', window: 'DAY', measure: 'APPROVALS', amount: 50, onExceed: 'REFER' },
      ]),
    );
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        api.request(DECIDE, { input: applicant(`race-${dialect}-${index}`) }, api.asApp),
      ),
    );
    expect(results.filter((result) => result.errors)).toEqual([]);
    const outcomes = results.map((result) => result.data.decide.outcome);
    expect(outcomes.filter((outcome) => outcome === 'APPROVE')).toHaveLength(50);
    const referred = results.filter((result) => result.data.decide.outcome === 'REFER');
    expect(referred).toHaveLength(150);
    expect(referred[0].data.decide.reasons[0]).toEqual({ code: 'EXPOSURE_BUDGET', rule: 'fifty' });
    const decidedAt = new Date(results[0].data.decide.decidedAt);
    expect(await counters()).toMatchObject({ [`fifty|${windowOf('DAY', 'Asia/Shanghai', decidedAt)}`]: 50 });
    // The last one in records that nothing was left.
    const approvals = results.filter((result) => result.data.decide.outcome === 'APPROVE');
    const lefts = approvals.map((result) => result.data.decide.exposure.uses[0].left).sort((a, b) => a - b);
    expect(lefts[0]).toBe(0);
  }, 180_000);

  it("shows each budget's use in its window, the decisions it stopped and the pace", async () => {
    const BUDGETS = `query { exposureBudgets { name window measure amount timeZone
      current { window used limit left stopped projectedAtEnd series { at used } } } }`;
    const [fifty] = (await api.request(BUDGETS, {}, await api.asUser('risk@spillway.local'))).data
      .exposureBudgets;
    expect(fifty).toMatchObject({
      name: 'fifty',
      window: 'DAY',
      measure: 'APPROVALS',
      amount: 50,
      timeZone: 'Asia/Shanghai',
      current: { used: 50, limit: 50, left: 0, stopped: 150 },
    });
    expect(fifty.current.series).toHaveLength(50);
    expect(fifty.current.series.at(-1).used).toBe(50);
    expect(fifty.current.projectedAtEnd).toBeGreaterThanOrEqual(50);
  });

  it('lists the decisions a budget stopped by their reason code', async () => {
    const LIST = `query ($filter: DecisionFilter) { decisions(first: 100, filter: $filter) {
      totalCount edges { node { outcome reasons { code } } } } }`;
    const risk = await api.asUser('risk@spillway.local');
    const stopped = (await api.request(LIST, { filter: { reason: 'EXPOSURE_BUDGET' } }, risk)).data.decisions;
    expect(stopped.totalCount).toBe(150);
    for (const { node } of stopped.edges) {
      expect(node.outcome).toBe('REFER');
      expect(node.reasons.map((reason: { code: string }) => reason.code)).toContain('EXPOSURE_BUDGET');
    }
    // `_` is a LIKE wildcard: the code is matched as it is spelt, not as a pattern.
    const lookalike = await api.request(LIST, { filter: { reason: 'EXPOSUREXBUDGET' } }, risk);
    expect(lookalike.data.decisions.totalCount).toBe(0);
    const bad = await api.request(LIST, { filter: { reason: "x' or 1=1" } }, risk);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("reports each budget's use, cap and share used in /metrics", async () => {
    const text = await (await fetch(`${api.url}/metrics`)).text();
    const labels = 'product="cash-line",budget="fifty",window="DAY",measure="APPROVALS"';
    expect(text).toContain(`spillway_exposure_budget_used{${labels}} 50`);
    expect(text).toContain(`spillway_exposure_budget_limit{${labels}} 50`);
    expect(text).toContain(`spillway_exposure_budget_used_ratio{${labels}} 1`);
  });

  it('takes nothing for a decision that could not be stored', async () => {
    await publishPolicy(
      api,
      'EXPOSURE',
      budgetsDocument([
        { name: 'amount', window: 'MONTH', measure: 'NEW_EXPOSURE', amount: 1_000_000, onExceed: 'SHRINK' },
      ]),
    );
    const ok = await api.request(DECIDE, { input: applicant(`stored-${dialect}`) }, api.asApp);
    expect(ok.errors).toBeUndefined();
    const before = await counters();
    const connection = api.orm.em.getConnection();
    await connection.execute('alter table limit_change rename to limit_change_unavailable');
    let failed: Awaited<ReturnType<TestApi['request']>>;
    try {
      failed = await api.request(DECIDE, { input: applicant(`unstored-${dialect}`) }, api.asApp);
    } finally {
      await connection.execute('alter table limit_change_unavailable rename to limit_change');
    }
    expect(failed.errors?.[0].extensions?.code).toBe('INTERNAL');
    expect(await counters()).toEqual(before);
  });

  it('shrinks the last approval to what is left, and holds a segment only to its decisions', async () => {
    await publishPolicy(
      api,
      'EXPOSURE',
      budgetsDocument([
        { name: 'small-month', window: 'MONTH', measure: 'NEW_EXPOSURE', amount: 45_000, onExceed: 'SHRINK' },
        {
          name: 'tier-z-only',
          window: 'MONTH',
          measure: 'APPROVALS',
          amount: 1,
          segment: { all: [{ fact: 'riskTier', operator: 'equal', value: 'Z' }] },
          onExceed: 'DECLINE',
        },
      ]),
    );
    const first = (await api.request(DECIDE, { input: applicant(`shrink-a-${dialect}`) }, api.asApp)).data
      .decide;
    const second = (await api.request(DECIDE, { input: applicant(`shrink-b-${dialect}`) }, api.asApp)).data
      .decide;
    expect(first).toMatchObject({ outcome: 'APPROVE', approvedLimit: '30000.00' });
    expect(second).toMatchObject({ outcome: 'APPROVE', approvedLimit: '15000.00' });
    expect(second.reasons).toContainEqual({ code: 'EXPOSURE_BUDGET', rule: 'small-month' });
    // No decision is in tier Z: its count never moves.
    const used = await counters();
    expect(Object.keys(used).some((key) => key.startsWith('tier-z-only|'))).toBe(false);
    const third = (await api.request(DECIDE, { input: applicant(`shrink-c-${dialect}`) }, api.asApp)).data
      .decide;
    expect(third.outcome).toBe('REFER');
    expect(third.reasons[0]).toEqual({ code: 'EXPOSURE_BUDGET', rule: 'small-month' });

    // The budgets' verdicts are part of each decision: a replay settles them again to the same result.
    const replay = await api.request(
      REPLAY,
      { input: { filter: { from: first.decidedAt } } },
      await api.asUser('qa@spillway.local'),
    );
    expect(replay.errors).toBeUndefined();
    await api.spillway.services.jobs.idle();
    const replayed = (
      await api.request(
        READ_REPLAY,
        { id: replay.data.replayDecisions.id },
        await api.asUser('qa@spillway.local'),
      )
    ).data.backtest;
    expect(replayed).toMatchObject({ status: 'COMPLETED', casesTotal: 3, mismatches: 0 });
  });

  it('holds a person approving a referral to the budgets too, saying how much still fits', async () => {
    await publishPolicy(
      api,
      'EXPOSURE',
      budgetsDocument([
        { name: 'referrals', window: 'MONTH', measure: 'NEW_EXPOSURE', amount: 25_000, onExceed: 'SHRINK' },
      ]),
    );
    const RESOLVE = `mutation ($input: ResolveReferralInput!) {
      resolveReferral(input: $input) { referralStatus creditLine { limit } } }`;
    const risk = await api.asUser('risk@spillway.local');
    const refer = async (key: string) =>
      (await api.request(DECIDE, { input: applicant(key, { facts: { bureauScore: 600 } }) }, api.asApp)).data
        .decide;
    const first = await refer(`referred-a-${dialect}`);
    const second = await refer(`referred-b-${dialect}`);
    expect([first.outcome, second.outcome]).toEqual(['REFER', 'REFER']);
    const approve = (id: string, limit: string) =>
      api.request(
        RESOLVE,
        { input: { decisionId: id, action: 'APPROVE', limit, note: 'checked payslips' } },
        risk,
      );
    expect((await approve(first.id, '15000.00')).errors).toBeUndefined();
    const refused = await approve(second.id, '15000.00');
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'EXPOSURE_BUDGET',
      budget: 'referrals',
      maximum: '10000.00',
    });
    expect((await approve(second.id, '10000.00')).data.resolveReferral).toMatchObject({
      referralStatus: 'APPROVED',
      creditLine: { limit: '10000.00' },
    });
  });

  it('counts in the calendar day of the document time zone', async () => {
    await publishPolicy(api, 'EXPOSURE', {
      ...budgetsDocument([]),
      exposure: {
        timeZone: 'America/Los_Angeles',
        budgets: [{ name: 'la-day', window: 'DAY', measure: 'APPROVALS', amount: 1000, onExceed: 'REFER' }],
      },
    });
    const decided = (await api.request(DECIDE, { input: applicant(`zone-${dialect}`) }, api.asApp)).data
      .decide;
    const window = windowOf('DAY', 'America/Los_Angeles', new Date(decided.decidedAt));
    expect(decided.exposure.uses[0]).toMatchObject({ budget: 'la-day', window, used: 1 });
  });
});
