import { defaultPolicies } from '@spillway/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from './support/databases.js';
import { applicant, DECIDE } from './support/decide.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const TRY = `mutation ($input: TryPolicyInput!) { tryPolicy(input: $input) { result trace problems { code path message severity } } }`;
const FACTS = {
  monthlyIncome: 15000,
  age: 31,
  employmentMonths: 40,
  bureauScore: 720,
  multiLenderCount: 1,
  inquiries3m: 1,
  maxDpd12m: 0,
  monthlyDebtService: 1200,
};
const APPLICATION = { requestedAmount: '30000.00', termMonths: 12 };
const AS_OF = '2026-11-01T00:00:00.000Z';

/** The default LIMIT policy with one more cap, so the tried draft visibly changes the decision. */
function cappedLimit(cap: number) {
  const limit = defaultPolicies().LIMIT as unknown as { limit: { caps: object[] } };
  limit.limit.caps.push({
    name: 'try-cap',
    description: 'A cap only this test adds.',
    value: String(cap),
    reason: 'TRY_CAP',
  });
  return limit;
}

describe.each(dialects)('tryPolicy on %s', (dialect) => {
  let api: TestApi;
  let risk: Record<string, string>;

  async function tryPolicy(input: Record<string, unknown>, headers = risk) {
    return api.request(TRY, { input: { asOf: AS_OF, ...input } }, headers);
  }

  beforeAll(async () => {
    api = await startTestApi(dialect);
    risk = await api.asUser('risk@spillway.local');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('tries EXPOSURE budgets on a case against the counters as they stand, writing nothing', async () => {
    const budgets = (amount: number) => ({
      ...defaultPolicies().EXPOSURE,
      exposure: {
        budgets: [{ name: 'tiny', window: 'DAY', measure: 'NEW_EXPOSURE', amount, onExceed: 'SHRINK' }],
      },
    });
    const roomy = await tryPolicy({ document: budgets(1_000_000), facts: FACTS, application: APPLICATION });
    expect(roomy.errors).toBeUndefined();
    expect(roomy.data.tryPolicy.result.exposure).toMatchObject({
      verdict: { outcome: 'FIT', increaseFen: 3_000_000 },
      uses: [{ budget: 'tiny', added: 3_000_000, left: 97_000_000 }],
    });
    const tight = await tryPolicy({ document: budgets(10_000), facts: FACTS, application: APPLICATION });
    expect(tight.data.tryPolicy.result.exposure.verdict).toEqual({
      outcome: 'SHRINK',
      increaseFen: 1_000_000,
      budget: 'tiny',
    });
  });

  it('runs an unsaved LIMIT document with the published ADMISSION and PRICING around it', async () => {
    const baseline = await tryPolicy({
      document: defaultPolicies().LIMIT,
      facts: FACTS,
      application: APPLICATION,
    });
    expect(baseline.errors).toBeUndefined();
    expect(baseline.data.tryPolicy.result).toMatchObject({ outcome: 'APPROVE', approvedLimit: 30000 });

    const capped = await tryPolicy({ document: cappedLimit(12000), facts: FACTS, application: APPLICATION });
    expect(capped.errors).toBeUndefined();
    const { result, trace } = capped.data.tryPolicy;
    expect(result).toMatchObject({ outcome: 'APPROVE', approvedLimit: 12000, overflow: false });
    expect(result.aprBps).toBeGreaterThan(0);
    expect(result.riskTier).toBeTruthy();
    expect(result.reasons.map((reason: { code: string }) => reason.code)).toContain('TRY_CAP');
    expect(Object.keys(result.revisions).sort()).toEqual(['ADMISSION', 'LIMIT', 'PRICING']);
    expect(trace.stages.map((stage: { kind: string }) => stage.kind)).toEqual([
      'ADMISSION',
      'LIMIT',
      'PRICING',
    ]);
  });

  it('runs any stored version, a draft included', async () => {
    const policies = await api.request('query { policies { id kind } }', {}, risk);
    const limitPolicy = policies.data.policies.find((policy: { kind: string }) => policy.kind === 'LIMIT');
    const draft = await api.request(
      'mutation ($input: CreateDraftInput!) { createDraft(input: $input) { id lockVersion } }',
      { input: { policyId: limitPolicy.id } },
      risk,
    );
    const { id, lockVersion } = draft.data.createDraft;
    const updated = await api.request(
      'mutation ($input: UpdateDraftInput!) { updateDraft(input: $input) { id } }',
      { input: { versionId: id, document: cappedLimit(8000), expectedLockVersion: lockVersion } },
      risk,
    );
    expect(updated.errors).toBeUndefined();
    const tried = await tryPolicy({ versionId: id, facts: FACTS, application: APPLICATION });
    expect(tried.errors).toBeUndefined();
    expect(tried.data.tryPolicy.result.approvedLimit).toBe(8000);
  });

  it('refuses an invalid document with every problem', async () => {
    const result = await tryPolicy({ document: { kind: 'LIMIT', rules: 3 }, facts: FACTS });
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('POLICY_INVALID');
    const problems = error?.extensions?.problems as { code: string; path: string; message: string }[];
    expect(problems.map((problem) => [problem.code, problem.path])).toEqual(
      expect.arrayContaining([
        ['MISSING_FIELD', '$.name'],
        ['INVALID_TYPE', '$.rules'],
      ]),
    );
    expect(problems.every((problem) => problem.message)).toBe(true);
  });

  it.each([
    [{ facts: FACTS }, 'input.document'],
    [
      { document: defaultPolicies().LIMIT, versionId: '00000000-0000-4000-8000-000000000000', facts: FACTS },
      'input.document',
    ],
    [{ document: defaultPolicies().LIMIT }, 'input.facts'],
    [
      { document: defaultPolicies().LIMIT, facts: FACTS, decisionId: '00000000-0000-4000-8000-000000000000' },
      'input.facts',
    ],
    [
      { document: defaultPolicies().LIMIT, borrowerId: '00000000-0000-4000-8000-000000000000' },
      'input.application',
    ],
  ])('wants exactly one policy source and one case source (%#)', async (input, field) => {
    const result = await tryPolicy(input);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it("replays a stored decision's facts, and a borrower's stored profile", async () => {
    const decided = await api.request(DECIDE, { input: applicant(`try-${dialect}`) }, api.asApp);
    expect(decided.errors).toBeUndefined();
    const decision = decided.data.decide;
    const fromDecision = await tryPolicy({ document: defaultPolicies().ADMISSION, decisionId: decision.id });
    expect(fromDecision.errors).toBeUndefined();
    expect(fromDecision.data.tryPolicy.result).toMatchObject({
      outcome: decision.outcome,
      approvedLimit: Number(decision.approvedLimit),
    });

    const fromBorrower = await tryPolicy({
      document: cappedLimit(5000),
      borrowerId: decision.borrower.id,
      application: APPLICATION,
      // Bureau facts only: the income must come from the borrower's stored profile.
      facts: applicant('try-borrower').facts,
    });
    expect(fromBorrower.errors).toBeUndefined();
    expect(fromBorrower.data.tryPolicy.result).toMatchObject({ outcome: 'APPROVE', approvedLimit: 5000 });
    expect(fromBorrower.data.tryPolicy.result.facts.monthlyIncome).toBe(15000);
  });

  it('runs a MONITORING document alone', async () => {
    const result = await tryPolicy({
      document: defaultPolicies().MONITORING,
      facts: { ...FACTS, existingLimit: 60000, drawnBalance: 59000, currentDpd: 45 },
    });
    expect(result.errors).toBeUndefined();
    const { result: monitored } = result.data.tryPolicy;
    expect(monitored.kind).toBe('MONITORING');
    expect(monitored.monitoring.alerts.length).toBeGreaterThan(0);
  });

  it('writes nothing', async () => {
    const counts = async () => {
      const em = api.orm.em.fork();
      const tables: Record<string, number> = {};
      for (const meta of Object.values(api.orm.getMetadata().getAll())) {
        if (!meta.abstract && !meta.embeddable) tables[meta.tableName] = await em.count(meta.class, {});
      }
      return tables;
    };
    const before = await counts();
    for (const headers of [
      risk,
      await api.asUser('qa@spillway.local'),
      await api.asUser('approver@spillway.local'),
    ]) {
      const result = await tryPolicy(
        { document: cappedLimit(9000), facts: FACTS, application: APPLICATION },
        headers,
      );
      expect(result.errors).toBeUndefined();
    }
    await tryPolicy({ document: { kind: 'LIMIT' }, facts: FACTS });
    expect(await counts()).toEqual(before);
  });
});
