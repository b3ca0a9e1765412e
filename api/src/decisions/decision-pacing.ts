import {
  type BudgetUse,
  type CompiledExposure,
  EXPOSURE_REASON,
  type ExposureDemand,
  type ExposureSettlement,
  type ExposureVerdict,
  exposureDemand,
  isOverflow,
  type PipelineResult,
  type Reason,
  settleExposure,
} from '@spillway/rules';
import { cnyToMinor } from '../core/money.js';
import { PolicyKind } from '../policies/policy-kind.js';
import { DecisionOutcome } from './decision-outcome.js';

/** The lines around an approval: what the budgets measure its increase from and its overflow with. */
export interface LinesAround {
  /** This product's active limit before the decision (0 when the decision opens the line). */
  previousMinor: number;
  /** The limits of the borrower's other active lines. */
  otherLinesMinor: number;
}

/** What a decision records of the exposure budgets it was held to: enough to settle it again in a replay. */
export interface DecisionExposure extends LinesAround {
  revision: { kind: PolicyKind; policyId: string; versionId: string; number: number; revision: string };
  at: string;
  /** Each counter as the decision found it. */
  usage: Record<string, number>;
  verdict: ExposureVerdict;
  uses: BudgetUse[];
}

/** The fields of a decision the budgets may change. */
export interface PacedDecision {
  outcome: DecisionOutcome;
  approvedLimitMinor: number | null;
  aprBps: number | null;
  termMonths: number | null;
  riskTier: string | null;
  reasons: Reason[];
  overflow: boolean;
}

export function unpaced(result: PipelineResult): PacedDecision {
  return {
    outcome: result.outcome as DecisionOutcome,
    approvedLimitMinor: result.approvedLimit === null ? null : cnyToMinor(result.approvedLimit),
    aprBps: result.aprBps,
    termMonths: result.termMonths,
    riskTier: result.riskTier,
    reasons: result.reasons,
    overflow: result.overflow,
  };
}

/** The counters an approval draws on; null when the budgets have nothing to say (no approval). */
export function approvalDemand(
  budgets: CompiledExposure,
  result: PipelineResult,
  lines: LinesAround,
  at: Date,
): ExposureDemand | null {
  if (result.outcome !== DecisionOutcome.APPROVE || result.approvedLimit === null) return null;
  return exposureDemand(budgets, {
    at,
    facts: {
      ...result.facts,
      riskTier: result.riskTier,
      aprBps: result.aprBps,
      approvedLimit: result.approvedLimit,
    },
    increaseFen: Math.max(0, cnyToMinor(result.approvedLimit) - lines.previousMinor),
  });
}

/**
 * An approval held to its budgets, given what their counters held: pure, so the decide path settles it
 * against locked counters and a replay settles it again against the counters the decision recorded.
 * A budget exceeded refers, declines, or shrinks the new limit to what is left (`stepFen` multiples).
 */
export function paceApproval(
  result: PipelineResult,
  demand: ExposureDemand,
  usage: ReadonlyMap<string, number>,
  lines: LinesAround,
  stepFen: number,
): { paced: PacedDecision; settlement: ExposureSettlement } {
  const settlement = settleExposure(demand, usage, { stepFen });
  const { verdict } = settlement;
  const unchanged = unpaced(result);
  if (verdict.outcome === 'FIT') return { paced: unchanged, settlement };
  const reason: Reason = {
    code: EXPOSURE_REASON,
    message:
      verdict.outcome === 'SHRINK'
        ? `The ${verdict.budget} exposure budget has room for a smaller limit only`
        : `The ${verdict.budget} exposure budget is used up for now`,
    policyKind: PolicyKind.EXPOSURE,
    rule: verdict.budget,
    params: { budget: verdict.budget },
  };
  if (verdict.outcome === 'SHRINK') {
    const approvedLimitMinor = lines.previousMinor + verdict.increaseFen;
    const affordable = result.affordableLimit === null ? null : cnyToMinor(result.affordableLimit);
    const paced = {
      ...unchanged,
      approvedLimitMinor,
      overflow: isOverflow(lines.otherLinesMinor + approvedLimitMinor, affordable),
      reasons: [...result.reasons, reason],
    };
    return { paced, settlement };
  }
  const declined = verdict.outcome === 'DECLINE';
  const paced = {
    ...unchanged,
    outcome: verdict.outcome as DecisionOutcome,
    ...(declined
      ? { approvedLimitMinor: null, aprBps: null, termMonths: null, riskTier: null, overflow: false }
      : {}),
    reasons: [reason, ...result.reasons],
  };
  return { paced, settlement };
}
