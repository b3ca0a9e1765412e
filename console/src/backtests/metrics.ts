import type { BacktestMetrics, OutcomeCell, SideMetrics } from '@spillway/rules';

export type Side = 'baseline' | 'candidate';
export const SIDES: Side[] = ['baseline', 'candidate'];

/** One bar group of a baseline-vs-candidate chart; null where a side has no figure (nothing approved). */
export type SidePair<Key extends string = string> = {
  id: Key;
  baseline: number | null;
  candidate: number | null;
};

/** Approval rate, and bad rate among approved cases, of both sides: the chart's two groups. */
export function rateDataset(metrics: BacktestMetrics): SidePair<'approvalRate' | 'badRate'>[] {
  return [
    {
      id: 'approvalRate',
      baseline: metrics.baseline.approvalRate,
      candidate: metrics.candidate.approvalRate,
    },
    {
      id: 'badRate',
      baseline: metrics.baseline.approved.badRate,
      candidate: metrics.candidate.approved.badRate,
    },
  ];
}

export type SwapKind = 'swapIn' | 'swapOut' | 'unchanged';
export type SwapRow = OutcomeCell & { id: SwapKind };

/** The swap matrix on the approve axis, in reading order. */
export function swapRows(metrics: BacktestMetrics): SwapRow[] {
  const { swapIn, swapOut, unchanged } = metrics.swaps;
  return [
    { id: 'swapIn', ...swapIn },
    { id: 'swapOut', ...swapOut },
    { id: 'unchanged', ...unchanged },
  ];
}

export type LimitFigure = 'totalGranted' | 'averageGranted' | 'overflowExposure' | 'overflowCases';
export type LimitRow = {
  id: LimitFigure;
  /** Money as decimal strings (exact), or a count. */
  baseline: string | number | null;
  candidate: string | number | null;
  money: boolean;
};

export function limitRows(metrics: BacktestMetrics): LimitRow[] {
  const figures: LimitFigure[] = ['totalGranted', 'averageGranted', 'overflowExposure', 'overflowCases'];
  return figures.map((id) => ({
    id,
    baseline: metrics.baseline.limits[id],
    candidate: metrics.candidate.limits[id],
    money: id !== 'overflowCases',
  }));
}

export type TierRow = {
  id: string;
  baseline: number;
  candidate: number;
  /** Share of the side's priced cases, 0 to 1; null when the side priced nothing. */
  baselineShare: number | null;
  candidateShare: number | null;
};

const share = (side: SideMetrics, count: number) =>
  side.pricing.pricedCases > 0 ? count / side.pricing.pricedCases : null;

/** Every tier either side priced, in name order, with counts and shares of both sides. */
export function tierRows(metrics: BacktestMetrics): TierRow[] {
  const { baseline, candidate } = metrics;
  const tiers = [
    ...new Set([...Object.keys(baseline.pricing.tiers), ...Object.keys(candidate.pricing.tiers)]),
  ];
  return tiers.sort().map((id) => {
    const counts = { baseline: baseline.pricing.tiers[id] ?? 0, candidate: candidate.pricing.tiers[id] ?? 0 };
    return {
      id,
      ...counts,
      baselineShare: share(baseline, counts.baseline),
      candidateShare: share(candidate, counts.candidate),
    };
  });
}

export type RuleHitRow = { id: string; baseline: number; candidate: number; change: number };

/** Every rule that fired on either side, the largest change first, then by name. */
export function ruleHitRows(metrics: BacktestMetrics): RuleHitRow[] {
  const { baseline, candidate } = metrics;
  const rules = new Set([...Object.keys(baseline.ruleHits), ...Object.keys(candidate.ruleHits)]);
  return [...rules]
    .map((id) => {
      const hits = { baseline: baseline.ruleHits[id] ?? 0, candidate: candidate.ruleHits[id] ?? 0 };
      return { id, ...hits, change: hits.candidate - hits.baseline };
    })
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.id.localeCompare(b.id));
}

/** PSI's customary reading: below 0.1 stable, up to 0.25 a moderate shift, above it a significant one. */
export function psiLevel(psi: number | null): 'stable' | 'moderate' | 'significant' | null {
  if (psi === null) return null;
  if (psi < 0.1) return 'stable';
  return psi <= 0.25 ? 'moderate' : 'significant';
}
