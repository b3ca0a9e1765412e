import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BacktestPair,
  type CaseOutcome,
  canonicalJson,
  classifyChange,
  createMetricsAccumulator,
  type MetricsAccumulator,
  PolicyError,
  populationStabilityIndex,
} from '../src/index.js';

const declined: CaseOutcome = {
  outcome: 'DECLINE',
  approvedLimit: null,
  affordableLimit: null,
  overflow: false,
  aprBps: null,
  riskTier: null,
  firedRules: ['low-bureau-score'],
};

function approved(limit: number, affordable: number, aprBps: number, tier: string): CaseOutcome {
  return {
    outcome: 'APPROVE',
    approvedLimit: limit,
    affordableLimit: affordable,
    overflow: limit > affordable,
    aprBps,
    riskTier: tier,
    firedRules: [`tier-${tier.toLowerCase()}`],
  };
}

/** Six cases, one of each kind of change; the figures below are worked out by hand from them. */
const PAIRS: BacktestPair[] = [
  {
    caseId: 'limit-up',
    observedDefault: false,
    baseline: approved(10000, 12000, 1440, 'B'),
    candidate: approved(12000, 12000, 1440, 'B'),
  },
  {
    caseId: 'swap-out',
    observedDefault: true,
    baseline: approved(5000, 4000, 2160, 'D'),
    candidate: declined,
  },
  {
    caseId: 'swap-in unknown',
    observedDefault: null,
    baseline: declined,
    candidate: approved(3000, 2000, 1800, 'C'),
  },
  {
    caseId: 'swap-in from referral',
    observedDefault: true,
    baseline: { ...declined, outcome: 'REFER', firedRules: ['marginal-bureau-score'] },
    candidate: approved(8000, 10000, 1080, 'A'),
  },
  {
    caseId: 'referral',
    observedDefault: false,
    baseline: declined,
    candidate: { ...declined, outcome: 'REFER', firedRules: ['marginal-bureau-score'] },
  },
  {
    caseId: 'repriced',
    observedDefault: false,
    baseline: approved(20000, 30000, 1080, 'A'),
    candidate: approved(20000, 30000, 1440, 'B'),
  },
];

function accumulate(pairs: BacktestPair[]): MetricsAccumulator {
  const accumulator = createMetricsAccumulator();
  for (const pair of pairs) accumulator.add(pair);
  return accumulator;
}

describe('backtest metrics on a hand-computed set', () => {
  const metrics = accumulate(PAIRS).result();

  it('counts approvals and bad rates among approved cases with known outcomes', () => {
    expect(metrics.cases).toBe(6);
    expect(metrics.knownOutcomes).toBe(5);
    expect(metrics.baseline.outcomes).toEqual({ APPROVE: 3, DECLINE: 2, REFER: 1 });
    expect(metrics.baseline.approvalRate).toBe(0.5);
    expect(metrics.baseline.approved).toEqual({
      count: 3,
      known: 3,
      unknown: 0,
      defaults: 1,
      badRate: 1 / 3,
    });
    expect(metrics.candidate.outcomes).toEqual({ APPROVE: 4, DECLINE: 1, REFER: 1 });
    expect(metrics.candidate.approvalRate).toBe(4 / 6);
    expect(metrics.candidate.approved).toEqual({
      count: 4,
      known: 3,
      unknown: 1,
      defaults: 1,
      badRate: 1 / 3,
    });
  });

  it('builds the swap matrix, keeping swap-ins without an outcome', () => {
    const { swaps } = metrics;
    expect(swaps.swapIn).toEqual({ count: 2, known: 1, unknown: 1, defaults: 1, badRate: 1 });
    expect(swaps.swapOut).toEqual({ count: 1, known: 1, unknown: 0, defaults: 1, badRate: 1 });
    expect(swaps.unchanged).toEqual({ count: 3, known: 3, unknown: 0, defaults: 0, badRate: 0 });
    expect(swaps.referralChanges).toBe(1);
    expect(swaps.matrix.DECLINE.APPROVE.count).toBe(1);
    expect(swaps.matrix.REFER.APPROVE.count).toBe(1);
    expect(swaps.matrix.DECLINE.REFER.count).toBe(1);
    expect(swaps.matrix.APPROVE.APPROVE.count).toBe(2);
    expect(swaps.matrix.APPROVE.DECLINE).toEqual({ count: 1, known: 1, unknown: 0, defaults: 1, badRate: 1 });
    expect(swaps.matrix.REFER.REFER).toEqual({ count: 0, known: 0, unknown: 0, defaults: 0, badRate: null });
    expect(metrics.changes).toEqual({
      'swap-in': 2,
      'swap-out': 1,
      'referral-change': 1,
      'limit-up': 1,
      'limit-down': 0,
      'price-change': 1,
      'rules-change': 0,
      unchanged: 0,
    });
  });

  it('sums limits exactly and measures overflow exposure', () => {
    expect(metrics.baseline.limits).toEqual({
      totalGranted: '35000.00',
      averageGranted: '11666.67',
      overflowExposure: '1000.00',
      overflowCases: 1,
    });
    expect(metrics.candidate.limits).toEqual({
      totalGranted: '43000.00',
      averageGranted: '10750.00',
      overflowExposure: '1000.00',
      overflowCases: 1,
    });
  });

  it('reports APR, tiers, PSI and rule hits', () => {
    expect(metrics.baseline.pricing).toEqual({
      pricedCases: 3,
      averageAprBps: 1560,
      tiers: { A: 1, B: 1, D: 1 },
    });
    expect(metrics.candidate.pricing).toEqual({
      pricedCases: 4,
      averageAprBps: 1440,
      tiers: { A: 1, B: 2, C: 1 },
    });
    // shares A 1/3 B 1/3 C 0 D 1/3 -> A 1/4 B 1/2 C 1/4 D 0, empty bins at 0.0001
    expect(metrics.tierPsi).toBeCloseTo(4.749878310463023, 12);
    expect(metrics.psiEmptyBinShare).toBe(0.0001);
    expect(metrics.baseline.ruleHits).toEqual({
      'low-bureau-score': 2,
      'marginal-bureau-score': 1,
      'tier-a': 1,
      'tier-b': 1,
      'tier-d': 1,
    });
    expect(metrics.candidate.ruleHits['tier-b']).toBe(2);
  });

  it('gives zero PSI for the same distribution and null without one', () => {
    expect(populationStabilityIndex({ A: 2, B: 6 }, { A: 1, B: 3 })).toBe(0);
    expect(populationStabilityIndex({}, { A: 1 })).toBeNull();
    expect(createMetricsAccumulator().result().tierPsi).toBeNull();
  });
});

