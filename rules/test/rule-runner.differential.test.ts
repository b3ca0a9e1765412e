/**
 * The compiled rule runner against json-rules-engine itself: the same rules and facts through a fresh
 * Engine (allowUndefinedFacts, as evaluation used to build one) and through compileRule/runCompiledRules
 * must give the same results and failure results in the same order, the same events in the same order,
 * and the same `result` / `factResult` / `valueResult` on every condition (and none where the engine
 * gives none).
 */
import fc from 'fast-check';
import { Engine, type RuleProperties } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { CONDITION_OPERATORS, compilePolicy, defaultPolicies, PolicyError } from '../src/index.js';
import {
  compileRule,
  type Facts,
  type Recording,
  type RunnableRule,
  type RunResult,
  runCompiledRules,
} from '../src/rule-runner.js';
import { goodApplicant } from './helpers.js';

type Node = Record<string, unknown>;

/** A condition tree reduced to what both sides must agree on; annotations only where they were set. */
function shape(node: unknown): unknown {
  const c = node as Node;
  const seen: Node = {};
  for (const key of ['result', 'factResult', 'valueResult']) if (Object.hasOwn(c, key)) seen[key] = c[key];
  if (Object.hasOwn(c, 'all')) return { all: (c.all as unknown[]).map(shape), ...seen };
  if (Object.hasOwn(c, 'any')) return { any: (c.any as unknown[]).map(shape), ...seen };
  if (Object.hasOwn(c, 'not')) return { not: shape(c.not), ...seen };
  return { fact: c.fact, operator: c.operator, value: c.value, path: c.path, ...seen };
}

function summary(run: { results: unknown[]; failureResults: unknown[]; events: unknown[] }) {
  const rule = (result: unknown) => {
    const r = result as Node;
    return {
      name: r.name,
      priority: r.priority,
      result: r.result,
      event: r.event,
      conditions: shape(r.conditions),
    };
  };
  return {
    results: run.results.map(rule),
    failureResults: run.failureResults.map(rule),
    events: run.events.map((event) => ({ ...(event as Node) })),
  };
}

async function engineRun(definitions: readonly RuleProperties[], facts: Facts) {
  const engine = new Engine([], { allowUndefinedFacts: true });
  // the engine writes parsed priorities back into the definitions it is given: give it copies
  for (const definition of definitions) engine.addRule(structuredClone(definition));
  return summary(await engine.run({ ...facts }));
}

/** Runs both, requires them equal, and returns the runner's result for the example's own assertions. */
async function expectSame(definitions: readonly RuleProperties[], facts: Facts): Promise<RunResult> {
  const rules = definitions.map((definition) => compileRule(definition));
  const run = runCompiledRules(rules, facts);
  expect(summary(run)).toStrictEqual(await engineRun(definitions, facts));
  expectRecordedSame(rules, facts);
  return run;
}

/**
 * What the evaluator runs: every rule recorded into one shared recording, each at its own offset, and read
 * back. It must be what `evaluate` (proven equal to the engine above) reports, rule by rule.
 */
function expectRecordedSame(rules: readonly RunnableRule[], facts: Facts) {
  const recording: Recording = [];
  let base = 1;
  for (const rule of rules) {
    const evaluation = rule.evaluate(facts);
    const result = rule.record(facts, recording, base);
    expect({ result, conditions: shape(rule.recorded(recording, base)) }).toStrictEqual({
      result: evaluation.result,
      conditions: shape(evaluation.trace),
    });
    base += rule.slots;
  }
}

const rule = (conditions: unknown, extra: Node = {}): RuleProperties =>
  ({ name: 'r', conditions, event: { type: 'fired' }, ...extra }) as RuleProperties;

const leaf = (fact: string, operator: string, value: unknown, extra: Node = {}) => ({
  fact,
  operator,
  value,
  ...extra,
});

// --- random rule sets -------------------------------------------------------------------------------

// a policy's operators and the two json-rules-engine ships that policies do not use
const OPERATORS = [...CONDITION_OPERATORS, 'contains', 'doesNotContain'];

