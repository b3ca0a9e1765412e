import { describe, expect, it } from 'vitest';
import { budgetBacktest } from '../src/budget-backtest.js';
import {
  compileExposure,
  ExposureLedger,
  type ExposureSection,
  exposureDemand,
  releaseDeltas,
  segmentMembers,
  settleExposure,
  validateExposureSection,
  windowOf,
} from '../src/exposure.js';

const STEP = 100_00;
const at = (iso: string) => new Date(iso);

describe('budget windows', () => {
  it('roll over at midnight of the document time zone, not UTC', () => {
    expect(windowOf('DAY', 'Asia/Shanghai', at('2026-12-03T15:59:59.999Z'))).toBe('DAY:2026-12-03');
    expect(windowOf('DAY', 'Asia/Shanghai', at('2026-12-03T16:00:00.000Z'))).toBe('DAY:2026-12-04');
    expect(windowOf('MONTH', 'Asia/Shanghai', at('2026-11-30T16:00:00.000Z'))).toBe('MONTH:2026-12');
    expect(windowOf('DAY', 'UTC', at('2026-12-03T16:00:00.000Z'))).toBe('DAY:2026-12-03');
  });
});

const section = (budgets: ExposureSection['budgets'], timeZone?: string): ExposureSection => ({
  ...(timeZone ? { timeZone } : {}),
  budgets,
});

/** Applies decisions one after another, as the decide transaction does with its counters. */
function run(exposure: ExposureSection, requests: { facts?: Record<string, unknown>; increase: number }[]) {
  const ledger = new ExposureLedger(compileExposure(exposure));
  return requests.map(({ facts = {}, increase }) =>
    ledger.apply({ at: at('2026-12-03T02:00:00Z'), facts, increaseFen: increase }, { stepFen: STEP }),
  );
}

