import { describe, expect, it } from 'vitest';
import type { ExposureBudget } from '../dataProvider/exposure';
import { burnDown } from './burnDown';

const budget = (current: Partial<ExposureBudget['current']>, limit: number | null = 100): ExposureBudget => ({
  id: 'daily',
  name: 'daily',
  description: null,
  window: 'DAY',
  measure: 'APPROVALS',
  onExceed: 'REFER',
  amount: limit,
  share: limit === null ? 0.3 : null,
  segment: null,
  timeZone: 'Asia/Shanghai',
  current: {
    window: 'DAY:2026-12-03',
    startsAt: '2026-12-02T16:00:00.000Z',
    endsAt: '2026-12-03T16:00:00.000Z',
    used: 50,
    limit,
    left: limit === null ? null : limit - 50,
    projectedAtEnd: 100,
    stopped: 0,
    series: [{ at: '2026-12-02T22:00:00.000Z', used: 30 }],
    ...current,
  },
});
const NOON = new Date('2026-12-03T04:00:00.000Z');

describe('a budget as a burn-down', () => {
  it('falls from the cap through each decision to now, with the pace line to the end of the window', () => {
    const chart = burnDown(budget({}), NOON);
    expect(chart.x.map((at) => at.toISOString())).toEqual([
      '2026-12-02T16:00:00.000Z',
      '2026-12-02T22:00:00.000Z',
      '2026-12-03T04:00:00.000Z',
      '2026-12-03T16:00:00.000Z',
    ]);
    expect(chart.actual).toEqual([100, 70, 50, null]);
    // Half the day gone, half the budget used: the window ends with nothing left.
    expect(chart.pace).toEqual([100, 75, 50, 0]);
    expect(chart.climbs).toBe(false);
  });

  it('climbs for a share budget, which has no fixed cap to burn down', () => {
    const chart = burnDown(budget({}, null), NOON);
    expect(chart.actual).toEqual([0, 30, 50, null]);
    expect(chart.pace.at(-1)).toBe(100);
    expect(chart.climbs).toBe(true);
  });

  it('goes below zero on pace when the rate so far would run the budget out before the window ends', () => {
    const chart = burnDown(budget({ used: 80, left: 20, projectedAtEnd: 160, series: [] }), NOON);
    expect(chart.actual).toEqual([100, 20, null]);
    expect(chart.pace).toEqual([100, 20, -60]);
  });
});
