import { describe, expect, it } from 'vitest';
import {
  caseOutcomeOf,
  type DecisionSummary,
  defaultPolicies,
  evaluatePipeline,
  expectationFailures,
  summarizeResult,
  summaryDifferences,
} from '../src/index.js';
import { AS_OF, goodApplicant } from './helpers.js';

const approved: DecisionSummary = {
  outcome: 'APPROVE',
  approvedLimit: 30000,
  aprBps: 1440,
  termMonths: 12,
  riskTier: 'B',
  affordableLimit: 47500,
  overflow: false,
  reasons: ['TIER_B'],
  firedRules: ['PRICING:tier-b'],
};

describe('summarizeResult', () => {
  it('keeps the decided fields and names every fired rule by stage, not only the deciding one', async () => {
    const result = await evaluatePipeline({
      policies: defaultPolicies(),
      facts: goodApplicant(),
      asOf: AS_OF,
    });
    expect(summarizeResult(result)).toEqual({
      ...approved,
      firedRules: ['PRICING:tier-b', 'PRICING:tier-c'],
    });
    expect(caseOutcomeOf(approved)).toEqual({
      outcome: 'APPROVE',
      approvedLimit: 30000,
      affordableLimit: 47500,
      overflow: false,
      aprBps: 1440,
      riskTier: 'B',
      firedRules: ['PRICING:tier-b'],
    });
  });
});

describe('expectationFailures', () => {
  it('checks only the fields the expectation names', () => {
    expect(expectationFailures({ outcome: 'APPROVE' }, approved)).toEqual([]);
    expect(expectationFailures({}, approved)).toEqual([]);
  });

  it('lists every field that differs, with both values', () => {
    expect(
      expectationFailures(
        { outcome: 'APPROVE', approvedLimit: 25000, aprBps: 1440, riskTier: 'C' },
        approved,
      ),
    ).toEqual([
      { field: 'approvedLimit', expected: 25000, actual: 30000 },
      { field: 'riskTier', expected: 'C', actual: 'B' },
    ]);
  });

  it('compares money in fen, so a limit read back from minor units matches', () => {
    const stored = { ...approved, approvedLimit: 1234567 / 100 };
    expect(expectationFailures({ approvedLimit: 12345.67 }, stored)).toEqual([]);
    expect(expectationFailures({ approvedLimit: 12345.66 }, stored)).toHaveLength(1);
  });

  it('fails an expected limit when nothing was granted', () => {
    const declined = { ...approved, outcome: 'DECLINE' as const, approvedLimit: null };
    expect(expectationFailures({ outcome: 'APPROVE', approvedLimit: 30000 }, declined)).toEqual([
      { field: 'outcome', expected: 'APPROVE', actual: 'DECLINE' },
      { field: 'approvedLimit', expected: 30000, actual: null },
    ]);
  });
});

describe('summaryDifferences', () => {
  it('finds none between a summary and itself', () => {
    expect(summaryDifferences(approved, { ...approved, reasons: [...approved.reasons] })).toEqual([]);
  });

  it('reports reason order and overflow, which decide nothing but must replay identically', () => {
    expect(
      summaryDifferences(
        { ...approved, reasons: ['A', 'B'] },
        { ...approved, reasons: ['B', 'A'], overflow: true },
      ),
    ).toEqual([
      { field: 'overflow', expected: false, actual: true },
      { field: 'reasons', expected: ['A', 'B'], actual: ['B', 'A'] },
    ]);
  });
});
