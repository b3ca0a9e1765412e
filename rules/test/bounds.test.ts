/**
 * Hostile inputs up to the API's 1 MB body: each must come back as one coded problem naming the limit
 * and where it was crossed, never a stack overflow, an INTERNAL error or minutes in a parser. Durations
 * are not asserted (a loaded machine is slow); that these return at all is the point.
 */
import { describe, expect, it } from 'vitest';
import {
  analyzeExpression,
  canonicalJson,
  checkJsonBounds,
  checkPolicyBounds,
  compilePolicy,
  defaultPolicies,
  diffPolicies,
  EXPRESSION_LIMITS,
  evaluatePolicy,
  FACTS_JSON_BOUNDS,
  type JsonBounds,
  POLICY_JSON_BOUNDS,
  POLICY_LIMITS,
  type PolicyDocument,
  PolicyError,
  revision,
  validateMapping,
  validatePolicy,
} from '../src/index.js';
import { AS_OF, minimal, policy } from './helpers.js';

/** `depth` arrays inside each other, built without recursion. */
function nestedArrays(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
}

/** A condition tree of `depth` nested `not` groups around one comparison. */
function nestedNot(depth: number): unknown {
  let condition: unknown = { fact: 'age', operator: 'lessThan', value: 18 };
  for (let level = 0; level < depth; level += 1) condition = { not: condition };
  return condition;
}

function ruleWith(conditions: unknown) {
  return {
    name: 'r',
    description: 'why',
    conditions,
    event: { type: 'decline', params: { reason: 'R' } },
  };
}

const SMALL: JsonBounds = {
  maxDepth: 3,
  maxNodes: 20,
  maxStringLength: 10,
  maxKeys: 4,
  maxSerializedLength: 60,
};

describe('checkJsonBounds', () => {
  it('passes what is within every bound', () => {
    expect(checkJsonBounds({ a: [1, 'two', null, true], b: { c: -0 } }, SMALL)).toBeNull();
    expect(checkJsonBounds(defaultPolicies(), POLICY_JSON_BOUNDS)).toBeNull();
  });

  it.each([
    ['JSON_TOO_DEEP', { a: { b: { c: { d: 1 } } } }, '$.a.b.c', 3],
    ['JSON_TOO_MANY_NODES', { a: Array.from({ length: 4 }, () => [1, 2, 3, 4]) }, '$.a[3][2]', 20],
    ['JSON_STRING_TOO_LONG', { a: [1, 'x'.repeat(11)] }, '$.a[1]', 10],
    ['JSON_STRING_TOO_LONG', { ['k'.repeat(11)]: 1 }, '$', 10],
    ['JSON_TOO_MANY_KEYS', { a: [1, 2, 3, 4, 5] }, '$.a', 4],
    [
      'JSON_TOO_LARGE',
      { a: 'x'.repeat(10), b: 'y'.repeat(10), c: 'z'.repeat(10), d: 'w'.repeat(10) },
      '$',
      60,
    ],
  ])('reports %s with its path and limit', (code, value, path, limit) => {
    expect(checkJsonBounds(value, SMALL)).toEqual({
      code,
      path,
      limit,
      message: expect.any(String),
      severity: 'error',
    });
  });

  it.each([
    ['a function', { a: () => 1 }, '$.a'],
    ['NaN', { a: [Number.NaN] }, '$.a[0]'],
    ['Infinity', { a: Number.POSITIVE_INFINITY }, '$.a'],
    ['a bigint', { a: 1n }, '$.a'],
    ['a class instance', { a: new Date(0) }, '$.a'],
    ['undefined', undefined, '$'],
  ])('refuses %s as NOT_JSON', (_what, value, path) => {
    expect(checkJsonBounds(value, SMALL)).toMatchObject({ code: 'NOT_JSON', path });
  });

  it('uses the root it is given and quotes keys that are not identifiers', () => {
    expect(checkJsonBounds({ 'a b': 'x'.repeat(11) }, SMALL, 'input.facts')).toMatchObject({
      path: 'input.facts["a b"]',
    });
  });

  it('walks a million levels, a cycle and 150,000 keys without recursion', () => {
    expect(checkJsonBounds(nestedArrays(1_000_000), POLICY_JSON_BOUNDS)).toMatchObject({
      code: 'JSON_TOO_DEEP',
      limit: POLICY_JSON_BOUNDS.maxDepth,
    });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(checkJsonBounds(cyclic, FACTS_JSON_BOUNDS)).toMatchObject({ code: 'JSON_TOO_DEEP' });
    const wide = Object.fromEntries(Array.from({ length: 150_000 }, (_, index) => [`k${index}`, index]));
    expect(checkJsonBounds(wide, FACTS_JSON_BOUNDS)).toMatchObject({ code: 'JSON_TOO_MANY_KEYS', path: '$' });
  });
});

