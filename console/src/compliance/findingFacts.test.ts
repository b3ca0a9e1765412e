import { describe, expect, it } from 'vitest';
import { factRows, minorToDecimal } from './findingFacts';

describe('finding facts', () => {
  it('shows fen as exact money, rates and terms in their units', () => {
    expect(minorToDecimal(30_000_01)).toBe('30000.01');
    expect(minorToDecimal(5)).toBe('0.05');
    expect(minorToDecimal(-1)).toBe('-0.01');
    expect(
      factRows({
        totalLimitMinor: 200_000_01,
        aprBps: 2800,
        termMonths: 48,
        allowedTerms: [12, 24, 36],
        share: '1/3',
        monthlyIncomeMinor: null,
        lines: 'a,b',
      }),
    ).toEqual([
      { name: 'totalLimit', value: { kind: 'money', value: '200000.01' } },
      { name: 'aprBps', value: { kind: 'bps', value: 2800 } },
      { name: 'termMonths', value: { kind: 'months', value: 48 } },
      { name: 'allowedTerms', value: { kind: 'text', value: '12, 24, 36' } },
      { name: 'share', value: { kind: 'text', value: '1/3' } },
      { name: 'monthlyIncome', value: { kind: 'text', value: '' } },
    ]);
  });
});
