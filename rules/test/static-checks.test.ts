import { describe, expect, it } from 'vitest';
import {
  type ConditionOperator,
  type ConditionValue,
  type FactCondition,
  validatePolicy,
} from '../src/index.js';
import { minimal, policy } from './helpers.js';

const leaf = (fact: string, operator: ConditionOperator, value: ConditionValue): FactCondition => ({
  fact,
  operator,
  value,
});

describe('static checks', () => {
  it('warns about conditions that can never hold together', () => {
    const result = validatePolicy(
      minimal('ADMISSION', {
        parameters: { low: 10 },
        rules: [
          {
            name: 'impossible',
            description: 'x < 10 and x > 20',
            conditions: {
              all: [
                leaf('bureauScore', 'lessThan', { param: 'low' }),
                leaf('bureauScore', 'greaterThan', 20),
              ],
            },
            event: { type: 'decline', params: { reason: 'NEVER' } },
          },
          {
            name: 'point',
            description: 'x >= 5 and x < 5',
            conditions: {
              all: [leaf('age', 'greaterThanInclusive', 5), { all: [leaf('age', 'lessThan', 5)] }],
            },
            event: { type: 'decline', params: { reason: 'NEVER' } },
          },
          {
            name: 'codes',
            description: 'in a set that excludes itself',
            conditions: { all: [leaf('region', 'in', ['A', 'B']), leaf('region', 'notIn', ['A', 'B'])] },
            event: { type: 'decline', params: { reason: 'NEVER' } },
          },
          {
            name: 'fine',
            description: 'a band',
            conditions: {
              all: [leaf('age', 'greaterThanInclusive', 5), leaf('age', 'lessThanInclusive', 5)],
            },
            event: { type: 'decline', params: { reason: 'OK' } },
          },
        ],
      }),
    );
    expect(result.valid).toBe(true);
    expect(result.warnings.map((w) => [w.code, w.path])).toEqual([
      ['UNSATISFIABLE_CONDITIONS', '$.rules[0].conditions'],
      ['UNSATISFIABLE_CONDITIONS', '$.rules[1].conditions'],
      ['UNSATISFIABLE_CONDITIONS', '$.rules[2].conditions'],
    ]);
  });

  it('warns about a rule fully shadowed by a higher-priority one, and the tier it leaves unreachable', () => {
    const pricing = policy('PRICING');
    pricing.rules.push({
      name: 'tier-a-plus',
      description: 'never reached: tier-a takes everyone with 780+ and a clean year first',
      priority: 5,
      conditions: { all: [leaf('bureauScore', 'greaterThanInclusive', 780), leaf('maxDpd12m', 'equal', 0)] },
      event: { type: 'tier', params: { tier: 'APLUS' } },
    });
    pricing.pricing!.tiers.APLUS = { aprBps: 900, terms: [12] };
    pricing.pricing!.tiers.UNUSED = { aprBps: 2000, terms: [12] };
    const result = validatePolicy(pricing);
    expect(result.valid).toBe(true);
    expect(result.warnings.map((w) => [w.code, w.path])).toEqual([
      ['SHADOWED_RULE', `$.rules[${pricing.rules.length - 1}]`],
      ['UNREACHABLE_TIER', '$.pricing.tiers.APLUS'],
      ['UNREACHABLE_TIER', '$.pricing.tiers.UNUSED'],
    ]);
  });

  it('warns about a referral that a decline always overrides', () => {
    const admission = policy('ADMISSION');
    admission.rules.push({
      name: 'very-late',
      description: 'refer 120+ dpd: pointless, severe-delinquency declines them',
      conditions: { all: [leaf('maxDpd12m', 'greaterThan', 120)] },
      event: { type: 'refer', params: { reason: 'VERY_LATE' } },
    });
    expect(validatePolicy(admission).warnings).toEqual([
      expect.objectContaining({
        code: 'SHADOWED_RULE',
        message: expect.stringContaining('severe-delinquency'),
      }),
    ]);
  });

  it('leaves conditions it cannot read alone', () => {
    const monitoring = policy('MONITORING');
    expect(validatePolicy(monitoring).warnings).toEqual([]);
  });
});
