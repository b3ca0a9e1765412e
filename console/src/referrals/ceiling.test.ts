import { describe, expect, it } from 'vitest';
import { approvalCeiling } from './ceiling';

describe('approval ceiling', () => {
  it("is the policy's limit while the borrower can repay it", () => {
    expect(approvalCeiling({ approvedLimit: '12000.00', affordableLimit: '100400.00' })).toBe('12000.00');
    expect(approvalCeiling({ approvedLimit: '12000.00', affordableLimit: null })).toBe('12000.00');
  });

  it('never exceeds the affordable limit', () => {
    expect(approvalCeiling({ approvedLimit: '12000.00', affordableLimit: '9500.50' })).toBe('9500.50');
  });

  it('is absent when the policy computed no limit', () => {
    expect(approvalCeiling({ approvedLimit: null, affordableLimit: '9500.00' })).toBeNull();
  });
});
