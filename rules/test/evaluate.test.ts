import { describe, expect, it } from 'vitest';
import { canonicalJson, evaluatePolicy, type PolicyDocument, PolicyError } from '../src/index.js';
import { AS_OF, goodApplicant, healthyLine, minimal, policy } from './helpers.js';

const evaluate = (document: PolicyDocument, facts: Record<string, unknown>) =>
  evaluatePolicy(document, { facts, asOf: AS_OF });
const codes = (reasons: { code: string }[]) => reasons.map((reason) => reason.code);

describe('evaluatePolicy: ADMISSION', () => {
  it('approves a good applicant and traces every rule, condition and derived fact', async () => {
    const result = await evaluate(policy('ADMISSION'), goodApplicant());
    expect(result.outcome).toBe('APPROVE');
    expect(result.reasons).toEqual([]);
    expect(result.trace.rules).toHaveLength(policy('ADMISSION').rules.length);
    expect(result.trace.rules.every((rule) => rule.fired === false && rule.conditions !== null)).toBe(true);
    expect(result.trace.rules[0].conditions).toEqual({
      all: [
        { fact: 'requestedAmount', value: 30000, operator: 'lessThanInclusive', compared: 0, result: false },
      ],
      result: false,
    });
    expect(result.trace.derived.map((d) => d.name)).toEqual(['newPayment', 'dsr']);
    expect(result.facts.dsr).toBeCloseTo((1500 + (result.facts.newPayment as number)) / 12000, 12);
    expect(result.trace.steps.at(-1)).toEqual({ step: 'outcome', detail: { outcome: 'APPROVE' } });
  });

  it('ranks declines before referrals, each by priority', async () => {
    const result = await evaluate(
      policy('ADMISSION'),
      goodApplicant({ maxDpd12m: 95, bureauScore: 500, employmentMonths: 2, inquiries3m: 9 }),
    );
    expect(result.outcome).toBe('DECLINE');
    expect(codes(result.reasons)).toEqual([
      'SEVERE_DELINQUENCY',
      'LOW_BUREAU_SCORE',
      'MANY_INQUIRIES',
      'SHORT_EMPLOYMENT',
    ]);
    expect(result.reasons[0]).toEqual({
      code: 'SEVERE_DELINQUENCY',
      message: 'A default (90+ DPD) in the last 12 months.',
      policyKind: 'ADMISSION',
      rule: 'severe-delinquency',
    });
  });

  it('refers with MISSING_FACT when a needed fact is missing, and skips the rules that need it', async () => {
    const facts = goodApplicant();
    delete facts.bureauScore;
    const result = await evaluate(policy('ADMISSION'), facts);
    expect(result.outcome).toBe('REFER');
    expect(result.reasons[0]).toMatchObject({ code: 'MISSING_FACT', message: 'bureauScore is missing' });
    const skipped = result.trace.rules.find((rule) => rule.name === 'low-bureau-score');
    expect(skipped).toMatchObject({ fired: false, skipped: 'needs bureauScore', conditions: null });
    expect(result.trace.factProblems).toEqual([
      { fact: 'bureauScore', code: 'MISSING_FACT', message: 'bureauScore is missing' },
    ]);
  });

  it('reports facts of the wrong type as INVALID_FACT, accepting decimal strings for money', async () => {
    const wrong = await evaluate(policy('ADMISSION'), goodApplicant({ monthlyIncome: 'lots', age: 30.5 }));
    expect(wrong.outcome).toBe('REFER');
    expect(codes(wrong.reasons)).toEqual(['INVALID_FACT', 'INVALID_FACT']);
    const decimal = await evaluate(policy('ADMISSION'), goodApplicant({ monthlyIncome: '12000.00' }));
    expect(decimal.outcome).toBe('APPROVE');
    expect(decimal.facts.monthlyIncome).toBe(12000);
  });

  it('declines zero income with a reason, never a NaN or Infinity', async () => {
    const result = await evaluate(policy('ADMISSION'), goodApplicant({ monthlyIncome: 0 }));
    expect(result.outcome).toBe('DECLINE');
    expect(codes(result.reasons)).toEqual(['NO_INCOME', 'DERIVED_FACT_UNAVAILABLE']);
    expect(canonicalJson(result)).not.toMatch(/NaN|Infinity/);
    expect(result.facts.dsr).toBeUndefined();
  });

  it('throws a coded PolicyError when the policy declares ERROR for missing facts', async () => {
    const strict = { ...policy('ADMISSION'), onMissingFact: { outcome: 'ERROR' as const } };
    await expect(evaluate(strict, {})).rejects.toThrowError(PolicyError);
    await expect(evaluate(strict, {})).rejects.toMatchObject({
      code: 'MISSING_FACT',
      path: expect.stringMatching(/^facts\./),
    });
  });

  it('can decline on missing facts when the policy says so', async () => {
    const strict = {
      ...policy('ADMISSION'),
      onMissingFact: { outcome: 'DECLINE' as const, reason: 'INCOMPLETE' },
    };
    const result = await evaluate(strict, goodApplicant({ age: undefined }));
    expect(result).toMatchObject({ outcome: 'DECLINE', reasons: [{ code: 'INCOMPLETE' }] });
  });

  it('rejects an invalid policy, asOf or facts with a coded error', async () => {
    await expect(evaluate(minimal('ADMISSION', { rules: 'x' as never }), {})).rejects.toMatchObject({
      code: 'POLICY_INVALID',
      problems: [expect.objectContaining({ code: 'INVALID_TYPE' })],
    });
    await expect(evaluatePolicy(policy('ADMISSION'), { facts: {}, asOf: 'yesterday' })).rejects.toMatchObject(
      { code: 'INVALID_AS_OF' },
    );
    await expect(
      evaluatePolicy(policy('ADMISSION'), { facts: null as never, asOf: AS_OF }),
    ).rejects.toMatchObject({ code: 'INVALID_FACTS' });
  });
});

