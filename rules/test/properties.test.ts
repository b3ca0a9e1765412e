import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, defaultPolicies, evaluatePipeline, evaluatePolicy } from '../src/index.js';
import { AS_OF } from './helpers.js';

const policies = defaultPolicies();
const { dsrCap, aprCeilingBps, absoluteCap, incomeCapDivisor } = policies.LIMIT.parameters!;
const CEILING = policies.PRICING.pricing!.aprCeilingBps;
const STEP = policies.LIMIT.limit!.step;
// floorToStep forgives float noise below a billionth of a step
const EPSILON = 1e-6;

const money = (max: number) => fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true });

const applicant = fc.record({
  // inside the catalog domains: test/domains.test.ts draws the values outside them
  requestedAmount: fc.oneof(
    fc.integer({ min: 1, max: 1_000_000 }),
    fc.double({ min: 0.01, max: 1e8, noNaN: true }),
  ),
  termMonths: fc.integer({ min: 1, max: 60 }),
  age: fc.integer({ min: 16, max: 80 }),
  monthlyIncome: money(200_000),
  employmentMonths: fc.integer({ min: 0, max: 480 }),
  monthlyDebtService: money(100_000),
  bureauScore: fc.integer({ min: 300, max: 850 }),
  multiLenderCount: fc.integer({ min: 0, max: 12 }),
  inquiries3m: fc.integer({ min: 0, max: 15 }),
  maxDpd12m: fc.integer({ min: 0, max: 180 }),
  existingLimit: money(300_000),
});

/** Anything at all in the facts, including wrong types and catalog names with junk. */
const junkFacts = fc.dictionary(
  fc.oneof(
    fc.constantFrom('monthlyIncome', 'bureauScore', 'requestedAmount', 'termMonths', 'age', 'existingLimit'),
    fc.string(),
  ),
  fc.oneof(fc.anything(), fc.double(), fc.constant(Number.NaN), fc.constant(Number.POSITIVE_INFINITY)),
);

const pipeline = (facts: Record<string, unknown>) => evaluatePipeline({ policies, facts, asOf: AS_OF });
const limitOf = async (facts: Record<string, unknown>) =>
  (await evaluatePolicy(policies.LIMIT, { facts, asOf: AS_OF })).limit?.approvedLimit ?? null;

describe('properties of the default pipeline', () => {
  it('gives the same output for the same input', async () => {
    await fc.assert(
      fc.asyncProperty(applicant, async (facts) => {
        const [a, b] = await Promise.all([pipeline(facts), pipeline({ ...facts })]);
        expect(canonicalJson(a)).toBe(canonicalJson(b));
      }),
      { numRuns: 100 },
    );
  });

  it('never throws and never outputs NaN or Infinity, whatever the facts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(junkFacts, applicant as fc.Arbitrary<Record<string, unknown>>),
        async (facts) => {
          const result = await pipeline(facts);
          expect(['APPROVE', 'DECLINE', 'REFER']).toContain(result.outcome);
          // canonicalJson throws NOT_SERIALIZABLE on any NaN or Infinity anywhere in the result
          expect(() => canonicalJson(result)).not.toThrow();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the limit within every cap and the affordable limit, in whole steps', async () => {
    await fc.assert(
      fc.asyncProperty(applicant, async (facts) => {
        const result = await pipeline(facts);
        if (result.approvedLimit === null) return;
        const limit = result.approvedLimit;
        expect(Number.isInteger(limit / STEP)).toBe(true);
        expect(limit).toBeGreaterThanOrEqual(0);
        expect(limit).toBeLessThanOrEqual(result.affordableLimit!);
        expect(limit + facts.existingLimit).toBeLessThanOrEqual(absoluteCap + EPSILON);
        expect(limit + facts.existingLimit).toBeLessThanOrEqual(
          (facts.monthlyIncome * 12) / incomeCapDivisor + EPSILON,
        );
        const payment = result.facts.affordableLimit as number;
        expect(limit).toBeLessThanOrEqual(payment + EPSILON);
        // the new line's payment at the ceiling APR fits the DSR cap
        const r = aprCeilingBps / 10_000 / 12;
        const newPayment = (limit * r) / (1 - (1 + r) ** -facts.termMonths);
        expect(facts.monthlyDebtService + newPayment).toBeLessThanOrEqual(
          dsrCap * facts.monthlyIncome + EPSILON,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('never prices above the APR ceiling', async () => {
    await fc.assert(
      fc.asyncProperty(applicant, async (facts) => {
        const result = await pipeline(facts);
        if (result.aprBps === null) return;
        expect(Number.isInteger(result.aprBps)).toBe(true);
        expect(result.aprBps).toBeLessThanOrEqual(CEILING);
        expect(result.aprBps).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('monotonicity of the default LIMIT policy', () => {
  it('never lowers the limit when income rises', async () => {
    await fc.assert(
      fc.asyncProperty(applicant, money(50_000), async (facts, raise) => {
        const before = await limitOf(facts);
        const after = await limitOf({ ...facts, monthlyIncome: facts.monthlyIncome + raise });
        expect(after).toBeGreaterThanOrEqual(before!);
      }),
      { numRuns: 300 },
    );
  });

  it('never raises the limit when existing debt rises', async () => {
    await fc.assert(
      fc.asyncProperty(applicant, money(20_000), async (facts, more) => {
        const before = await limitOf(facts);
        const after = await limitOf({ ...facts, monthlyDebtService: facts.monthlyDebtService + more });
        expect(after).toBeLessThanOrEqual(before!);
      }),
      { numRuns: 300 },
    );
  });
});
