import {
  type BacktestPair,
  type CompiledExposure,
  type CompiledPolicy,
  caseOutcomeOf,
  classifyChange,
  compilePolicy,
  createMetricsAccumulator,
  type DecisionSummary,
  type ExpectedDecision,
  evaluatePipeline,
  evaluatePipelines,
  expectationFailures,
  type FieldDifference,
  type MetricsState,
  type PipelineResult,
  segmentMembers,
  summarizeResult,
  summaryDifferences,
} from '@spillway/rules';
import { cnyToMinor, minorToCny } from '../core/money.js';
import { approvalDemand, type DecisionExposure, paceApproval } from '../decisions/decision-pacing.js';
import { PolicyKind } from '../policies/policy-kind.js';
import type { SidePolicy } from './backtest.entity.js';
import { ChangeKind } from './backtest-difference.entity.js';

/** The stages a decision runs; MONITORING watches lines and is reviewed, not backtested. */
export const DECISION_KINDS = [PolicyKind.ADMISSION, PolicyKind.LIMIT, PolicyKind.PRICING] as const;

export type PolicySet = Partial<Record<PolicyKind, CompiledPolicy>>;

export function compileSide(side: SidePolicy[]): PolicySet {
  return Object.fromEntries(side.map((policy) => [policy.kind, compilePolicy(policy.document)]));
}

/** One case of a job, from a case set, a file or a recorded decision. */
export interface JobCase {
  caseId?: string | null;
  decisionId?: string | null;
  line?: number | null;
  externalRef?: string | null;
  facts: Record<string, unknown>;
  asOf: string;
  /** When the case applied (ISO), from the case set's application time column. */
  appliedAt?: string | null;
  observedDefault: boolean | null;
  expected?: ExpectedDecision | null;
  /** Replays: what the decision recorded, the policies that recorded it, and the budgets it was held to. */
  recorded?: { summary: DecisionSummary; policies: PolicySet; exposure: DecisionExposure | null };
}

export interface CaseDifference {
  position: number;
  caseId: string | null;
  decisionId: string | null;
  line: number | null;
  externalRef: string | null;
  changeKind: ChangeKind;
  observedDefault: boolean | null;
  baseline: DecisionSummary;
  candidate: DecisionSummary;
  expectationFailures: FieldDifference[];
  mismatches: FieldDifference[];
}

/** A candidate approval kept for the budget pass: [position, applied at (ms), new exposure (fen), members]. */
export type BudgetCaseRow = [number, number, number, string];

/** What a chunk adds to its job: plain JSON, so it can be stored and merged in any order. */
export interface ChunkState {
  metrics: MetricsState;
  expectationsChecked: number;
  regressions: number;
  mismatches: number;
  /** With exposure budgets: the candidate's approvals, and how many of the chunk's cases had no time. */
  budgetCases?: BudgetCaseRow[];
  untimed?: number;
}

/** The candidate's exposure budgets, and the instant a case without an application time is taken at. */
export interface ChunkBudgets {
  exposure: CompiledExposure;
  asOfMs: number;
}

export async function decideWith(policies: PolicySet, facts: Record<string, unknown>, asOf: string) {
  return summarizeResult(await pipelineWith(policies, facts, asOf));
}

const decisionStages = (policies: PolicySet) => ({
  ADMISSION: policies.ADMISSION as CompiledPolicy,
  LIMIT: policies.LIMIT,
  PRICING: policies.PRICING,
});

function pipelineWith(policies: PolicySet, facts: Record<string, unknown>, asOf: string) {
  return evaluatePipeline({ policies: decisionStages(policies), facts, asOf });
}

/**
 * A recorded decision decided again: the pipeline, then the exposure budgets it was held to, settled again
 * against the counters it recorded (the budgets' verdict is part of the decision, so part of its replay).
 */
async function redecide(policies: PolicySet, item: JobCase & { recorded: object }) {
  const result = await pipelineWith(policies, item.facts, item.asOf);
  const exposure = item.recorded.exposure;
  const budgets = policies.EXPOSURE?.exposure;
  const demand =
    exposure && budgets ? approvalDemand(budgets, result, exposure, new Date(exposure.at)) : null;
  if (!exposure || !demand) return summarizeResult(result);
  const stepFen = cnyToMinor(policies.LIMIT?.limit?.step ?? 1);
  const usage = new Map(Object.entries(exposure.usage));
  const { paced } = paceApproval(result, demand, usage, exposure, stepFen);
  const { approvedLimitMinor, reasons, ...fields } = paced;
  return {
    ...summarizeResult(result),
    ...fields,
    approvedLimit: approvedLimitMinor === null ? null : minorToCny(approvedLimitMinor),
    reasons: reasons.map((reason) => reason.code),
  };
}

const sameRevisions = (a: PolicySet, b: PolicySet) =>
  DECISION_KINDS.every((kind) => a[kind]?.revision === b[kind]?.revision);