describe('evaluatePolicy: LIMIT', () => {
  it('caps the request by income, the absolute cap and affordability, floored to the step', async () => {
    const result = await evaluate(policy('LIMIT'), goodApplicant({ requestedAmount: 150000 }));
    expect(result.outcome).toBe('APPROVE');
    expect(result.limit).toEqual({ approvedLimit: 47500, affordableLimit: 47500, step: 100 });
    expect(codes(result.reasons)).toEqual(['TOTAL_EXPOSURE_CAP']);
    expect(result.trace.steps.map((step) => step.step)).toEqual([
      'affordable',
      'base',
      'cap',
      'cap',
      'cap',
      'floor',
      'outcome',
    ]);
  });

  it('applies multipliers and conditional caps from rules', async () => {
    const fair = await evaluate(policy('LIMIT'), goodApplicant({ requestedAmount: 30000, bureauScore: 650 }));
    expect(fair.limit?.approvedLimit).toBe(24000);
    expect(codes(fair.reasons)).toEqual(['FAIR_SCORE_HAIRCUT']);
    const newJob = await evaluate(policy('LIMIT'), goodApplicant({ employmentMonths: 3 }));
    expect(newJob.limit?.approvedLimit).toBe(5000);
    expect(codes(newJob.reasons)).toEqual(['SHORT_EMPLOYMENT_CAP']);
  });

  it('counts existing lines against the per-borrower caps', async () => {
    const result = await evaluate(
      policy('LIMIT'),
      goodApplicant({ requestedAmount: 40000, existingLimit: 30000 }),
    );
    expect(result.limit?.approvedLimit).toBe(17500);
    expect(codes(result.reasons)).toContain('TOTAL_EXPOSURE_CAP');
  });

  it('declines below the minimum limit, refers a negative request and caps a huge one', async () => {
    const poor = await evaluate(
      policy('LIMIT'),
      goodApplicant({ monthlyIncome: 3000, monthlyDebtService: 1500 }),
    );
    expect(poor).toMatchObject({ outcome: 'DECLINE', limit: { approvedLimit: 0, affordableLimit: 0 } });
    expect(codes(poor.reasons)).toContain('LIMIT_BELOW_MINIMUM');
    const negative = await evaluate(policy('LIMIT'), goodApplicant({ requestedAmount: -5000 }));
    expect(negative).toMatchObject({ outcome: 'REFER', limit: { approvedLimit: null } });
    expect(codes(negative.reasons)).toEqual(['INVALID_FACT', 'LIMIT_NOT_COMPUTABLE']);
    const huge = await evaluate(policy('LIMIT'), goodApplicant({ requestedAmount: 1e8, monthlyIncome: 1e7 }));
    expect(huge.limit?.approvedLimit).toBe(200000);
    expect(codes(huge.reasons)).toEqual(['ABSOLUTE_CAP']);
  });

  it('gives the figures its messages embed as params, so clients can word them in any language', async () => {
    const capped = await evaluate(policy('LIMIT'), goodApplicant({ requestedAmount: 150000 }));
    expect(capped.reasons[0]).toMatchObject({
      code: 'TOTAL_EXPOSURE_CAP',
      params: { cap: 'total-exposure' },
    });
    expect(capped.reasons[0].message).toContain(String(capped.reasons[0].params?.value));
    const fair = await evaluate(policy('LIMIT'), goodApplicant({ requestedAmount: 30000, bureauScore: 650 }));
    expect(fair.reasons[0].params).toEqual({ factor: 0.8 });
    const poor = await evaluate(
      policy('LIMIT'),
      goodApplicant({ monthlyIncome: 3000, monthlyDebtService: 1500 }),
    );
    expect(poor.reasons.find((reason) => reason.code === 'LIMIT_BELOW_MINIMUM')?.params).toEqual({
      limit: 0,
      minimum: 1000,
    });
    const missing = await evaluate(policy('LIMIT'), goodApplicant({ termMonths: undefined }));
    expect(missing.reasons.map((reason) => reason.params)).toEqual([
      { fact: 'termMonths' },
      { what: 'affordable' },
    ]);
  });

  it('refers when the limit cannot be computed', async () => {
    const result = await evaluate(policy('LIMIT'), goodApplicant({ termMonths: undefined }));
    expect(result.outcome).toBe('REFER');
    expect(result.limit?.approvedLimit).toBeNull();
    expect(codes(result.reasons)).toEqual(['MISSING_FACT', 'LIMIT_NOT_COMPUTABLE']);
  });
});