// toString: a fact name that is also an Object.prototype member, missing unless supplied
const FACT_NAMES = ['a', 'b', 'c', 'obj', 'list', 'toString'] as const;
const PATHS = [
  '$',
  '$.x',
  '$.y.z',
  '$.arr[0]',
  '$.arr[1]',
  '$[0]',
  '$[1].x',
  '$.length',
  '$.x.length',
  '$.none',
];

// few distinct values, so that equal, in and contains hit as often as they miss
const scalar = fc.oneof(
  fc.integer({ min: -2, max: 10 }),
  fc.constantFrom(0.5, -0, Number.NaN, Number.POSITIVE_INFINITY),
  fc.constantFrom('', 'x', '5', '10', '9', ' 7', '3abc', 'Infinity'),
  fc.boolean(),
  fc.constant(null),
);
const list = fc.array(scalar, { maxLength: 3 });
const flat = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: list },
  fc.constant(undefined),
);
// facts are JSON: objects have Object.prototype (fast-check would also make null-prototype ones)
const json = { requiredKeys: [], noNullPrototype: true };
const record = fc.record({ x: flat, y: fc.record({ z: flat }, json), arr: list, length: scalar }, json);
const factValue = fc.oneof(
  { weight: 3, arbitrary: scalar },
  { weight: 2, arbitrary: list },
  { weight: 2, arbitrary: record },
  { weight: 1, arbitrary: fc.array(record, { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
// an absent key is a missing fact; a key holding undefined is a fact the engine knows, with no value
const facts = fc.record(
  Object.fromEntries(FACT_NAMES.map((name) => [name, factValue])),
  json,
) as fc.Arbitrary<Facts>;

/** A field present two times in five: policies leave priority and path out, and the engine's defaults apply. */
const sometimes = (key: string, value: fc.Arbitrary<unknown>): fc.Arbitrary<Node> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant({}) },
    { weight: 2, arbitrary: value.map((v) => ({ [key]: v })) },
  );
const priority = sometimes('priority', fc.integer({ min: 1, max: 3 }));
const path = sometimes('path', fc.constantFrom(...PATHS));

const reference = fc.tuple(fc.constantFrom(...FACT_NAMES), path).map(([fact, at]) => ({ fact, ...at }));
const factCondition = fc
  .tuple(
    fc.constantFrom(...FACT_NAMES),
    fc.constantFrom(...OPERATORS),
    fc.oneof(
      { weight: 4, arbitrary: scalar },
      { weight: 1, arbitrary: list },
      { weight: 3, arbitrary: reference },
    ),
    fc.array(scalar, { maxLength: 4 }),
    path,
    priority,
  )
  .map(([fact, operator, value, members, at, order]): Node => {
    // in / notIn get a list (a policy's validator insists on one; the engine would throw on most else)
    const membership = operator === 'in' || operator === 'notIn';
    return { fact, operator, value: membership ? members : value, ...at, ...order };
  });

const group = (kind: 'all' | 'any', child: fc.Arbitrary<Node>) =>
  fc
    .tuple(fc.array(child, { maxLength: 4 }), priority)
    .map(([children, order]) => ({ [kind]: children, ...order }));
const not = (child: fc.Arbitrary<Node>) =>
  fc.tuple(child, priority).map(([only, order]) => ({ not: only, ...order }));

/** Conditions nested up to `depth` groups below the root. */
function condition(depth: number): fc.Arbitrary<Node> {
  if (depth === 0) return factCondition;
  const child = condition(depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: factCondition },
    { weight: 1, arbitrary: group('all', child) },
    { weight: 1, arbitrary: group('any', child) },
    { weight: 1, arbitrary: not(child) },
  );
}

const nested = condition(3);
const ruleSet = fc
  .array(
    fc.tuple(fc.oneof(group('all', nested), group('any', nested), not(nested)), priority, fc.boolean()),
    {
      minLength: 1,
      maxLength: 6,
    },
  )
  .map((rules) =>
    rules.map(([conditions, order, params], index) =>
      rule(conditions, {
        name: `rule-${index}`,
        event: params ? { type: `event-${index}`, params: { index } } : { type: `event-${index}` },
        ...order,
      }),
    ),
  );

const RUNS = 10_000;

describe('the compiled rule runner is json-rules-engine', () => {
  it(`agrees on ${RUNS} random rule sets, each with random fact sets`, async () => {
    await fc.assert(
      fc.asyncProperty(ruleSet, fc.array(facts, { minLength: 1, maxLength: 3 }), async (rules, factSets) => {
        for (const factSet of factSets) await expectSame(rules, factSet);
      }),
      { numRuns: RUNS, seed: 20261128 },
    );
  }, 120_000);

  it('agrees on the default policies, rule by rule', async () => {
    const policies = defaultPolicies();
    const compiled = Object.values(policies).map((document) => compilePolicy(document));
    const definitions = compiled.flatMap((policy) => policy.rules.map((r) => r.definition));
    const applicant = fc.record({
      bureauScore: fc.integer({ min: 500, max: 800 }),
      maxDpd12m: fc.constantFrom(0, 15, 30, 95),
      monthlyIncome: fc.constantFrom(0, 3000, 12000),
      age: fc.integer({ min: 16, max: 70 }),
      utilization: fc.double({ min: 0, max: 1.2, noNaN: true }),
      currentDpd: fc.constantFrom(0, 10, 45),
    });
    await fc.assert(
      fc.asyncProperty(applicant, async (overrides) => {
        await expectSame(definitions, goodApplicant(overrides));
      }),
      { numRuns: 200, seed: 20261128 },
    );
  });
});

// --- semantics found in the engine's sources, each as a named example ---------------------------------

describe('json-rules-engine semantics the runner reproduces', () => {
  it('an empty any is true: prioritizeAndRun resolves true for an empty list, whatever the operator', async () => {
    const run = await expectSame([rule({ any: [] }), rule({ all: [{ any: [] }] }, { name: 's' })], {});
    expect(run.results.map((r) => r.name)).toEqual(['r', 's']);
  });

  it('a missing fact is undefined: notEqual holds, numeric operators fail their number check', async () => {
    const run = await expectSame(
      [rule({ all: [leaf('age', 'notEqual', 30), { not: leaf('age', 'lessThan', 30) }] })],
      {},
    );
    expect(run.results).toHaveLength(1);
    expect(run.results[0].conditions).toMatchObject({ all: [{ factResult: undefined, result: true }, {}] });
  });

  it('doesNotContain is false, not true, on a fact that is not an array: the array check gates both', async () => {
    const run = await expectSame([rule({ any: [leaf('tags', 'doesNotContain', 'x')] })], { tags: 'abc' });
    expect(run.failureResults).toHaveLength(1);
  });

  it('numeric operators take what parseFloat reads a number from, then compare with JavaScript rules', async () => {
    // '3abc' passes the check and then compares as NaN; '10' < '9' compares as strings; [3] as 3
    const run = await expectSame(
      [
        rule({ all: [leaf('n', 'lessThan', 5)] }, { name: 'junk' }),
        rule({ all: [leaf('s', 'lessThan', '9')] }, { name: 'strings' }),
        rule({ all: [leaf('one', 'lessThan', 5)] }, { name: 'array' }),
      ],
      { n: '3abc', s: '10', one: [3] },
    );
    expect(run.results.map((r) => r.name)).toEqual(['strings', 'array']);
  });

  it('in uses indexOf: strict equality, so NaN is never in a list and "1" is not 1', async () => {
    const run = await expectSame([rule({ any: [leaf('n', 'in', [Number.NaN, 1]), leaf('s', 'in', [1])] })], {
      n: Number.NaN,
      s: '1',
    });
    expect(run.failureResults).toHaveLength(1);
  });

  it('a path applies to objects and arrays only; any other fact is compared as it is', async () => {
    const run = await expectSame([rule({ all: [leaf('n', 'equal', 7, { path: '$.x' })] })], { n: 7 });
    expect(run.results).toHaveLength(1);
  });

  it('a path follows own properties only, so an array or string has a length', async () => {
    const run = await expectSame(
      [
        rule({
          all: [
            leaf('list', 'equal', 2, { path: '$.length' }),
            leaf('o', 'equal', 3, { path: '$.s.length' }),
          ],
        }),
      ],
      { list: ['a', 'b'], o: { s: 'abc' } },
    );
    expect(run.results).toHaveLength(1);
  });

  it('a fact named like an Object.prototype member is missing unless supplied', async () => {
    const run = await expectSame([rule({ all: [leaf('toString', 'equal', null)] })], {});
    expect(run.failureResults[0].conditions).toMatchObject({ all: [{ factResult: undefined }] });
  });

  it('children of one priority all run, even after one fails: the engine runs a priority group whole', async () => {
    const run = await expectSame([rule({ all: [leaf('a', 'equal', 1), leaf('b', 'equal', 2)] })], {
      a: 0,
      b: 2,
    });
    expect(run.failureResults[0].conditions).toMatchObject({ all: [{ result: false }, { result: true }] });
  });

  it('a decided result stops lower priorities: conditions never reached carry no result', async () => {
    const all = { all: [leaf('a', 'equal', 1), leaf('b', 'equal', 2, { priority: 2 })] };
    const any = { any: [leaf('a', 'equal', 0), leaf('b', 'equal', 2, { priority: 2 })] };
    const run = await expectSame([rule(all), rule(any, { name: 's' })], { a: 0, b: 3 });
    const [skippedAll, evaluatedAll] = (run.failureResults[0].conditions as { all: object[] }).all;
    expect(evaluatedAll).toMatchObject({ result: false, factResult: 3 });
    expect(skippedAll).not.toHaveProperty('result');
    expect(skippedAll).not.toHaveProperty('factResult');
    expect(run.results[0].conditions).toMatchObject({ any: [{ result: true }, { result: false }] });
  });

  it('rules of one priority report in the order their promises settle, not the order they were added', async () => {
    const deep = rule({
      all: [{ any: [leaf('a', 'equal', 1), leaf('a', 'equal', 2)] }, leaf('a', 'equal', 1)],
    });
    const shallow = rule({ all: [leaf('a', 'equal', 1)] }, { name: 'shallow', event: { type: 'shallow' } });
    const high = rule({ all: [{ not: { not: leaf('a', 'equal', 1) } }] }, { name: 'high', priority: 2 });
    const run = await expectSame([deep, shallow, high], { a: 1 });
    expect(run.results.map((r) => r.name)).toEqual(['high', 'shallow', 'r']);
    expect(run.events.map((event) => event.type)).toEqual(['fired', 'shallow', 'fired']);
  });

  it('a path costs the engine a turn only when the fact exists', async () => {
    const pathed = rule({ all: [leaf('o', 'notEqual', 2, { path: '$.x' })] }, { name: 'pathed' });
    const plain = rule({ all: [leaf('o', 'notEqual', 2)] }, { name: 'plain' });
    const order = async (facts: Facts) =>
      (await expectSame([pathed, plain], facts)).results.map((r) => r.name);
    expect(await order({ o: { x: 1 } })).toEqual(['plain', 'pathed']);
    expect(await order({})).toEqual(['pathed', 'plain']);
  });
});

describe('what the runner refuses', () => {
  it.each([
    ['a condition reference', { condition: 'shared' }, '$.conditions'],
    ['an unknown operator', { all: [leaf('a', 'startsWith', 'x')] }, '$.conditions.all[0].operator'],
    ['a decorated operator', { all: [leaf('a', 'everyFact:equal', 1)] }, '$.conditions.all[0].operator'],
    ['fact params', { all: [leaf('a', 'equal', 1, { params: { p: 1 } })] }, '$.conditions.all[0].params'],
    [
      'a JSONPath filter',
      { all: [leaf('a', 'equal', 1, { path: '$[?(@.x)]' })] },
      '$.conditions.all[0].path',
    ],
    ['in without a list', { all: [leaf('a', 'in', 'abc')] }, '$.conditions.all[0].value'],
    [
      'a fractional priority',
      { all: [leaf('a', 'equal', 1, { priority: 1.5 })] },
      '$.conditions.all[0].priority',
    ],
  ])('%s, with a coded error and its path', (_what, conditions, path) => {
    const attempt = () => compileRule(rule(conditions));
    expect(attempt).toThrow(PolicyError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_RULE', path }));
  });
});
