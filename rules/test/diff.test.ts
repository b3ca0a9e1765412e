import { describe, expect, it } from 'vitest';
import { diffPolicies } from '../src/index.js';
import { policy, reverseKeys } from './helpers.js';

describe('diffPolicies', () => {
  it('finds nothing between a document and its copy with keys reordered', () => {
    const a = policy('ADMISSION');
    const b = reverseKeys(a);
    expect(diffPolicies(a, b)).toMatchObject({
      identical: true,
      rules: { added: [], removed: [], changed: [] },
      sections: [],
    });
  });

  it('reports rules added, removed and changed, with thresholds', () => {
    const a = policy('ADMISSION');
    const b = policy('ADMISSION');
    b.rules = b.rules.filter((rule) => rule.name !== 'short-employment');
    b.rules.push({
      name: 'young',
      description: 'refer under 21',
      conditions: { all: [{ fact: 'age', operator: 'lessThan', value: 21 }] },
      event: { type: 'refer', params: { reason: 'YOUNG' } },
    });
    const dsr = b.rules.find((rule) => rule.name === 'dsr-above-cap')!;
    dsr.conditions = { all: [{ fact: 'dsr', operator: 'greaterThan', value: 0.45 }] };
    dsr.priority = 65;
    const diff = diffPolicies(a, b);
    expect(diff.identical).toBe(false);
    expect(diff.rules.added).toEqual([{ name: 'young', priority: 1, event: 'refer' }]);
    expect(diff.rules.removed).toEqual([{ name: 'short-employment', priority: 10, event: 'refer' }]);
    expect(diff.rules.changed).toEqual([
      {
        name: 'dsr-above-cap',
        thresholds: [
          {
            path: '$.conditions.all[0].value',
            fact: 'dsr',
            operator: 'greaterThan',
            from: { param: 'dsrCap' },
            to: 0.45,
          },
        ],
        changes: [{ path: '$.priority', from: 60, to: 65 }],
      },
    ]);
  });

  it('reports parameters, derived facts, tiers and sections', () => {
    const a = policy('PRICING');
    const b = policy('PRICING');
    b.pricing!.aprCeilingBps = 2000;
    b.pricing!.tiers.B.aprBps = 1500;
    delete b.pricing!.tiers.D;
    b.pricing!.tiers.E = { aprBps: 1900, terms: [6] };
    const diff = diffPolicies(a, b);
    expect(diff.tiers.changed).toEqual([{ name: 'B', from: a.pricing!.tiers.B, to: b.pricing!.tiers.B }]);
    expect(diff.tiers.added.map((t) => t.name)).toEqual(['E']);
    expect(diff.tiers.removed.map((t) => t.name)).toEqual(['D']);
    expect(diff.sections).toEqual([{ path: '$.pricing.aprCeilingBps', from: 2400, to: 2000 }]);

    const limitA = policy('LIMIT');
    const limitB = policy('LIMIT');
    limitB.parameters!.absoluteCap = 150000;
    limitB.facts!.incomeLimit = 'max(monthlyIncome, 0) * 12 / 4';
    limitB.limit!.step = 500;
    const limitDiff = diffPolicies(limitA, limitB);
    expect(limitDiff.parameters.changed).toEqual([{ name: 'absoluteCap', from: 200000, to: 150000 }]);
    expect(limitDiff.facts.changed).toEqual([
      {
        name: 'incomeLimit',
        from: 'max(monthlyIncome, 0) * 12 / incomeCapDivisor',
        to: 'max(monthlyIncome, 0) * 12 / 4',
      },
    ]);
    expect(limitDiff.sections).toEqual([{ path: '$.limit.step', from: 100, to: 500 }]);
    expect(JSON.parse(JSON.stringify(limitDiff))).toEqual(limitDiff);

    const exposureA = policy('EXPOSURE');
    const exposureB = policy('EXPOSURE');
    (exposureB.exposure as { budgets: { amount?: number }[] }).budgets[0].amount = 10_000;
    expect(diffPolicies(exposureA, exposureB).sections).toEqual([
      { path: '$.exposure.budgets[0].amount', from: 50_000_000, to: 10_000 },
    ]);
  });
});
