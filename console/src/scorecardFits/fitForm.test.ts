import { factCatalog } from '@spillway/rules';
import { describe, expect, it } from 'vitest';
import { candidateFacts, emptyFitForm, fitParams, outcomeFacts, reasonCodeOf } from './fitForm';

describe('the fit wizard', () => {
  it('derives a reason code a card accepts from any name', () => {
    expect(reasonCodeOf('utilizationAvg6m')).toBe('UTILIZATION_AVG6M');
    expect(reasonCodeOf('max dpd')).toBe('MAX_DPD');
    expect(reasonCodeOf('6mTrend')).toBe('C_6M_TREND');
  });

  it('sends the facts and derived expressions chosen, the split as a share, and leaves defaults out', () => {
    const form = {
      ...emptyFitForm(),
      caseSetId: 'c1',
      facts: ['currentDpd'],
      derived: [
        { name: 'drawnShare', expression: 'drawnBalance / existingLimit' },
        { name: '', expression: '' },
      ],
      testPercent: '25',
      seed: '7',
    };
    expect(fitParams(form)).toEqual({
      caseSetId: 'c1',
      name: 'behaviour',
      characteristics: [
        { name: 'currentDpd', fact: 'currentDpd', reasonCode: 'CURRENT_DPD' },
        { name: 'drawnShare', expression: 'drawnBalance / existingLimit', reasonCode: 'DRAWN_SHARE' },
      ],
      testShare: 0.25,
      seed: 7,
    });
    expect(fitParams({ ...form, outcome: 'flagged', policyId: 'p1', seed: '' })).toMatchObject({
      outcome: 'flagged',
      policyId: 'p1',
    });
    expect(fitParams({ ...form, seed: '' })).not.toHaveProperty('seed');
  });

  it('offers input facts as candidates and only yes/no or whole-number facts as outcomes', () => {
    expect(candidateFacts(factCatalog).every((fact) => fact.source !== 'derived')).toBe(true);
    expect(
      outcomeFacts(factCatalog).every((fact) => fact.type === 'boolean' || fact.type === 'integer'),
    ).toBe(true);
  });
});