describe('evaluatePolicy: PRICING', () => {
  it('assigns the first tier by priority, adjusts, and clamps to the ceiling', async () => {
    const prime = await evaluate(
      policy('PRICING'),
      goodApplicant({ bureauScore: 760, approvedLimit: 120000 }),
    );
    expect(prime.pricing).toEqual({ riskTier: 'A', aprBps: 1020, termMonths: 12 });
    expect(codes(prime.reasons)).toEqual(['TIER_A', 'LARGE_LINE_DISCOUNT']);
    const risky = await evaluate(
      policy('PRICING'),
      goodApplicant({ bureauScore: 590, multiLenderCount: 4, inquiries3m: 5, approvedLimit: 5000 }),
    );
    expect(risky.pricing).toEqual({ riskTier: 'D', aprBps: 2400, termMonths: 12 });
    expect(codes(risky.reasons)).toEqual(['MULTI_LENDER_PREMIUM', 'INQUIRY_PREMIUM', 'APR_CEILING']);
  });

  it('moves a term the tier does not offer to the next longer one, or the longest', async () => {
    const nine = await evaluate(policy('PRICING'), goodApplicant({ termMonths: 9, approvedLimit: 10000 }));
    expect(nine.pricing?.termMonths).toBe(12);
    const long = await evaluate(
      policy('PRICING'),
      goodApplicant({ termMonths: 48, bureauScore: 610, approvedLimit: 10000 }),
    );
    expect(long.pricing).toMatchObject({ riskTier: 'C', termMonths: 12 });
  });

  it('refers with NO_TIER when no tier applies and there is no fallback', async () => {
    const document = policy('PRICING');
    delete document.pricing!.fallbackTier;
    const result = await evaluate(document, goodApplicant({ bureauScore: 500, approvedLimit: 1000 }));
    expect(result).toMatchObject({
      outcome: 'REFER',
      pricing: { riskTier: null, aprBps: null },
      reasons: [{ code: 'NO_TIER' }],
    });
  });
});

describe('evaluatePolicy: MONITORING', () => {
  it('leaves a healthy line alone', async () => {
    const result = await evaluate(policy('MONITORING'), healthyLine());
    expect(result).toMatchObject({
      outcome: 'APPROVE',
      reasons: [],
      monitoring: { alerts: [], proposedLimit: null, notifications: [] },
    });
  });

  it('alerts on overflow and proposes a cut to the affordable limit, never below the drawn balance', async () => {
    const result = await evaluate(
      policy('MONITORING'),
      healthyLine({ monthlyIncome: 4000, existingLimit: 30000, drawnBalance: 9000 }),
    );
    expect(result.outcome).toBe('REFER');
    expect(result.monitoring?.alerts).toEqual([
      {
        indicator: 'overflow',
        severity: 'HIGH',
        reason: 'LIMIT_ABOVE_AFFORDABLE',
        rule: 'limit-above-affordable',
      },
    ]);
    expect(result.monitoring?.proposedLimit).toBe(9000);
  });

  it('flags worsening delinquency, a falling payment ratio and a utilisation spike', async () => {
    const result = await evaluate(
      policy('MONITORING'),
      healthyLine({
        monthsDelinquent6m: 2,
        monthsDelinquentPrior6m: 0,
        paymentRatio: 0.6,
        utilization: 1,
        utilization3mAgo: 0.4,
      }),
    );
    expect(result.monitoring?.alerts.map((alert) => alert.reason)).toEqual([
      'WORSENING_DELINQUENCY',
      'FALLING_PAYMENT_RATIO',
      'UTILIZATION_SPIKE',
      'HIGH_UTILIZATION',
    ]);
    expect(result.monitoring?.notifications).toEqual([
      { template: 'payment-reminder', rule: 'payment-reminder' },
    ]);
  });
});