describe('policy document bounds', () => {
  it('refuses too many rules before reading any of them', () => {
    const rules = Array.from({ length: POLICY_LIMITS.maxRules + 1 }, (_, index) => ({ name: `r${index}` }));
    expect(validatePolicy(minimal('ADMISSION', { rules }))).toEqual({
      valid: false,
      errors: [expect.objectContaining({ code: 'TOO_MANY_RULES', path: '$.rules', limit: 500 })],
      warnings: [],
    });
  });

  it('limits condition nesting to 16 groups and names the innermost one allowed', () => {
    expect(checkPolicyBounds(minimal('ADMISSION', { rules: [ruleWith(nestedNot(16))] }))).toBeNull();
    const deep = checkPolicyBounds(minimal('ADMISSION', { rules: [ruleWith(nestedNot(17))] }));
    expect(deep).toMatchObject({ code: 'CONDITION_TOO_DEEP', limit: POLICY_LIMITS.maxConditionDepth });
    expect(deep?.path).toBe(`$.rules[0].conditions${'.not'.repeat(16)}`);
    let all: unknown = { fact: 'age', operator: 'lessThan', value: 18 };
    for (let level = 0; level < 17; level += 1) all = { all: [all] };
    expect(checkPolicyBounds(minimal('ADMISSION', { rules: [ruleWith(all)] }))).toMatchObject({
      code: 'CONDITION_TOO_DEEP',
      path: `$.rules[0].conditions${'.all[0]'.repeat(16)}`,
    });
  });

  it('limits the conditions of one rule', () => {
    const leaf = { fact: 'age', operator: 'lessThan', value: 18 };
    const wide = { all: Array.from({ length: POLICY_LIMITS.maxConditionsPerRule }, () => leaf) };
    expect(checkPolicyBounds(minimal('ADMISSION', { rules: [ruleWith(wide)] }))).toMatchObject({
      code: 'TOO_MANY_CONDITIONS',
      path: '$.rules[0].conditions',
    });
  });

  it('limits the characters of all expressions together', () => {
    const facts = Object.fromEntries(
      Array.from({ length: 6 }, (_, index) => [`f${index}`, `1 + ${'1'.repeat(1990)}`]),
    );
    expect(checkPolicyBounds(minimal('ADMISSION', { facts }))).toMatchObject({
      code: 'EXPRESSIONS_TOO_LARGE',
      path: '$',
      limit: POLICY_LIMITS.maxExpressionCharacters,
    });
  });

  it('answers 1 MB hostile documents with one coded problem from every entry point', async () => {
    const hostile: [string, unknown, string][] = [
      [
        'conditions nested 5,000 deep',
        minimal('ADMISSION', { rules: [ruleWith(nestedNot(5_000))] }),
        'JSON_TOO_DEEP',
      ],
      [
        'facts nested 100,000 deep',
        minimal('ADMISSION', { facts: { a: nestedArrays(100_000) } }),
        'JSON_TOO_DEEP',
      ],
      [
        'a 1 MB expression',
        minimal('ADMISSION', { facts: { a: `${'('.repeat(500_000)}1${')'.repeat(500_000)}` } }),
        'JSON_STRING_TOO_LONG',
      ],
      [
        '150,000 parameters',
        minimal('ADMISSION', {
          parameters: Object.fromEntries(Array.from({ length: 150_000 }, (_, i) => [`p${i}`, i])),
        }),
        'JSON_TOO_MANY_KEYS',
      ],
      [
        'a document over 256 KB',
        minimal('ADMISSION', {
          description: 'x'.repeat(9_000),
          notes: Array.from({ length: 40 }, () => 'y'.repeat(9_000)),
        }),
        'JSON_TOO_LARGE',
      ],
    ];
    for (const [what, document, code] of hostile) {
      const validation = validatePolicy(document);
      expect(
        validation.errors.map((problem) => problem.code),
        what,
      ).toEqual([code]);
      expect(() => compilePolicy(document), what).toThrowError(
        expect.objectContaining({ code: 'POLICY_INVALID' }),
      );
      await expect(
        evaluatePolicy(document as PolicyDocument, { facts: {}, asOf: AS_OF }),
        what,
      ).rejects.toMatchObject({
        code: 'POLICY_INVALID',
        problems: [expect.objectContaining({ code })],
      });
      expect(() => diffPolicies(policy('ADMISSION'), document as PolicyDocument), what).toThrowError(
        PolicyError,
      );
    }
  });
});

