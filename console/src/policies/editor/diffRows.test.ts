import { defaultPolicies, diffPolicies } from '@spillway/rules';
import { describe, expect, it } from 'vitest';
import { diffSections } from './diffRows';

describe('diff sections', () => {
  it('is empty for identical documents', () => {
    const { ADMISSION } = defaultPolicies();
    expect(diffSections(diffPolicies(ADMISSION, defaultPolicies().ADMISSION))).toEqual([]);
  });

  it('lists a moved threshold, a new parameter and a removed rule', () => {
    const before = defaultPolicies().ADMISSION;
    const after = defaultPolicies().ADMISSION;
    const low = after.rules.find((rule) => rule.name === 'low-bureau-score')!;
    low.conditions = { all: [{ fact: 'bureauScore', operator: 'lessThan', value: 650 }] };
    after.parameters = { ...after.parameters, extra: 1 };
    after.rules = after.rules.filter((rule) => rule.name !== 'short-employment');
    expect(diffSections(diffPolicies(before, after))).toEqual([
      ['parameters', [{ what: 'extra', after: 1 }]],
      [
        'rules',
        [
          { what: 'short-employment', before: 'refer · 10' },
          {
            what: 'low-bureau-score: bureauScore lessThan',
            before: { param: 'minBureauScore' },
            after: 650,
          },
        ],
      ],
    ]);
  });

  it('names pricing tiers and section changes', () => {
    const before = defaultPolicies().PRICING;
    const after = defaultPolicies().PRICING;
    after.pricing!.aprCeilingBps = 2000;
    after.pricing!.tiers.A.aprBps = 1000;
    const sections = Object.fromEntries(diffSections(diffPolicies(before, after)));
    expect(sections.sections).toEqual([{ what: '$.pricing.aprCeilingBps', before: 2400, after: 2000 }]);
    expect(sections.tiers).toEqual([
      { what: 'A', before: before.pricing!.tiers.A, after: after.pricing!.tiers.A },
    ]);
  });
});
