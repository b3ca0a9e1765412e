import { describe, expect, it } from 'vitest';
import { POLICY_KINDS, type PolicyDocument, type PolicyProblem, validatePolicy } from '../src/index.js';
import { minimal, policy } from './helpers.js';

function codes(problems: PolicyProblem[]): string[] {
  return problems.map((problem) => problem.code);
}

function rule(extra: Record<string, unknown> = {}) {
  return {
    name: 'r',
    description: 'why',
    conditions: { all: [{ fact: 'bureauScore', operator: 'lessThan', value: 500 }] },
    event: { type: 'decline', params: { reason: 'LOW' } },
    ...extra,
  };
}

function problemAt(document: unknown, code: string): PolicyProblem {
  const result = validatePolicy(document);
  const found = [...result.errors, ...result.warnings].find((problem) => problem.code === code);
  if (!found) throw new Error(`expected ${code}, got ${JSON.stringify(result)}`);
  return found;
}

describe('validatePolicy', () => {
  it.each(POLICY_KINDS)('accepts the default %s policy without errors or warnings', (kind) => {
    expect(validatePolicy(policy(kind))).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it('rejects what is not a document', () => {
    expect(validatePolicy(null)).toMatchObject({
      valid: false,
      errors: [{ code: 'INVALID_DOCUMENT', path: '$' }],
    });
    expect(codes(validatePolicy({}).errors)).toEqual(['MISSING_FIELD', 'MISSING_FIELD', 'MISSING_FIELD']);
    expect(problemAt({ kind: 'SCORING', name: 'x', rules: [] }, 'UNKNOWN_KIND').path).toBe('$.kind');
  });

  it('returns every problem at once with paths, codes, messages and severity', () => {
    const document = {
      kind: 'ADMISSION',
      name: 'broken',
      facts: { a: 'b + 1', b: 'a * 2', bad: 'monthlyIncome * * 2' },
      rules: [
        rule({ conditions: { all: [{ fact: 'shoeSize', operator: 'equal', value: 42 }] } }),
        rule({ conditions: { all: [{ fact: 'region', operator: 'greaterThan', value: 3 }] } }),
        rule({
          name: 'v',
          conditions: { all: [{ fact: 'bureauScore', operator: 'lessThan', value: '600' }] },
        }),
        rule({ name: 'e', event: { type: 'approve', params: { reason: 'X' } } }),
        rule({ name: 'm', event: { type: 'refer', params: {} } }),
      ],
    };
    const result = validatePolicy(document);
    expect(result.valid).toBe(false);
    expect(codes(result.errors)).toEqual(
      expect.arrayContaining([
        'UNKNOWN_FACT',
        'OPERATOR_TYPE_MISMATCH',
        'VALUE_TYPE_MISMATCH',
        'UNKNOWN_EVENT_TYPE',
        'MISSING_REASON_CODE',
        'DERIVED_FACT_CYCLE',
        'EXPRESSION_SYNTAX',
        'DUPLICATE_RULE_NAME',
      ]),
    );
    for (const problem of result.errors) {
      expect(problem).toEqual({
        code: expect.any(String),
        path: expect.stringMatching(/^\$/),
        message: expect.any(String),
        severity: 'error',
      });
    }
    expect(problemAt(document, 'UNKNOWN_FACT').path).toBe('$.rules[0].conditions.all[0].fact');
    expect(problemAt(document, 'OPERATOR_TYPE_MISMATCH').path).toBe('$.rules[1].conditions.all[0].operator');
    expect(problemAt(document, 'VALUE_TYPE_MISMATCH').path).toBe('$.rules[2].conditions.all[0].value');
    expect(problemAt(document, 'UNKNOWN_EVENT_TYPE').path).toBe('$.rules[3].event.type');
    expect(problemAt(document, 'MISSING_REASON_CODE').path).toBe('$.rules[4].event.params.reason');
    expect(problemAt(document, 'DUPLICATE_RULE_NAME').path).toBe('$.rules[1].name');
    expect(problemAt(document, 'DERIVED_FACT_CYCLE').message).toMatch(/a -> b -> a|b -> a -> b/);
    expect(problemAt(document, 'EXPRESSION_SYNTAX')).toMatchObject({
      path: '$.facts.bad',
      message: expect.stringContaining('column 17'),
    });
  });

  it('reports a self-cycle and a longer cycle once each', () => {
    const result = validatePolicy(minimal('ADMISSION', { facts: { x: 'x + 1', p: 'q', q: 'r', r: 'p' } }));
    expect(codes(result.errors).filter((code) => code === 'DERIVED_FACT_CYCLE')).toHaveLength(2);
  });

  it('checks pricing tiers and the APR ceiling', () => {
    const document = {
      ...minimal('PRICING'),
      pricing: { tiers: { A: { aprBps: 1000, terms: [12] } }, fallbackTier: 'Z' },
      rules: [rule({ event: { type: 'tier', params: { tier: 'B' } } })],
    };
    expect(problemAt(document, 'MISSING_APR_CEILING').path).toBe('$.pricing.aprCeilingBps');
    expect(problemAt(document, 'UNDEFINED_TIER').path).toBe('$.rules[0].event.params.tier');
    expect(codes(validatePolicy(document).errors).filter((code) => code === 'UNDEFINED_TIER')).toHaveLength(
      2,
    );
    expect(problemAt(minimal('PRICING'), 'MISSING_APR_CEILING').path).toBe('$.pricing.aprCeilingBps');
  });

  it('checks expressions: unknown names, functions and forbidden syntax', () => {
    const document = minimal('ADMISSION', {
      parameters: { cap: 1 },
      facts: { x: 'cap + nope', y: 'sqrt(monthlyIncome)', z: 'monthlyIncome of region' },
    });
    expect(problemAt(document, 'UNKNOWN_FACT')).toMatchObject({
      path: '$.facts.x',
      message: expect.stringContaining('nope'),
    });
    expect(problemAt(document, 'UNKNOWN_FUNCTION').path).toBe('$.facts.y');
    expect(problemAt(document, 'FORBIDDEN_SYNTAX').path).toBe('$.facts.z');
  });

  it('requires derived catalog facts to be defined and forbids redefining inputs', () => {
    const uses = minimal('ADMISSION', {
      rules: [rule({ conditions: { all: [{ fact: 'dsr', operator: 'greaterThan', value: 0.5 }] } })],
    });
    expect(problemAt(uses, 'UNDEFINED_DERIVED_FACT').path).toBe('$.rules[0].conditions.all[0].fact');
    expect(problemAt(minimal('ADMISSION', { facts: { monthlyIncome: '1' } }), 'NAME_CONFLICT').path).toBe(
      '$.facts.monthlyIncome',
    );
    expect(problemAt(minimal('ADMISSION', { parameters: { age: 1 } }), 'NAME_CONFLICT').path).toBe(
      '$.parameters.age',
    );
  });

  it('checks parameters, membership values, fact references and unsupported fields', () => {
    const document = minimal('ADMISSION', {
      rules: [
        rule({
          name: 'p',
          conditions: { all: [{ fact: 'age', operator: 'lessThan', value: { param: 'nope' } }] },
        }),
        rule({ name: 'i', conditions: { all: [{ fact: 'region', operator: 'in', value: ['CN-31', 5] }] } }),
        rule({
          name: 'f',
          conditions: { all: [{ fact: 'age', operator: 'lessThan', value: { fact: 'region' } }] },
        }),
        rule({
          name: 'x',
          conditions: { all: [{ fact: 'age', operator: 'lessThan', value: 3, path: '$.a' }] },
        }),
        rule({ name: 'o', conditions: { all: [{ fact: 'age', operator: 'regex', value: 3 }] } }),
        rule({ name: 't', conditions: { fact: 'age', operator: 'lessThan', value: 3 } }),
      ],
    });
    expect(problemAt(document, 'UNKNOWN_PARAMETER').path).toBe('$.rules[0].conditions.all[0].value.param');
    expect(problemAt(document, 'VALUE_TYPE_MISMATCH').path).toBe('$.rules[1].conditions.all[0].value[1]');
    expect(
      codes(validatePolicy(document).errors).filter((code) => code === 'VALUE_TYPE_MISMATCH'),
    ).toHaveLength(2);
    expect(problemAt(document, 'UNSUPPORTED_FIELD').path).toBe('$.rules[3].conditions.all[0].path');
    expect(problemAt(document, 'UNKNOWN_OPERATOR').path).toBe('$.rules[4].conditions.all[0].operator');
    expect(problemAt(document, 'INVALID_CONDITION').path).toBe('$.rules[5].conditions');
  });

  it('checks kind-specific event params and sections', () => {
    const limit: PolicyDocument = minimal('LIMIT', {
      rules: [rule({ event: { type: 'multiply', params: { factor: -1, reason: 'X' } } })],
    });
    expect(problemAt(limit, 'MISSING_FIELD').path).toBe('$.limit');
    expect(problemAt(limit, 'VALUE_TYPE_MISMATCH').path).toBe('$.rules[0].event.params.factor');
    const monitoring = minimal('MONITORING', {
      rules: [
        rule({ event: { type: 'alert', params: { reason: 'X', severity: 'SEVERE' } } }),
        rule({
          name: 'cut',
          event: { type: 'reduceLimit', params: { reason: 'CUT', target: 'drawnBalance' } },
        }),
      ],
    });
    expect(problemAt(monitoring, 'INVALID_VALUE').path).toBe('$.rules[0].event.params.severity');
    expect(problemAt(monitoring, 'MISSING_FIELD').path).toBe('$.rules[0].event.params.indicator');
    expect(codes(validatePolicy(monitoring).errors)).toContain('MISSING_FIELD');
    expect(
      problemAt(
        minimal('ADMISSION', { rules: [rule({ event: { type: 'decline', params: { reason: 'lower' } } })] }),
        'INVALID_REASON_CODE',
      ),
    ).toBeDefined();
  });

  it('warns, without failing, about rules without a description and sections another kind owns', () => {
    const result = validatePolicy(
      minimal('ADMISSION', { rules: [rule({ description: undefined })], limit: policy('LIMIT').limit }),
    );
    expect(result.valid).toBe(true);
    expect(codes(result.warnings)).toEqual(['MISSING_DESCRIPTION', 'UNUSED_SECTION']);
  });
});

describe('validatePolicy: names', () => {
  it.each([
    'constructor',
    '__proto__',
    'toString',
    'valueOf',
    'hasOwnProperty',
    'prototype',
    'if',
    'mod',
    'true',
  ])('refuses %s as a parameter, derived fact or tier name with RESERVED_NAME', (name) => {
    const parameters = JSON.parse(`{${JSON.stringify(name)}: 1}`);
    expect(problemAt(minimal('ADMISSION', { parameters }), 'RESERVED_NAME').path).toBe(
      `$.parameters.${name}`,
    );
    const facts = JSON.parse(`{${JSON.stringify(name)}: "1"}`);
    expect(problemAt(minimal('ADMISSION', { facts }), 'RESERVED_NAME').path).toBe(`$.facts.${name}`);
    const tiers = JSON.parse(`{${JSON.stringify(name)}: { "aprBps": 1000, "terms": [12] }}`);
    expect(
      problemAt({ ...minimal('PRICING'), pricing: { aprCeilingBps: 2400, tiers } }, 'RESERVED_NAME').path,
    ).toBe(`$.pricing.tiers.${name}`);
  });

  it('refuses reserved identifiers in expressions, quoted or not, with their column', () => {
    for (const [source, column] of [
      ['constructor + 1', 1],
      ["1 + '__proto__'", 5],
      ['min(toString, 1)', 5],
    ] as const) {
      expect(problemAt(minimal('ADMISSION', { facts: { x: source } }), 'RESERVED_NAME')).toMatchObject({
        path: '$.facts.x',
        message: expect.stringContaining(`column ${column}`),
      });
    }
  });

  it('refuses names that are not identifiers or are over 64 characters', () => {
    expect(problemAt(minimal('ADMISSION', { parameters: { 'a-b': 1 } }), 'INVALID_NAME').path).toBe(
      '$.parameters["a-b"]',
    );
    const long = 'a'.repeat(65);
    expect(problemAt(minimal('ADMISSION', { facts: { [long]: '1' } }), 'INVALID_NAME').path).toBe(
      `$.facts.${long}`,
    );
  });
});

describe('validatePolicy: expressions that can never work', () => {
  it.each([
    ['min()', 'WRONG_ARITY', 1],
    ['max()', 'WRONG_ARITY', 1],
    ['round(age, 2)', 'WRONG_ARITY', 1],
    ['1 + abs()', 'WRONG_ARITY', 5],
    ['annuityPayment(requestedAmount, 0.02)', 'WRONG_ARITY', 1],
    ['affordableLimit(monthlyIncome, 0, 0.5, 2400)', 'WRONG_ARITY', 1],
    ['clamp(age, 18)', 'WRONG_ARITY', 1],
    ['floorToStep(age)', 'WRONG_ARITY', 1],
    ['1/0', 'DIVISION_BY_ZERO', 2],
    ['age / 0', 'DIVISION_BY_ZERO', 5],
    ['age / -0.0', 'DIVISION_BY_ZERO', 5],
    ['age mod 0', 'DIVISION_BY_ZERO', 5],
    ['age + 1 / (2 - 2)', 'DIVISION_BY_ZERO', 9],
    ['age / min(0, -0) + 1', 'DIVISION_BY_ZERO', 5],
    ['age mod (0)', 'DIVISION_BY_ZERO', 5],
    ['age + (1 / (2 - 2))', 'NOT_FINITE', 7],
    ['(1 - 1) ^ -1', 'NOT_FINITE', 1],
    ['age * monthlyRate(1000000000000)', 'INVALID_ARGUMENT', 7],
    ['clamp(1, 850, 300)', 'INVALID_ARGUMENT', 1],
  ])('%s is %s at column %d', (source, code, column) => {
    const problem = problemAt(minimal('ADMISSION', { facts: { x: source } }), code);
    expect(problem.path).toBe('$.facts.x');
    expect(problem.message).toContain(`column ${column}`);
  });

  it('accepts the arities and constants the language allows', () => {
    const facts = {
      a: 'min(age) + max(age, 1, 2, 3) + clamp(age, 18, 65) + floorToStep(age, 5)',
      b: 'annuityPayment(requestedAmount, monthlyRate(2400), termMonths) + (1 / 3) + 2 ^ 10',
      c: 'age / 0 ^ 2 + (if age > 1 then 1 else 0) + age / (2 - 1)',
    };
    expect(validatePolicy(minimal('ADMISSION', { facts })).errors).toEqual([]);
  });
});

describe('validatePolicy: numeric fields have ranges', () => {
  const pricing = (extra: Record<string, unknown>) => ({
    ...minimal('PRICING'),
    pricing: { aprCeilingBps: 2400, tiers: { A: { aprBps: 1000, terms: [12] } }, ...extra },
  });

  it.each([
    ['aprCeilingBps 1e12', pricing({ aprCeilingBps: 1e12 }), '$.pricing.aprCeilingBps'],
    ['a floor above the ceiling', pricing({ aprFloorBps: 2500 }), '$.pricing.aprFloorBps'],
    [
      'a tier at 200% APR',
      pricing({ tiers: { A: { aprBps: 20_000, terms: [12] } } }),
      '$.pricing.tiers.A.aprBps',
    ],
    [
      'a 1,000-month term',
      pricing({ tiers: { A: { aprBps: 1000, terms: [12, 1000] } } }),
      '$.pricing.tiers.A.terms[1]',
    ],
    ['a parameter of 1e13', minimal('ADMISSION', { parameters: { cap: 1e13 } }), '$.parameters.cap'],
    [
      'a priority of ten million',
      minimal('ADMISSION', { rules: [rule({ priority: 10_000_000 })] }),
      '$.rules[0].priority',
    ],
    [
      'a multiplier of 50',
      {
        ...minimal('LIMIT', { limit: policy('LIMIT').limit }),
        rules: [rule({ event: { type: 'multiply', params: { factor: 50, reason: 'X' } } })],
      },
      '$.rules[0].event.params.factor',
    ],
    [
      'an adjustment of 20,000 bps',
      {
        ...pricing({}),
        rules: [rule({ event: { type: 'adjust', params: { bps: 20_000, reason: 'X' } } })],
      },
      '$.rules[0].event.params.bps',
    ],
    ['a step of 1e9', minimal('LIMIT', { limit: { ...policy('LIMIT').limit, step: 1e9 } }), '$.limit.step'],
    [
      'a minimum of 1e9',
      minimal('LIMIT', { limit: { ...policy('LIMIT').limit, minimum: 1e9 } }),
      '$.limit.minimum',
    ],
    ['a monitoring step of 1e9', minimal('MONITORING', { monitoring: { step: 1e9 } }), '$.monitoring.step'],
  ])('refuses %s with VALUE_OUT_OF_RANGE', (_what, document, path) => {
    const problem = problemAt(document, 'VALUE_OUT_OF_RANGE');
    expect(problem.path).toBe(path);
    expect(problem.message).toMatch(/must be .* and at most \d+, got /);
  });
});