describe('expression bounds, before filtrex parses anything', () => {
  it.each([
    ['50,000 nested parentheses', `${'('.repeat(50_000)}1${')'.repeat(50_000)}`, 'EXPRESSION_TOO_LONG'],
    ['"-" 10,000 times before a number', `${'-'.repeat(10_000)}1`, 'EXPRESSION_TOO_LONG'],
    ['"-" 1,999 times before a number', `${'-'.repeat(1_999)}1`, 'EXPRESSION_TOO_MANY_TOKENS'],
    ['"-" 40 times before a number', `${'-'.repeat(40)}1`, 'EXPRESSION_TOO_DEEP'],
    ['"not" 40 times', `${'not '.repeat(40)}x`, 'EXPRESSION_TOO_DEEP'],
    ['33 nested parentheses', `${'('.repeat(33)}1${')'.repeat(33)}`, 'EXPRESSION_TOO_DEEP'],
    ['-( nested 17 times', `${'-('.repeat(17)}1${')'.repeat(17)}`, 'EXPRESSION_TOO_DEEP'],
    [
      '501 tokens',
      Array.from({ length: 251 }, (_, index) => `a${index}`).join('+'),
      'EXPRESSION_TOO_MANY_TOKENS',
    ],
  ])('refuses %s with that one problem', (_what, source, code) => {
    expect(analyzeExpression(source).problems.map((problem) => problem.code)).toEqual([code]);
  });

  it('accepts what is just within the limits', () => {
    expect(analyzeExpression(`${'('.repeat(EXPRESSION_LIMITS.maxDepth)}1${')'.repeat(32)}`).problems).toEqual(
      [],
    );
    expect(analyzeExpression(`${'-'.repeat(EXPRESSION_LIMITS.maxDepth)}1`).problems).toEqual([]);
    const tokens = Array.from({ length: 250 }, (_, index) => `a${index}`).join('+');
    expect(analyzeExpression(tokens).problems).toEqual([]);
  });

  it('reports an expression bound in a document with the expression path', () => {
    const result = validatePolicy(
      minimal('ADMISSION', { facts: { a: `${'('.repeat(4_999)}1${')'.repeat(4_999)}` } }),
    );
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'EXPRESSION_TOO_LONG', path: '$.facts.a' }),
    ]);
  });
});

describe('serialisation and mapping bounds', () => {
  it('canonicalJson and revision refuse values nested past 128 levels instead of overflowing', () => {
    expect(() => canonicalJson(nestedArrays(1_000_000))).toThrowError(
      expect.objectContaining({ code: 'NOT_SERIALIZABLE' }),
    );
    expect(() => revision({ a: nestedArrays(200) })).toThrowError(PolicyError);
    expect(canonicalJson(nestedArrays(100))).toBe(`${'['.repeat(100)}1${']'.repeat(100)}`);
  });

  it('validateMapping bounds the mapping and the header first', () => {
    expect(validateMapping({ version: 1, columns: { a: nestedArrays(100_000) } }).errors).toEqual([
      expect.objectContaining({ code: 'JSON_TOO_DEEP' }),
    ]);
    const header = Array.from({ length: 5_000 }, (_, index) => `c${index}`);
    expect(validateMapping({ version: 1 }, header).errors).toEqual([
      expect.objectContaining({ code: 'JSON_TOO_MANY_KEYS', path: 'header' }),
    ]);
  });
});
