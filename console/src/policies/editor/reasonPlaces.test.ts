import { defaultPolicies } from '@spillway/rules';
import { describe, expect, it } from 'vitest';
import { reasonPlaces } from './reasonPlaces';

describe('reason places', () => {
  it('lists rule events, caps, the below-minimum outcome and missing facts, in document order', () => {
    const limit = defaultPolicies().LIMIT as unknown as Record<string, unknown>;
    const places = reasonPlaces(limit);
    expect(places.map((place) => [place.kind, place.name])).toEqual([
      ['rule', 'marginal-score-haircut'],
      ['rule', 'fair-score-haircut'],
      ['rule', 'multi-lender-haircut'],
      ['rule', 'short-employment-cap'],
      ['rule', 'young-borrower-cap'],
      ['cap', 'income-cap'],
      ['cap', 'absolute-cap'],
      ['cap', 'total-exposure'],
      ['belowMinimum', null],
      ['onMissingFact', null],
    ]);
    expect(places[0]).toMatchObject({
      reasonPath: ['rules', 0, 'event', 'params', 'reason'],
      messagePath: ['rules', 0, 'event', 'params', 'message'],
    });
    expect(places[5]).toMatchObject({ reasonPath: ['limit', 'caps', 0, 'reason'], messagePath: null });
  });

  it('skips what is not an object', () => {
    expect(reasonPlaces({ rules: [1, null], limit: { caps: 'x' } })).toEqual([]);
  });
});
