/**
 * The hostile-caller property: facts drawn inside and outside the catalog domains. Whenever any supplied
 * fact is outside its domain the default policies never APPROVE (a decision, or "leave the line alone"
 * in monitoring), and nothing but a coded PolicyError is ever thrown.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkFactValue,
  compilePolicy,
  defaultPolicies,
  evaluatePipeline,
  evaluatePolicy,
  type FactDefinition,
  factCatalog,
  PolicyError,
} from '../src/index.js';
import { AS_OF, goodApplicant, healthyLine } from './helpers.js';

const SEED = 20261203;
const { ADMISSION, LIMIT, PRICING, MONITORING } = defaultPolicies();
const policies = {
  ADMISSION: compilePolicy(ADMISSION),
  LIMIT: compilePolicy(LIMIT),
  PRICING: compilePolicy(PRICING),
};
const monitoring = compilePolicy(MONITORING);

function inside(fact: FactDefinition): fc.Arbitrary<unknown> {
  const { domain } = fact;
  switch (fact.type) {
    case 'integer':
      return fc.integer({ min: domain.minimum ?? 0, max: domain.maximum ?? 0 });
    case 'number': {
      const min = domain.minimum ?? (domain.exclusiveMinimum ?? 0) + 0.01;
      const max = domain.maximum ?? 0;
      return fc.oneof(fc.double({ min, max, noNaN: true }), fc.constantFrom(min, max));
    }
    case 'string':
      return domain.pattern?.startsWith('^[A-Z]')
        ? fc.stringMatching(new RegExp(domain.pattern))
        : fc.string({ maxLength: domain.maxLength });
    case 'boolean':
      return fc.boolean();
  }
}

function outside(fact: FactDefinition): fc.Arbitrary<unknown> {
  const { domain } = fact;
  const wrongType = fc.constantFrom('lots', Number.NaN, Number.POSITIVE_INFINITY, true, [], {});
  if (fact.type === 'string') {
    const tooLong = fc.string({
      minLength: (domain.maxLength ?? 0) + 1,
      maxLength: (domain.maxLength ?? 0) + 100,
    });
    const odd = fc.constantFrom('\u0000', 'cn-31', 'Shanghai', 'CN-', 42);
    // which odd strings break a domain depends on the fact: only a region has a pattern
    return fc.oneof(tooLong, odd).filter((value) => checkFactValue(fact.name, value) !== null);
  }
  const low = domain.minimum ?? domain.exclusiveMinimum ?? 0;
  const high = domain.maximum ?? 0;
  const below = fc.double({ min: -1e15, max: low, noNaN: true }).filter((value) => value < low);
  const above = fc.double({ min: high, max: 1e15, noNaN: true }).filter((value) => value > high);
  const edge = domain.exclusiveMinimum !== undefined ? [fc.constant(domain.exclusiveMinimum)] : [];
  const fraction = fact.type === 'integer' ? [fc.constant(Math.floor((low + high) / 2) + 0.5)] : [];
  return fc.oneof(below, above, ...edge, ...fraction, wrongType);
}

/** Every catalog fact, each absent, inside or outside its domain. */
const anyFacts = fc.record(
  Object.fromEntries(factCatalog.map((fact) => [fact.name, fc.oneof(inside(fact), outside(fact))])),
  { requiredKeys: [] },
) as fc.Arbitrary<Record<string, unknown>>;

/** One catalog fact outside its domain, and the name of it. */
const oneBad = fc
  .constantFrom(...factCatalog)
  .chain((fact) => outside(fact).map((value) => [fact.name, value] as const));

const outOfDomain = (facts: Record<string, unknown>) =>
  Object.entries(facts).some(
    ([name, value]) => value !== undefined && value !== null && checkFactValue(name, value) !== null,
  );

async function onlyPolicyErrors<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return undefined;
  }
}

describe('facts inside and outside their domains', () => {
  it('never approves a good applicant with any one fact outside its domain', async () => {
    await fc.assert(
      fc.asyncProperty(oneBad, async ([name, value]) => {
        const facts = goodApplicant({ [name]: value });
        const result = await onlyPolicyErrors(() => evaluatePipeline({ policies, facts, asOf: AS_OF }));
        expect(result?.outcome).not.toBe('APPROVE');
      }),
      { numRuns: 400, seed: SEED },
    );
  });

  it('never approves when any fact is outside its domain, and throws only PolicyError', async () => {
    await fc.assert(
      fc.asyncProperty(anyFacts, async (drawn) => {
        const facts = { ...goodApplicant(), ...drawn };
        const result = await onlyPolicyErrors(() => evaluatePipeline({ policies, facts, asOf: AS_OF }));
        if (result && outOfDomain(facts)) expect(result.outcome).not.toBe('APPROVE');
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('approves good applicants whose facts are all inside their domains, some of the time', async () => {
    const applicant = fc.record({
      bureauScore: fc.integer({ min: 700, max: 850 }),
      monthlyIncome: fc.double({ min: 10_000, max: 1e6, noNaN: true }),
      age: fc.integer({ min: 25, max: 60 }),
    });
    let approved = 0;
    await fc.assert(
      fc.asyncProperty(applicant, async (drawn) => {
        const result = await evaluatePipeline({ policies, facts: goodApplicant(drawn), asOf: AS_OF });
        if (result.outcome === 'APPROVE') approved += 1;
      }),
      { numRuns: 50, seed: SEED },
    );
    expect(approved).toBeGreaterThan(25);
  });

  it('never leaves a monitored line alone when one of its facts is outside its domain', async () => {
    await fc.assert(
      fc.asyncProperty(oneBad, async ([name, value]) => {
        const facts = healthyLine({ [name]: value });
        const result = await onlyPolicyErrors(() => evaluatePolicy(monitoring, { facts, asOf: AS_OF }));
        expect(result?.outcome).not.toBe('APPROVE');
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});