describe('exact money and rejected input', () => {
  it('sums amounts in fen without floating-point drift', () => {
    const accumulator = createMetricsAccumulator();
    for (let i = 0; i < 10; i += 1) {
      accumulator.add({ caseId: `${i}`, baseline: approved(0.1, 1, 1080, 'A'), candidate: declined });
    }
    expect(accumulator.result().baseline.limits.totalGranted).toBe('1.00');
    expect(accumulator.result().baseline.limits.averageGranted).toBe('0.10');
  });

  it('rejects amounts finer than a fen, and leaves the state as it was', () => {
    const accumulator = accumulate(PAIRS.slice(0, 2));
    const before = canonicalJson(accumulator.state());
    const bad = { caseId: 'x', baseline: declined, candidate: approved(100.005, 200, 1080, 'A') };
    expect(() => accumulator.add(bad)).toThrow(PolicyError);
    try {
      accumulator.add(bad);
    } catch (error) {
      expect((error as PolicyError).code).toBe('INVALID_ARGUMENT');
      expect((error as PolicyError).path).toBe('candidate.approvedLimit');
    }
    expect(canonicalJson(accumulator.state())).toBe(before);
  });

  it('rejects an unknown outcome', () => {
    const bad = { caseId: 'x', baseline: { ...declined, outcome: 'MAYBE' }, candidate: declined } as never;
    expect(() => createMetricsAccumulator().add(bad)).toThrow(/APPROVE, DECLINE or REFER/);
  });
});

describe('classifyChange', () => {
  it('tells a limit cut, a rules change and no change apart', () => {
    expect(classifyChange(approved(9000, 9000, 1080, 'A'), approved(8000, 9000, 1080, 'A'))).toBe(
      'limit-down',
    );
    const withExtraRule = { ...approved(9000, 9000, 1080, 'A'), firedRules: ['tier-a', 'inquiry-premium'] };
    expect(classifyChange(approved(9000, 9000, 1080, 'A'), withExtraRule)).toBe('rules-change');
    expect(classifyChange(declined, { ...declined })).toBe('unchanged');
  });
});

const side: fc.Arbitrary<CaseOutcome> = fc.record({
  outcome: fc.constantFrom('APPROVE' as const, 'DECLINE' as const, 'REFER' as const),
  approvedLimit: fc.option(fc.integer({ min: 0, max: 200_000 }).map((n) => n * 100)),
  affordableLimit: fc.option(fc.integer({ min: 0, max: 200_000 }).map((n) => n * 100)),
  overflow: fc.boolean(),
  aprBps: fc.option(fc.integer({ min: 720, max: 2400 })),
  riskTier: fc.option(fc.constantFrom('A', 'B', 'C', 'D')),
  firedRules: fc.array(fc.constantFrom('r1', 'r2', 'r3', 'r4'), { maxLength: 4 }),
});
const pair: fc.Arbitrary<BacktestPair> = fc.record({
  caseId: fc.string(),
  observedDefault: fc.option(fc.boolean()),
  baseline: side,
  candidate: side,
});

describe('streaming properties', () => {
  it('gives the same result however the cases are chunked and merged', () => {
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 6 }), (pairs, cuts) => {
        const expected = canonicalJson(accumulate(pairs).result());
        const bounds = [...new Set(cuts.map((cut) => cut % (pairs.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...bounds, pairs.length]
          .slice(0, -1)
          .map((start, index, starts) => pairs.slice(start, starts[index + 1] ?? pairs.length));
        // left fold, right fold, and a state round trip through JSON as a worker would send it
        const left = createMetricsAccumulator();
        for (const chunk of chunks) left.merge(accumulate(chunk));
        const right = chunks.reduceRight((merged, chunk) => {
          const next = accumulate(chunk);
          next.merge(merged);
          return next;
        }, createMetricsAccumulator());
        const viaJson = createMetricsAccumulator();
        for (const chunk of chunks) viaJson.merge(JSON.parse(JSON.stringify(accumulate(chunk).state())));
        expect(canonicalJson(left.result())).toBe(expected);
        expect(canonicalJson(right.result())).toBe(expected);
        expect(canonicalJson(viaJson.result())).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('merges associatively', () => {
    fc.assert(
      fc.property(fc.array(pair), fc.array(pair), fc.array(pair), (a, b, c) => {
        const ab = accumulate(a);
        ab.merge(accumulate(b));
        ab.merge(accumulate(c));
        const bc = accumulate(b);
        bc.merge(accumulate(c));
        const a_bc = accumulate(a);
        a_bc.merge(bc);
        expect(canonicalJson(ab.state())).toBe(canonicalJson(a_bc.state()));
      }),
      { numRuns: 100 },
    );
  });
});