describe('settling a decision against its budgets', () => {
  it('lets exactly what fits through an amount budget, then refers with the budget named', () => {
    const exposure = section([
      { name: 'daily', window: 'DAY', measure: 'NEW_EXPOSURE', amount: 50_000, onExceed: 'REFER' },
    ]);
    const results = run(
      exposure,
      Array.from({ length: 8 }, () => ({ increase: 10_000_00 })),
    );
    expect(results.map((result) => result.verdict.outcome)).toEqual([
      'FIT',
      'FIT',
      'FIT',
      'FIT',
      'FIT',
      'REFER',
      'REFER',
      'REFER',
    ]);
    expect(results[4].uses[0]).toMatchObject({
      budget: 'daily',
      window: 'DAY:2026-12-03',
      used: 50_000_00,
      left: 0,
    });
    expect(results[5].verdict).toEqual({ outcome: 'REFER', increaseFen: 0, budget: 'daily' });
    expect(results[5].deltas.size).toBe(0);
  });

  it('shrinks to what is left, rounded down to the step, and refers once nothing is left', () => {
    const exposure = section([
      { name: 'daily', window: 'DAY', measure: 'NEW_EXPOSURE', amount: 25_050, onExceed: 'SHRINK' },
    ]);
    const results = run(exposure, [{ increase: 20_000_00 }, { increase: 20_000_00 }, { increase: 1_000_00 }]);
    expect(results[0].verdict).toEqual({ outcome: 'FIT', increaseFen: 20_000_00 });
    expect(results[1].verdict).toEqual({ outcome: 'SHRINK', increaseFen: 5_000_00, budget: 'daily' });
    expect(results[2].verdict).toEqual({ outcome: 'REFER', increaseFen: 0, budget: 'daily' });
  });

  it('counts approvals, and holds a segment only to decisions in it', () => {
    const exposure = section([
      {
        name: 'tier-c-count',
        window: 'MONTH',
        measure: 'APPROVALS',
        amount: 2,
        segment: { all: [{ fact: 'riskTier', operator: 'equal', value: 'C' }] },
        onExceed: 'DECLINE',
      },
    ]);
    const c = { riskTier: 'C' };
    const results = run(exposure, [
      { facts: c, increase: 1 },
      { facts: { riskTier: 'A' }, increase: 1 },
      { facts: c, increase: 1 },
      { facts: c, increase: 1 },
    ]);
    expect(results.map((result) => result.verdict.outcome)).toEqual(['FIT', 'FIT', 'FIT', 'DECLINE']);
    expect(results[1].uses).toEqual([]);
  });

  it('holds a share budget to its share of the window total (past its floor), exactly at the boundary', () => {
    const exposure = section([
      {
        name: 'tier-c-share',
        window: 'DAY',
        measure: 'NEW_EXPOSURE',
        share: 0.2,
        segment: { all: [{ fact: 'riskTier', operator: 'equal', value: 'C' }] },
        onExceed: 'REFER',
      },
    ]);
    const results = run(exposure, [
      { facts: { riskTier: 'A' }, increase: 40_000_00 },
      // 10,000 of 50,000 is exactly 20%: fits
      { facts: { riskTier: 'C' }, increase: 10_000_00 },
      // one more fen of tier C would pass 20%
      { facts: { riskTier: 'C' }, increase: 1 },
      { facts: { riskTier: 'A' }, increase: 5_000_00 },
      // 5,000 more A made room for 1,250 of C
      { facts: { riskTier: 'C' }, increase: 1_250_00 },
    ]);
    expect(results.map((result) => result.verdict.outcome)).toEqual(['FIT', 'FIT', 'REFER', 'FIT', 'FIT']);
  });

  it('lets a segment reach its share floor whatever the window total', () => {
    const exposure = section([
      {
        name: 'tier-c-share',
        window: 'DAY',
        measure: 'NEW_EXPOSURE',
        share: 0.1,
        floor: 3000,
        segment: { all: [{ fact: 'riskTier', operator: 'equal', value: 'C' }] },
        onExceed: 'SHRINK',
      },
    ]);
    const c = { riskTier: 'C' };
    const results = run(exposure, [
      { facts: c, increase: 2_000_00 },
      { facts: c, increase: 2_000_00 },
    ]);
    expect(results[0].verdict.outcome).toBe('FIT');
    expect(results[1].verdict).toEqual({ outcome: 'SHRINK', increaseFen: 1_000_00, budget: 'tier-c-share' });
  });

  it('takes the most severe action of the budgets exceeded', () => {
    const exposure = section([
      { name: 'soft', window: 'DAY', measure: 'NEW_EXPOSURE', amount: 100, onExceed: 'SHRINK' },
      { name: 'hard', window: 'DAY', measure: 'APPROVALS', amount: 1, onExceed: 'DECLINE' },
    ]);
    const results = run(exposure, [{ increase: 100_00 }, { increase: 100_00 }]);
    expect(results[1].verdict).toEqual({ outcome: 'DECLINE', increaseFen: 0, budget: 'hard' });
  });

  it('gives room back on a cut only where the budget says so', () => {
    const compiled = compileExposure(
      section([
        { name: 'kept', window: 'DAY', measure: 'NEW_EXPOSURE', amount: 1000, onExceed: 'REFER' },
        {
          name: 'released',
          window: 'DAY',
          measure: 'NEW_EXPOSURE',
          amount: 1000,
          onExceed: 'REFER',
          releaseOnCut: true,
        },
      ]),
    );
    const deltas = releaseDeltas(compiled, { at: at('2026-12-03T02:00:00Z'), facts: {}, cutFen: 300_00 });
    expect([...deltas]).toEqual([['released|DAY:2026-12-03', -300_00]]);
  });

  it('reads and writes the same counters as the demand names, in a fixed order', () => {
    const compiled = compileExposure(
      section([
        {
          name: 'b',
          window: 'DAY',
          measure: 'NEW_EXPOSURE',
          share: 0.5,
          floor: 10,
          segment: { all: [{ fact: 'riskTier', operator: 'equal', value: 'C' }] },
          onExceed: 'REFER',
        },
        { name: 'a', window: 'MONTH', measure: 'NEW_EXPOSURE', amount: 10, onExceed: 'REFER' },
      ]),
    );
    const demand = exposureDemand(compiled, {
      at: at('2026-12-03T02:00:00Z'),
      facts: { riskTier: 'C' },
      increaseFen: 100,
    });
    expect(demand.keys).toEqual(['#NEW_EXPOSURE|DAY:2026-12-03', 'a|MONTH:2026-12', 'b|DAY:2026-12-03']);
    const settled = settleExposure(demand, new Map(), { stepFen: 1 });
    expect([...settled.deltas.keys()].sort()).toEqual(demand.keys);
  });
});

