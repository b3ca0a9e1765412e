import { describe, expect, it } from 'vitest';
import { PolicyError, WOE_SMOOTHING, weightOfEvidence } from '../src/index.js';

describe('weight of evidence and information value', () => {
  it('matches a table worked out by hand (no smoothing)', () => {
    // 100 goods, 100 bads; good / bad shares 0.4/0.1, 0.3/0.2, 0.3/0.7
    const table = weightOfEvidence(
      [
        { goods: 40, bads: 10 },
        { goods: 30, bads: 20 },
        { goods: 30, bads: 70 },
      ],
      0,
    );
    const woe = [Math.log(4), Math.log(1.5), Math.log(3 / 7)];
    expect(table.bins.map((bin) => bin.woe)).toEqual(woe.map((value) => expect.closeTo(value, 12)));
    // IV = 0.3 ln 4 + 0.1 ln 1.5 + 0.4 ln(7/3) = 0.795354...
    expect(table.iv).toBeCloseTo(0.3 * Math.log(4) + 0.1 * Math.log(1.5) + 0.4 * Math.log(7 / 3), 12);
    expect(table.iv).toBeCloseTo(0.795354, 6);
    expect(table.bins[0]).toMatchObject({ count: 50, share: 0.25, badRate: 0.2 });
    expect(table.bins.map((bin) => bin.iv)).toEqual([
      expect.closeTo(0.3 * Math.log(4), 12),
      expect.closeTo(0.1 * Math.log(1.5), 12),
      expect.closeTo(0.4 * Math.log(7 / 3), 12),
    ]);
  });

  it('smooths every count by 0.5 by default, so a bin without defaults has a finite WoE', () => {
    expect(WOE_SMOOTHING).toBe(0.5);
    const table = weightOfEvidence([
      { goods: 10, bads: 0 },
      { goods: 10, bads: 10 },
    ]);
    // good shares 10.5/21 and 10.5/21; bad shares 0.5/11 and 10.5/11
    expect(table.bins[0].woe).toBeCloseTo(Math.log(11), 12);
    expect(table.bins[1].woe).toBeCloseTo(Math.log(0.5 / (10.5 / 11)), 12);
    // IV = (0.5 - 1/22) ln 11 + (0.5 - 21/22) ln(11/21) = (10/22) ln 21
    expect(table.iv).toBeCloseTo((10 / 22) * Math.log(21), 12);
  });

  it('gives an empty bin WoE 0 and leaves it out of the smoothing', () => {
    const table = weightOfEvidence(
      [
        { goods: 40, bads: 10 },
        { goods: 0, bads: 0 },
        { goods: 60, bads: 90 },
      ],
      0,
    );
    expect(table.bins[1]).toEqual({ goods: 0, bads: 0, count: 0, share: 0, badRate: null, woe: 0, iv: 0 });
    expect(table.bins[0].woe).toBeCloseTo(Math.log(0.4 / 0.1), 12);
  });

  it('needs both outcomes and whole counts', () => {
    expect(() => weightOfEvidence([{ goods: 3, bads: 0 }])).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_DATA' }),
    );
    expect(() => weightOfEvidence([{ goods: 1.5, bads: 1 }])).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', path: 'bins[0].goods' }),
    );
    expect(() => weightOfEvidence([{ goods: 1, bads: 1 }], -1)).toThrow(PolicyError);
  });
});
