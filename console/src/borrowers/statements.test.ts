import { describe, expect, it } from 'vitest';
import { statementsOf } from './statements';

describe("a credit line's statements", () => {
  it('reads them newest first as reported', () => {
    const history = {
      statements: [
        { month: '2005-09', billed: '3913.00', paid: '0.00', delayMonths: 2 },
        { month: '2005-08', billed: 3102, paid: '689.00' },
      ],
      observedDefault: true,
    };
    expect(statementsOf(history)).toEqual([
      { month: '2005-09', billed: '3913.00', paid: '0.00', delayMonths: 2 },
      { month: '2005-08', billed: '3102', paid: '689.00', delayMonths: null },
    ]);
  });

  it('yields nothing for a history of another shape', () => {
    expect(statementsOf(null)).toEqual([]);
    expect(statementsOf({ statements: 'none' })).toEqual([]);
    expect(statementsOf({ statements: [null, 3] })).toEqual([]);
  });
});