/**
 * Decides the cases of one chunk on both sides and keeps what the job stores: the metrics of every case,
 * and the cases that changed, failed their expectation or did not replay.
 *
 * A backtest's baseline and candidate are whole policy sets. A replay's baseline is what each decision
 * recorded; its candidate replaces some kinds of the recorded set (none: a pure replay, where every
 * difference is a mismatch).
 */
export class ChunkEvaluation {
  private readonly metrics = createMetricsAccumulator();
  private readonly counts = { expectationsChecked: 0, regressions: 0, mismatches: 0 };
  private readonly budgetCases: BudgetCaseRow[] = [];
  private untimed = 0;
  readonly differences: CaseDifference[] = [];
  /** Cases decided so far. */
  cases = 0;

  constructor(
    private readonly baseline: PolicySet | null,
    private readonly candidate: PolicySet,
    private readonly budgets: ChunkBudgets | null = null,
  ) {}

  async add(item: JobCase, position: number): Promise<void> {
    const { baseline, candidate, candidateResult } = await this.decide(item);
    this.cases++;
    if (this.budgets && candidateResult) this.keepForBudgets(this.budgets, item, position, candidateResult);
    const pair: BacktestPair = {
      caseId: item.caseId ?? item.decisionId ?? String(position),
      observedDefault: item.observedDefault,
      baseline: caseOutcomeOf(baseline),
      candidate: caseOutcomeOf(candidate),
    };
    this.metrics.add(pair);
    const failures = item.expected ? expectationFailures(item.expected, candidate) : [];
    if (item.expected) this.counts.expectationsChecked++;
    if (failures.length > 0) this.counts.regressions++;
    const pureReplay = item.recorded !== undefined && Object.keys(this.candidate).length === 0;
    const mismatches = pureReplay ? summaryDifferences(baseline, candidate) : [];
    if (mismatches.length > 0) this.counts.mismatches++;
    const changeKind = changeKindOf(classifyChange(pair.baseline, pair.candidate));
    if (changeKind === ChangeKind.UNCHANGED && failures.length === 0 && mismatches.length === 0) return;
    this.differences.push({
      position,
      caseId: item.caseId ?? null,
      decisionId: item.decisionId ?? null,
      line: item.line ?? null,
      externalRef: item.externalRef ?? null,
      changeKind,
      observedDefault: item.observedDefault,
      baseline,
      candidate,
      expectationFailures: failures,
      mismatches,
    });
  }

  state(): ChunkState {
    const state: ChunkState = { metrics: this.metrics.state(), ...this.counts };
    if (this.budgets) Object.assign(state, { budgetCases: this.budgetCases, untimed: this.untimed });
    return state;
  }

  /**
   * An approval of the candidate, as the budgets see it: decide's facts and outputs decide its segments
   * here, so the pass after the chunks orders and settles compact rows, not cases.
   */
  private keepForBudgets(budgets: ChunkBudgets, item: JobCase, position: number, result: PipelineResult) {
    if (!item.appliedAt) this.untimed++;
    if (result.outcome !== 'APPROVE' || result.approvedLimit === null) return;
    const members = segmentMembers(budgets.exposure, {
      ...result.facts,
      riskTier: result.riskTier,
      aprBps: result.aprBps,
      approvedLimit: result.approvedLimit,
    });
    const at = item.appliedAt ? Date.parse(item.appliedAt) : budgets.asOfMs;
    this.budgetCases.push([position, at, cnyToMinor(result.approvedLimit), members]);
  }

  private async decide(item: JobCase) {
    if (item.recorded) {
      const policies = { ...item.recorded.policies, ...this.candidate };
      return {
        baseline: item.recorded.summary,
        candidate: await redecide(policies, item as JobCase & { recorded: object }),
        // Replays apply no budgets of their own: each decision replays against the counters it recorded.
        candidateResult: null,
      };
    }
    const baselineSet = this.baseline as PolicySet;
    // Same revisions decide the same: evaluation is pure.
    if (sameRevisions(baselineSet, this.candidate)) {
      const baselineResult = await pipelineWith(baselineSet, item.facts, item.asOf);
      const baseline = summarizeResult(baselineResult);
      return { baseline, candidate: baseline, candidateResult: baselineResult };
    }
    // The stages the candidate leaves as they are run once for both sides.
    const [baselineResult, candidateResult] = await evaluatePipelines(
      decisionStages(baselineSet),
      decisionStages(this.candidate),
      item.facts,
      item.asOf,
    );
    return {
      baseline: summarizeResult(baselineResult),
      candidate: summarizeResult(candidateResult),
      candidateResult,
    };
  }
}

function changeKindOf(kind: string): ChangeKind {
  return kind.toUpperCase().replace('-', '_') as ChangeKind;
}
