import { type CaseOutcome, createMetricsAccumulator } from '@spillway/rules';
import { describe, expect, it } from 'vitest';
import { limitRows, psiLevel, rateDataset, ruleHitRows, swapRows, tierRows } from './metrics';

const approve = (limit: number, tier: string, firedRules: string[] = []): CaseOutcome => ({
  outcome: 'APPROVE',
  approvedLimit: limit,
  affordableLimit: 8000,
  overflow: limit > 8000,
  aprBps: tier === 'A' ? 1200 : 1800,
  riskTier: tier,
  firedRules,
});
/** Nothing granted, nothing priced. */
const decline = (firedRules: string[] = []): CaseOutcome => ({
  ...approve(0, ''),
  outcome: 'DECLINE',
  approvedLimit: null,
  affordableLimit: null,
  aprBps: null,
  riskTier: null,
  firedRules,
});

/** Real metrics from rules' accumulator: four cases, one swap-out, one swap-in without a known outcome. */
function metrics() {
  const accumulator = createMetricsAccumulator();
  accumulator.add({
    caseId: '1',
    observedDefault: false,
    baseline: approve(5000, 'A'),
    candidate: approve(5000, 'A'),
  });
  accumulator.add({
    caseId: '2',
    observedDefault: true,
    baseline: approve(10000, 'B'),
    candidate: decline(['ADMISSION:low-score']),
  });
  accumulator.add({ caseId: '3', observedDefault: null, baseline: decline(), candidate: approve(6000, 'B') });
  accumulator.add({
    caseId: '4',
    observedDefault: false,
    baseline: decline(['ADMISSION:dpd']),
    candidate: decline(['ADMISSION:dpd', 'ADMISSION:low-score']),
  });
  return accumulator.result();
}

describe('backtest metrics for the charts', () => {
  it('pairs approval and bad rates of both sides', () => {
    expect(rateDataset(metrics())).toEqual([
      { id: 'approvalRate', baseline: 0.5, candidate: 0.5 },
      // Baseline approved cases 1 (good) and 2 (bad); the candidate approved 1 (good) and 3 (unknown).
      { id: 'badRate', baseline: 0.5, candidate: 0 },
    ]);
  });

  it('lists swap-in, swap-out and unchanged with counts, known outcomes and bad rates', () => {
    const rows = swapRows(metrics());
    expect(rows.map((row) => row.id)).toEqual(['swapIn', 'swapOut', 'unchanged']);
    expect(rows[0]).toMatchObject({ count: 1, known: 0, unknown: 1, badRate: null });
    expect(rows[1]).toMatchObject({ count: 1, known: 1, defaults: 1, badRate: 1 });
    expect(rows[2]).toMatchObject({ count: 2, known: 2, defaults: 0, badRate: 0 });
  });

  it('keeps money exact and marks which limit figures are money', () => {
    const rows = limitRows(metrics());
    expect(rows.find((row) => row.id === 'totalGranted')).toEqual({
      id: 'totalGranted',
      baseline: '15000.00',
      candidate: '11000.00',
      money: true,
    });
    expect(rows.find((row) => row.id === 'overflowCases')).toMatchObject({
      baseline: 1,
      candidate: 0,
      money: false,
    });
  });

  it('unions the tiers of both sides with their shares of priced cases', () => {
    expect(tierRows(metrics())).toEqual([
      { id: 'A', baseline: 1, candidate: 1, baselineShare: 0.5, candidateShare: 0.5 },
      { id: 'B', baseline: 1, candidate: 1, baselineShare: 0.5, candidateShare: 0.5 },
    ]);
  });

  it('orders rule hits by the size of the change', () => {
    expect(ruleHitRows(metrics())).toEqual([
      { id: 'ADMISSION:low-score', baseline: 0, candidate: 2, change: 2 },
      { id: 'ADMISSION:dpd', baseline: 1, candidate: 1, change: 0 },
    ]);
  });

  it('reads the PSI on the customary scale', () => {
    expect(psiLevel(null)).toBeNull();
    expect(psiLevel(0.02)).toBe('stable');
    expect(psiLevel(0.25)).toBe('moderate');
    expect(psiLevel(0.4)).toBe('significant');
  });
});
