import { catalogFact, defaultPolicies, POLICY_KINDS } from '@spillway/rules';
import { describe, expect, it } from 'vitest';
import { type ConditionGroup, type ConditionRule, toConditions, toQuery } from './conditionQuery';

const typeOf = (fact: string) => catalogFact(fact)?.type;

function queryOf(conditions: unknown, path = '$.rules[0].conditions'): ConditionGroup {
  const conversion = toQuery(conditions, path);
  if (!('query' in conversion)) throw new Error(`not representable at ${conversion.unsupportedAt}`);
  return conversion.query;
}

const roundTrip = (conditions: unknown) => toConditions(queryOf(conditions), typeOf);

describe('conditions to builder query', () => {
  it('maps all / any to and / or and uses JSON paths as ids', () => {
    const query = queryOf({
      all: [
        { fact: 'bureauScore', operator: 'lessThan', value: 600 },
        { any: [{ fact: 'region', operator: 'in', value: ['XJ', 'XZ'] }] },
      ],
    });
    expect(query).toEqual({
      id: '$.rules[0].conditions',
      combinator: 'and',
      rules: [
        {
          id: '$.rules[0].conditions.all[0]',
          field: 'bureauScore',
          operator: 'lessThan',
          value: 600,
          valueSource: 'value',
        },
        {
          id: '$.rules[0].conditions.all[1]',
          combinator: 'or',
          rules: [
            {
              id: '$.rules[0].conditions.all[1].any[0]',
              field: 'region',
              operator: 'in',
              value: ['XJ', 'XZ'],
              valueSource: 'value',
            },
          ],
        },
      ],
    });
  });

  it('shows fact and parameter operands as value sources', () => {
    const [byFact, byParam] = queryOf({
      all: [
        { fact: 'requestedAmount', operator: 'greaterThan', value: { fact: 'incomeLimit' } },
        { fact: 'dsr', operator: 'greaterThan', value: { param: 'dsrCap' } },
      ],
    }).rules as ConditionRule[];
    expect(byFact).toMatchObject({ value: 'incomeLimit', valueSource: 'field' });
    expect(byParam).toMatchObject({ value: 'dsrCap', valueSource: 'parameter' });
  });

  it('negates a list as a negated group, and a single condition as a negated group of one', () => {
    expect(queryOf({ not: { any: [] } })).toEqual({
      id: '$.rules[0].conditions',
      combinator: 'or',
      not: true,
      rules: [],
    });
    const single = queryOf({ not: { fact: 'age', operator: 'lessThan', value: 18 } });
    expect(single).toMatchObject({ not: true, negatesOne: true, combinator: 'and' });
    expect(single.rules[0]).toMatchObject({ id: '$.rules[0].conditions.not', field: 'age' });
  });

  it('names the first part it cannot show', () => {
    expect(toQuery({ all: [{ any: 'x' }] }, '$.c')).toEqual({ unsupportedAt: '$.c.all[0]' });
    expect(toQuery({ fact: 'age', operator: 'lessThan', value: 1 }, '$.c')).toEqual({ unsupportedAt: '$.c' });
    expect(toQuery({ all: [], any: [] }, '$.c')).toEqual({ unsupportedAt: '$.c' });
    expect(toQuery(null, '$.c')).toEqual({ unsupportedAt: '$.c' });
  });
});

describe('builder query to conditions', () => {
  it('turns typed text into numbers for numeric facts, once it is a number', () => {
    const query = queryOf({ all: [{ fact: 'bureauScore', operator: 'lessThan', value: 600 }] });
    const edit = (value: unknown) =>
      toConditions({ ...query, rules: [{ ...(query.rules[0] as ConditionRule), value }] }, typeOf);
    expect(edit('650')).toEqual({ all: [{ fact: 'bureauScore', operator: 'lessThan', value: 650 }] });
    expect(edit('0.5')).toEqual({ all: [{ fact: 'bureauScore', operator: 'lessThan', value: 0.5 }] });
    // Still being typed, or not a number at all: left for the validator to flag where it is.
    expect(edit('')).toEqual({ all: [{ fact: 'bureauScore', operator: 'lessThan', value: '' }] });
    expect(edit('abc')).toEqual({ all: [{ fact: 'bureauScore', operator: 'lessThan', value: 'abc' }] });
  });

  it('splits a typed list for in / notIn and keeps strings strings', () => {
    const query = queryOf({ all: [{ fact: 'region', operator: 'in', value: ['XJ'] }] });
    const rule = query.rules[0] as ConditionRule;
    expect(toConditions({ ...query, rules: [{ ...rule, value: 'XJ, XZ' }] }, typeOf)).toEqual({
      all: [{ fact: 'region', operator: 'in', value: ['XJ', 'XZ'] }],
    });
    expect(
      toConditions({ ...query, rules: [{ ...rule, field: 'bureauScore', value: '1,2' }] }, typeOf),
    ).toEqual({
      all: [{ fact: 'bureauScore', operator: 'in', value: [1, 2] }],
    });
    expect(toConditions({ ...query, rules: [{ ...rule, value: '' }] }, typeOf)).toEqual({
      all: [{ fact: 'region', operator: 'in', value: [] }],
    });
  });

  it('writes a switched value source as a fact or parameter reference', () => {
    const query = queryOf({ all: [{ fact: 'dsr', operator: 'greaterThan', value: 0.5 }] });
    const rule = query.rules[0] as ConditionRule;
    expect(
      toConditions({ ...query, rules: [{ ...rule, valueSource: 'parameter', value: 'dsrCap' }] }, typeOf),
    ).toEqual({ all: [{ fact: 'dsr', operator: 'greaterThan', value: { param: 'dsrCap' } }] });
  });

  it('wraps a second condition added to a negated single one in a list', () => {
    const query = queryOf({ not: { fact: 'age', operator: 'lessThan', value: 18 } });
    const added: ConditionRule = { field: 'age', operator: 'greaterThan', value: 65, valueSource: 'value' };
    expect(toConditions({ ...query, rules: [...query.rules, added] }, typeOf)).toEqual({
      not: {
        all: [
          { fact: 'age', operator: 'lessThan', value: 18 },
          { fact: 'age', operator: 'greaterThan', value: 65 },
        ],
      },
    });
  });
});

describe('round trip', () => {
  it('gives back every condition of the default policies unchanged', () => {
    const policies = defaultPolicies();
    for (const kind of POLICY_KINDS) {
      for (const rule of policies[kind].rules) expect(roundTrip(rule.conditions)).toEqual(rule.conditions);
    }
  });

  it.each([
    [
      'nested groups',
      { any: [{ all: [] }, { not: { any: [{ fact: 'age', operator: 'equal', value: 30 }] } }] },
    ],
    ['a negated comparison', { not: { fact: 'region', operator: 'notIn', value: ['XJ'] } }],
    ['a double negation', { not: { not: { fact: 'age', operator: 'lessThan', value: 18 } } }],
    [
      'keys the builder has no control for',
      { all: [{ fact: 'age', path: '$.x', operator: 'equal', value: 1 }] },
    ],
    ['a comparison without operator or value', { all: [{ fact: 'age' }] }],
    [
      'a null or object value',
      {
        all: [
          { fact: 'age', operator: 'equal', value: null },
          { fact: 'age', operator: 'equal', value: { a: 1 } },
        ],
      },
    ],
    ['an unknown fact and operator', { all: [{ fact: 'shoeSize', operator: 'near', value: '42' }] }],
  ])('keeps %s', (_name, conditions) => {
    expect(roundTrip(conditions)).toEqual(conditions);
  });
});
