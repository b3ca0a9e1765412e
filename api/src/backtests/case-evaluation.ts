import {
  type BacktestPair,
  type CompiledPolicy,
  caseOutcomeOf,
  classifyChange,
  compilePolicy,
  createMetricsAccumulator,
  type DecisionSummary,
  type ExpectedDecision,
  evaluatePipeline,
  expectationFailures,
  type FieldDifference,
  type MetricsState,
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

/** What a chunk adds to its job: plain JSON, so it can be stored and merged in any order. */
export interface ChunkState {
  metrics: MetricsState;
  expectationsChecked: number;
  regressions: number;
  mismatches: number;
}

export async function decideWith(policies: PolicySet, facts: Record<string, unknown>, asOf: string) {
  return summarizeResult(await pipelineWith(policies, facts, asOf));
}

function pipelineWith(policies: PolicySet, facts: Record<string, unknown>, asOf: string) {
  return evaluatePipeline({
    policies: {
      ADMISSION: policies.ADMISSION as CompiledPolicy,
      LIMIT: policies.LIMIT,
      PRICING: policies.PRICING,
    },
    facts,
    asOf,
  });
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
  readonly differences: CaseDifference[] = [];
  /** Cases decided so far. */
  cases = 0;

  constructor(
    private readonly baseline: PolicySet | null,
    private readonly candidate: PolicySet,
  ) {}

  async add(item: JobCase, position: number): Promise<void> {
    const { baseline, candidate } = await this.decide(item);
    this.cases++;
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
    return { metrics: this.metrics.state(), ...this.counts };
  }

  private async decide(item: JobCase) {
    if (item.recorded) {
      const policies = { ...item.recorded.policies, ...this.candidate };
      return {
        baseline: item.recorded.summary,
        candidate: await redecide(policies, item as JobCase & { recorded: object }),
      };
    }
    const baselineSet = this.baseline as PolicySet;
    const baseline = await decideWith(baselineSet, item.facts, item.asOf);
    // Same revisions decide the same: evaluation is pure.
    if (sameRevisions(baselineSet, this.candidate)) return { baseline, candidate: baseline };
    return { baseline, candidate: await decideWith(this.candidate, item.facts, item.asOf) };
  }
}

function changeKindOf(kind: string): ChangeKind {
  return kind.toUpperCase().replace('-', '_') as ChangeKind;
}
