import { describe, expect, it } from 'vitest';
import { checkFacts, checkFactValue, factCatalog } from '../src/index.js';

describe('the fact catalog domains', () => {
  it.each(factCatalog.map((fact) => [fact.name, fact] as const))(
    '%s has a complete domain',
    (_name, fact) => {
      const { domain } = fact;
      if (fact.type === 'number' || fact.type === 'integer') {
        const low = domain.minimum ?? domain.exclusiveMinimum;
        expect(Number.isFinite(low)).toBe(true);
        expect(Number.isFinite(domain.maximum)).toBe(true);
        expect(domain.maximum).toBeGreaterThan(low as number);
      }
      if (fact.type === 'string') expect(domain.maxLength).toBeGreaterThan(0);
    },
  );

  it.each(
    factCatalog.flatMap((fact) =>
      (['example', 'default'] as const)
        .filter((key) => fact[key] !== undefined)
        .map((key) => [fact.name, key, fact[key]] as const),
    ),
  )('%s: its %s %s lies in its domain', (name, _key, value) => {
    expect(checkFactValue(name, value)).toBeNull();
  });

  it('is frozen: no caller can widen a domain', () => {
    const income = factCatalog.find((fact) => fact.name === 'monthlyIncome')!;
    expect(() => {
      (income.domain as { minimum: number }).minimum = -1e9;
    }).toThrow(TypeError);
  });
});

describe('checkFactValue', () => {
  it('accepts values inside the domain, bounds included', () => {
    for (const [name, value] of [
      ['monthlyDebtService', 0],
      ['bureauScore', 300],
      ['bureauScore', 850],
      ['requestedAmount', 0.01],
      ['termMonths', 360],
      ['age', 16],
      ['utilization', 6.5],
      ['incomeChange', -1],
      ['region', 'CN-31'],
      ['region', 'SH'],
      ['purpose', 'consumption'],
    ] as const) {
      expect(checkFactValue(name, value), `${name} ${value}`).toBeNull();
    }
  });

  it.each([
    ['monthlyDebtService', -5000, 'monthlyDebtService must be at least 0, got -5000', { minimum: 0 }],
    ['requestedAmount', 0, 'requestedAmount must be greater than 0, got 0', { exclusiveMinimum: 0 }],
    [
      'requestedAmount',
      1e12,
      'requestedAmount must be at most 100000000, got 1000000000000',
      { maximum: 1e8 },
    ],
    ['existingLimit', -1000000, 'existingLimit must be at least 0, got -1000000', { minimum: 0 }],
    ['maxDpd12m', -1000, 'maxDpd12m must be at least 0, got -1000', { minimum: 0 }],
    ['utilization', -5, 'utilization must be at least 0, got -5', { minimum: 0 }],
    ['employmentMonths', 1e9, 'employmentMonths must be at most 1200, got 1000000000', { maximum: 1200 }],
    ['bureauScore', 900, 'bureauScore must be at most 850, got 900', { maximum: 850 }],
    ['termMonths', 0, 'termMonths must be at least 1, got 0', { minimum: 1 }],
  ])('refuses %s = %s with FACT_OUT_OF_DOMAIN naming the bound', (name, value, message, bound) => {
    expect(checkFactValue(name, value)).toEqual({ code: 'FACT_OUT_OF_DOMAIN', fact: name, message, bound });
  });

  it('checks strings against their length and pattern, echoing at most 40 characters', () => {
    expect(checkFactValue('region', 'Shanghai')).toMatchObject({
      code: 'FACT_OUT_OF_DOMAIN',
      bound: { maxLength: 6 },
    });
    expect(checkFactValue('region', 'cn-31')).toMatchObject({
      code: 'FACT_OUT_OF_DOMAIN',
      bound: { pattern: '^[A-Z]{2}(-[A-Z0-9]{1,3})?$' },
    });
    const huge = checkFactValue('purpose', 'x'.repeat(1_000_000));
    expect(huge).toMatchObject({ code: 'FACT_OUT_OF_DOMAIN', bound: { maxLength: 64 } });
    expect(huge!.message.length).toBeLessThan(150);
    expect(huge!.message).toContain('1000000 characters');
    expect(checkFactValue('channel', 'app\u0000')).toMatchObject({ code: 'FACT_OUT_OF_DOMAIN' });
  });

  it('tells a wrong type (INVALID_FACT) and an unknown name (UNKNOWN_FACT) from a bad value', () => {
    expect(checkFactValue('age', 30.5)).toEqual({
      code: 'INVALID_FACT',
      fact: 'age',
      message: 'age must be a whole number, got 30.5',
    });
    expect(checkFactValue('monthlyIncome', '12000')).toMatchObject({ code: 'INVALID_FACT' });
    expect(checkFactValue('monthlyIncome', Number.POSITIVE_INFINITY)).toMatchObject({ code: 'INVALID_FACT' });
    expect(checkFactValue('monthlyIncome', null)).toMatchObject({ code: 'INVALID_FACT' });
    for (const name of ['shoeSize', 'constructor', '__proto__', 'toString']) {
      expect(checkFactValue(name, 1)).toMatchObject({ code: 'UNKNOWN_FACT', fact: name });
    }
  });
});

describe('checkFacts', () => {
  it('passes valid request facts, null meaning absent', () => {
    expect(checkFacts({ bureauScore: 700, region: 'CN-31', monthlyIncome: null })).toBeNull();
  });

  it('returns the first bad fact with its path under the given root', () => {
    expect(checkFacts({ bureauScore: 700, monthlyDebtService: -5000 }, 'input.facts')).toEqual({
      code: 'FACT_OUT_OF_DOMAIN',
      path: 'input.facts.monthlyDebtService',
      fact: 'monthlyDebtService',
      message: 'monthlyDebtService must be at least 0, got -5000',
      bound: { minimum: 0 },
    });
    expect(checkFacts({ shoeSize: 42 })).toMatchObject({ code: 'UNKNOWN_FACT', path: '$.shoeSize' });
  });

  it('bounds the object before reading any fact in it', () => {
    expect(checkFacts([])).toMatchObject({ code: 'INVALID_FACTS', path: '$' });
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(checkFacts({ region: deep })).toMatchObject({ code: 'JSON_TOO_DEEP', limit: 2 });
    const wide = Object.fromEntries(Array.from({ length: 5_000 }, (_, index) => [`f${index}`, index]));
    expect(checkFacts(wide)).toMatchObject({ code: 'JSON_TOO_MANY_KEYS', path: '$', limit: 200 });
  });
});