describe('determinism and isolation', () => {
  it('gives byte-identical results for the same input, even run concurrently', async () => {
    const inputs = [
      goodApplicant(),
      goodApplicant({ bureauScore: 560 }),
      goodApplicant({ maxDpd12m: 120 }),
      goodApplicant({ age: undefined }),
    ];
    const first = await Promise.all(inputs.map((facts) => evaluate(policy('ADMISSION'), facts)));
    const second = await Promise.all(
      [...inputs].reverse().map((facts) => evaluate(policy('ADMISSION'), facts)),
    );
    expect(first.map((r) => canonicalJson(r))).toEqual(second.reverse().map((r) => canonicalJson(r)));
    expect(first.map((r) => r.outcome)).toEqual(['APPROVE', 'REFER', 'DECLINE', 'REFER']);
  });

  it('does not let the caller mutate its inputs through the result', async () => {
    const document = policy('ADMISSION');
    const facts = goodApplicant();
    const before = canonicalJson({ document, facts });
    const result = await evaluate(document, facts);
    result.facts.age = 99;
    expect(canonicalJson({ document, facts })).toBe(before);
    expect((await evaluate(document, facts)).facts.age).toBe(30);
  });
});

describe('evaluatePolicy: MONITORING edge cases', () => {
  it('does not propose a "cut" to a limit at or above the current one', async () => {
    // over-limit: the drawn balance exceeds the line, so the cut target is above the current limit
    const result = await evaluate(
      policy('MONITORING'),
      healthyLine({ monthlyIncome: 4000, existingLimit: 10000, drawnBalance: 12000, utilization: 1.2 }),
    );
    expect(result.monitoring?.alerts.map((alert) => alert.reason)).toContain('LIMIT_ABOVE_AFFORDABLE');
    expect(result.monitoring?.proposedLimit).toBeNull();
  });
});

describe('evaluatePolicy: fact domains', () => {
  it('never uses a fact outside its domain: it is INVALID_FACT, naming the bound', async () => {
    const result = await evaluate(
      policy('ADMISSION'),
      goodApplicant({ monthlyDebtService: -5000, monthlyIncome: 5000, requestedAmount: 60000 }),
    );
    expect(result.outcome).toBe('REFER');
    expect(result.trace.factProblems).toEqual([
      {
        fact: 'monthlyDebtService',
        code: 'INVALID_FACT',
        message: 'monthlyDebtService must be at least 0, got -5000',
      },
    ]);
    expect(result.facts.monthlyDebtService).toBeUndefined();
    expect(result.trace.rules.find((rule) => rule.name === 'dsr-above-cap')?.skipped).toBe('needs dsr');
  });

  it('reads decimal strings before checking the domain', async () => {
    const result = await evaluate(policy('ADMISSION'), goodApplicant({ monthlyDebtService: '-5000.00' }));
    expect(result.trace.factProblems).toMatchObject([{ fact: 'monthlyDebtService', code: 'INVALID_FACT' }]);
  });

  it('stops an approval for a supplied fact no rule reads', async () => {
    const result = await evaluate(
      policy('ADMISSION'),
      goodApplicant({ utilization: -5, purpose: 'x'.repeat(100) }),
    );
    expect(result.outcome).toBe('REFER');
    expect(result.trace.factProblems.map((problem) => problem.fact)).toEqual(['purpose', 'utilization']);
    expect(result.trace.factProblems[0].message).toBe(
      `purpose must be at most 64 characters, got "${'x'.repeat(40)}... (100 characters)"`,
    );
  });

  it('throws the coded error when the policy says ERROR', async () => {
    const strict = { ...policy('ADMISSION'), onMissingFact: { outcome: 'ERROR' as const } };
    await expect(evaluate(strict, goodApplicant({ bureauScore: 900 }))).rejects.toMatchObject({
      code: 'INVALID_FACT',
      path: 'facts.bureauScore',
      message: 'bureauScore must be at most 850, got 900',
    });
  });

  it.each([
    '0001-01-01T00:00:00Z',
    '9999-12-31T00:00:00Z',
    '1999-12-31T23:59:59Z',
    '2101-01-01',
    '2100-12-31T23:00:00-05:00',
  ])('refuses asOf %s with INVALID_AS_OF', async (asOf) => {
    await expect(evaluatePolicy(policy('ADMISSION'), { facts: goodApplicant(), asOf })).rejects.toMatchObject(
      {
        code: 'INVALID_AS_OF',
        path: 'asOf',
      },
    );
  });

  it.each(['2000-01-01', '2000-01-01T00:00:00Z', '2100-12-31T23:59:59Z'])('accepts asOf %s', async (asOf) => {
    const result = await evaluatePolicy(policy('ADMISSION'), { facts: goodApplicant(), asOf });
    expect(result.trace.asOf).toBe(asOf);
  });
});
