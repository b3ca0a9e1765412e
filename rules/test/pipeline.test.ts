import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  compilePolicy,
  defaultPolicies,
  evaluatePipeline,
  evaluatePipelines,
  firedRulesOf,
  isCompiledPolicy,
  revision,
} from '../src/index.js';
import { AS_OF, goodApplicant } from './helpers.js';
import { readTaiwanCases } from './taiwan-cases.js';

const run = (facts: Record<string, unknown>, policies = defaultPolicies()) =>
  evaluatePipeline({ policies, facts, asOf: AS_OF });

describe('evaluatePipeline', () => {
  it('approves, limits and prices a good applicant', async () => {
    const result = await run(goodApplicant());
    expect(result).toMatchObject({
      outcome: 'APPROVE',
      approvedLimit: 30000,
      aprBps: 1440,
      termMonths: 12,
      riskTier: 'B',
      affordableLimit: 47500,
      overflow: false,
      reasons: [{ code: 'TIER_B', policyKind: 'PRICING', rule: 'tier-b' }],
    });
    const policies = defaultPolicies();
    expect(result.revisions).toEqual({
      ADMISSION: revision(policies.ADMISSION),
      LIMIT: revision(policies.LIMIT),
      PRICING: revision(policies.PRICING),
    });
    expect(result.trace.stages.map((stage) => stage.kind)).toEqual(['ADMISSION', 'LIMIT', 'PRICING']);
    expect(result.facts).toMatchObject({
      dsr: expect.any(Number),
      affordableLimit: expect.any(Number),
      approvedLimit: 30000,
    });
    expect(Object.keys(result.facts)).toEqual(Object.keys(result.facts).sort());
  });

  it('stops after a decline with no limit, price or tier', async () => {
    const result = await run(goodApplicant({ maxDpd12m: 120 }));
    expect(result).toMatchObject({
      outcome: 'DECLINE',
      approvedLimit: null,
      aprBps: null,
      termMonths: null,
      riskTier: null,
      affordableLimit: null,
      overflow: false,
    });
    expect(result.trace.stages).toHaveLength(1);
  });

  it('computes limit and price for a referral', async () => {
    const result = await run(goodApplicant({ bureauScore: 600 }));
    expect(result).toMatchObject({ outcome: 'REFER', approvedLimit: 18000, riskTier: 'C', aprBps: 1800 });
    expect(result.reasons.map((reason) => [reason.policyKind, reason.code])).toEqual([
      ['ADMISSION', 'MARGINAL_BUREAU_SCORE'],
      ['LIMIT', 'MARGINAL_SCORE_HAIRCUT'],
      ['PRICING', 'TIER_C'],
    ]);
  });

  it('turns a limit below the minimum into a decline', async () => {
    const result = await run(goodApplicant({ requestedAmount: 800 }));
    expect(result.outcome).toBe('DECLINE');
    expect(result.approvedLimit).toBeNull();
    expect(result.reasons[0]).toMatchObject({ code: 'LIMIT_BELOW_MINIMUM', policyKind: 'LIMIT' });
  });

  it('flags overflow when existing lines plus the new one exceed capacity', async () => {
    const policies = defaultPolicies();
    // without the total-exposure cap, the new line is sized on its own and the borrower overflows
    policies.LIMIT.limit!.caps = policies.LIMIT.limit!.caps!.filter((cap) => cap.name !== 'total-exposure');
    const result = await run(goodApplicant({ existingLimit: 30000, requestedAmount: 30000 }), policies);
    expect(result.approvedLimit).toBe(18000);
    expect(result.affordableLimit).toBe(47500);
    expect(result.overflow).toBe(true);
    const capped = await run(goodApplicant({ existingLimit: 30000, requestedAmount: 30000 }));
    expect(capped).toMatchObject({ approvedLimit: 17500, overflow: false });
  });

  it('runs ADMISSION alone when no other policy is given', async () => {
    const { ADMISSION } = defaultPolicies();
    const result = await evaluatePipeline({ policies: { ADMISSION }, facts: goodApplicant(), asOf: AS_OF });
    expect(result).toMatchObject({
      outcome: 'APPROVE',
      approvedLimit: null,
      aprBps: null,
      affordableLimit: null,
    });
  });

  it('refers an empty application with MISSING_FACT and no exception', async () => {
    const result = await run({});
    expect(result.outcome).toBe('REFER');
    expect(
      result.reasons.every((reason) => ['MISSING_FACT', 'LIMIT_NOT_COMPUTABLE'].includes(reason.code)),
    ).toBe(true);
    expect(result.approvedLimit).toBeNull();
  });

  it('is deterministic and JSON-serialisable, byte for byte', async () => {
    const facts = goodApplicant({ bureauScore: 610, multiLenderCount: 5 });
    const [a, b] = await Promise.all([run(facts), run(structuredClone(facts))]);
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(canonicalJson(a)).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('accepts compiled policies and gives the same result as documents', async () => {
    const documents = defaultPolicies();
    const compiled = {
      ADMISSION: compilePolicy(documents.ADMISSION),
      LIMIT: compilePolicy(documents.LIMIT),
      PRICING: compilePolicy(documents.PRICING),
    };
    expect(isCompiledPolicy(compiled.LIMIT)).toBe(true);
    expect(isCompiledPolicy(JSON.parse(JSON.stringify(compiled.LIMIT)))).toBe(false);
    expect(compiled.LIMIT.revision).toBe(revision(documents.LIMIT));
    const facts = goodApplicant({ bureauScore: 650 });
    expect(canonicalJson(await run(facts, documents as never))).toBe(
      canonicalJson(await run(facts, compiled as never)),
    );
  });

  it('refuses to run without an ADMISSION policy', async () => {
    await expect(evaluatePipeline({ policies: {} as never, facts: {}, asOf: AS_OF })).rejects.toMatchObject({
      code: 'MISSING_POLICY',
    });
  });
});

describe('evaluatePipelines, a backtest case under two policy sets', () => {
  const cases = readTaiwanCases()
    .slice(0, 1500)
    .map(({ facts, application }) => ({ ...facts, ...application }));
  const compiled = (policies: ReturnType<typeof defaultPolicies>) => ({
    ADMISSION: compilePolicy(policies.ADMISSION),
    LIMIT: compilePolicy(policies.LIMIT),
    PRICING: compilePolicy(policies.PRICING),
  });
  const baseline = compiled(defaultPolicies());
  const stricter = defaultPolicies();
  stricter.ADMISSION.parameters = { ...stricter.ADMISSION.parameters, minBureauScore: 650 };
  const tighter = defaultPolicies();
  tighter.LIMIT.parameters = { ...tighter.LIMIT.parameters, absoluteCap: 20000 };

  it.each([
    ['a stricter ADMISSION', compiled(stricter)],
    ['a tighter LIMIT (PRICING then prices other limits)', compiled(tighter)],
    ['the same policies', baseline],
  ])('gives each side what evaluatePipeline gives it alone, with %s', async (_, candidate) => {
    let shared = 0;
    for (const facts of cases) {
      const [first, second] = await evaluatePipelines(baseline, candidate, facts, AS_OF);
      const alone = [
        await evaluatePipeline({ policies: baseline, facts, asOf: AS_OF }),
        await evaluatePipeline({ policies: candidate, facts, asOf: AS_OF }),
      ];
      expect(JSON.stringify([first, second])).toBe(JSON.stringify(alone));
      first.trace.stages.forEach((stage, at) => {
        if (second.trace.stages[at] === stage) shared++;
      });
    }
    // a stage is shared only where both sides ran it with one revision on the same inputs
    expect(shared).toBeGreaterThan(0);
  });

  it('shares no stage whose revision or approved limit differs', async () => {
    const candidate = compiled(tighter);
    for (const facts of cases) {
      const [first, second] = await evaluatePipelines(baseline, candidate, facts, AS_OF);
      first.trace.stages.forEach((stage, at) => {
        const other = second.trace.stages[at];
        if (other !== stage) return;
        expect(stage.kind).not.toBe('LIMIT');
        if (stage.kind === 'PRICING') expect(first.approvedLimit).toBe(second.approvedLimit);
      });
    }
  });
});

describe('the trace as recorded', () => {
  const cases = [
    goodApplicant(),
    goodApplicant({ bureauScore: 600, maxDpd12m: 30 }),
    goodApplicant({ age: 16 }),
    goodApplicant({ monthlyIncome: undefined }),
    goodApplicant({ monthlyIncome: 'lots' }),
  ];

  it('reads the same however it is first read: by property, as JSON, spread, and its fired rules alike', async () => {
    for (const facts of cases) {
      // each read on a trace of its own, so each is the first read of it
      const stored = JSON.parse(JSON.stringify((await run(facts)).trace));
      const read = (await run(facts)).trace;
      expect(read.stages.map((stage) => stage.rules)).toEqual(
        stored.stages.map((stage: { rules: unknown }) => stage.rules),
      );
      expect(read.stages[0].rules).toBe(read.stages[0].rules);
      const spread = (await run(facts)).trace.stages.map((stage) => ({ ...stage }));
      expect(spread).toEqual(stored.stages);
      expect(firedRulesOf((await run(facts)).trace)).toEqual(firedRulesOf(stored));
      expect(Object.keys((await run(facts)).trace.stages[0])).toEqual([
        'kind',
        'policy',
        'revision',
        'asOf',
        'factProblems',
        'derived',
        'scorecards',
        'rules',
        'steps',
      ]);
    }
  });

  it('names the rules that fired without building the rule trace, as a stored trace names them', async () => {
    const result = await run(goodApplicant({ bureauScore: 600, maxDpd12m: 30 }));
    const fired = firedRulesOf(result.trace);
    expect(fired.length).toBeGreaterThan(0);
    expect(fired).toEqual(
      result.trace.stages.flatMap((stage) =>
        stage.rules.filter((rule) => rule.fired).map((rule) => `${stage.kind}:${rule.name}`),
      ),
    );
  });
});