describe('validating an exposure section', () => {
  const codes = (value: unknown) =>
    validateExposureSection(value).map((problem) => [problem.code, problem.path]);

  it('reports each problem at its path', () => {
    expect(codes(undefined)).toEqual([['MISSING_SECTION', '$.exposure']]);
    expect(codes({ budgets: [] })).toEqual([['MISSING_FIELD', '$.exposure.budgets']]);
    expect(
      codes({
        timeZone: 'Mars/Olympus',
        budgets: [
          { name: 'x', window: 'WEEK', measure: 'APPROVALS', amount: 1.5, onExceed: 'SHRINK' },
          { name: 'x', window: 'DAY', measure: 'NEW_EXPOSURE', amount: 1, share: 0.1, onExceed: 'REFER' },
          { name: 'y', window: 'DAY', measure: 'NEW_EXPOSURE', share: 1.5, onExceed: 'REFER' },
          { name: 'v', window: 'DAY', measure: 'NEW_EXPOSURE', share: 0.5, onExceed: 'REFER' },
          { name: 'z', window: 'DAY', measure: 'NEW_EXPOSURE', amount: 0.001, onExceed: 'REFER' },
          {
            name: 'w',
            window: 'DAY',
            measure: 'NEW_EXPOSURE',
            amount: 1,
            onExceed: 'REFER',
            segment: { some: [] },
          },
        ],
      }),
    ).toEqual([
      ['INVALID_TIME_ZONE', '$.exposure.timeZone'],
      ['INVALID_VALUE', '$.exposure.budgets[0].window'],
      ['INVALID_VALUE', '$.exposure.budgets[0].onExceed'],
      ['VALUE_OUT_OF_RANGE', '$.exposure.budgets[0].amount'],
      ['DUPLICATE_NAME', '$.exposure.budgets[1].name'],
      ['INVALID_BUDGET', '$.exposure.budgets[1]'],
      ['VALUE_OUT_OF_RANGE', '$.exposure.budgets[2].share'],
      ['SHARE_WITHOUT_SEGMENT', '$.exposure.budgets[3].share'],
      ['VALUE_OUT_OF_RANGE', '$.exposure.budgets[4].amount'],
      ['INVALID_CONDITION', '$.exposure.budgets[5].conditions'],
    ]);
  });
});

describe('budgets over a backtest', () => {
  const compiled = compileExposure(
    section([
      { name: 'daily', window: 'DAY', measure: 'NEW_EXPOSURE', amount: 25_000, onExceed: 'SHRINK' },
      {
        name: 'tier-c',
        window: 'MONTH',
        measure: 'APPROVALS',
        amount: 1,
        segment: { all: [{ fact: 'riskTier', operator: 'equal', value: 'C' }] },
        onExceed: 'DECLINE',
      },
    ]),
  );
  const tier = (riskTier: string) => segmentMembers(compiled, { riskTier });

  it('settles approvals in time order, file order breaking ties, and reports each budget and window', () => {
    const day = (iso: string) => Date.parse(iso);
    const report = budgetBacktest(
      compiled,
      [
        // Listed out of time order: the pass orders them.
        { position: 3, at: day('2026-12-04T01:00:00Z'), increaseFen: 10_000_00, members: tier('A') },
        { position: 1, at: day('2026-12-03T02:00:00Z'), increaseFen: 10_000_00, members: tier('C') },
        { position: 0, at: day('2026-12-03T02:00:00Z'), increaseFen: 10_000_00, members: tier('A') },
        { position: 2, at: day('2026-12-03T03:00:00Z'), increaseFen: 10_000_00, members: tier('A') },
        { position: 4, at: day('2026-12-04T02:00:00Z'), increaseFen: 10_000_00, members: tier('C') },
      ],
      { stepFen: STEP },
    );
    expect(tier('C')).toBe('11');
    expect(report).toMatchObject({ approvals: 5, fitted: 3, shrunk: 1, stopped: 1 });
    expect(report.budgets).toEqual([
      { budget: 'daily', shrunk: 1, referred: 0, declined: 0, withheldFen: 5_000_00 },
      // The second tier-C approval of the month, on the next day: declined although that day has room.
      { budget: 'tier-c', shrunk: 0, referred: 0, declined: 1, withheldFen: 10_000_00 },
    ]);
    expect(report.windows).toEqual([
      { window: 'MONTH:2026-12', approvals: 4, newExposureFen: 35_000_00 },
      { window: 'DAY:2026-12-03', approvals: 3, newExposureFen: 25_000_00 },
      { window: 'DAY:2026-12-04', approvals: 1, newExposureFen: 10_000_00 },
    ]);
  });
});
