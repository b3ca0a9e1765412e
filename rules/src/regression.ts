/**
 * Regression checks: what a decision decided, reduced to the fields QA compares, and the comparisons a
 * regression suite (a case against its expected decision) and a replay (a recorded decision against the
 * same policies run again) make. Money is compared in whole fen, the unit it is stored in, so a limit read
 * back from storage equals the limit the policy computed.
 */
import type { ExpectedDecision } from './case-mapping.js';
import { FIRED_RULES } from './evaluate.js';
import type { CaseOutcome } from './metrics.js';
import type { PipelineResult, PipelineTrace } from './pipeline.js';
import type { Outcome } from './policy-document.js';

/** The decided fields of a pipeline result, the trace left out. */
export interface DecisionSummary {
  outcome: Outcome;
  approvedLimit: number | null;
  aprBps: number | null;
  termMonths: number | null;
  riskTier: string | null;
  affordableLimit: number | null;
  overflow: boolean;
  /** Reason codes in rank order. */
  reasons: string[];
  /** Rules that fired, as `KIND:rule` because two stages may name a rule alike. */
  firedRules: string[];
}

export interface FieldDifference {
  field: keyof DecisionSummary;
  expected: unknown;
  actual: unknown;
}

export function summarizeResult(result: PipelineResult): DecisionSummary {
  return {
    outcome: result.outcome,
    approvedLimit: result.approvedLimit,
    aprBps: result.aprBps,
    termMonths: result.termMonths,
    riskTier: result.riskTier,
    affordableLimit: result.affordableLimit,
    overflow: result.overflow,
    reasons: result.reasons.map((reason) => reason.code),
    firedRules: firedRulesOf(result.trace),
  };
}

/** The rules a pipeline trace shows fired, as `KIND:rule`; also read from a stored decision's trace. */
export function firedRulesOf(trace: Pick<PipelineTrace, 'stages'>): string[] {
  return trace.stages.flatMap((stage) => {
    // a trace just evaluated answers without building its rule trace; a stored one is plain JSON
    const fired: string[] =
      (stage as { [FIRED_RULES]?: string[] })[FIRED_RULES] ??
      stage.rules.filter((rule) => rule.fired).map((rule) => rule.name);
    return fired.map((name) => `${stage.kind}:${name}`);
  });
}

/** The summary as the backtest metrics count it. */
export function caseOutcomeOf(summary: DecisionSummary): CaseOutcome {
  return {
    outcome: summary.outcome,
    approvedLimit: summary.approvedLimit,
    affordableLimit: summary.affordableLimit,
    overflow: summary.overflow,
    aprBps: summary.aprBps,
    riskTier: summary.riskTier,
    firedRules: summary.firedRules,
  };
}

const MONEY_FIELDS = new Set<keyof DecisionSummary>(['approvedLimit', 'affordableLimit']);

function fen(amount: number): number {
  return Math.round(amount * 100);
}

function same(field: keyof DecisionSummary, expected: unknown, actual: unknown): boolean {
  if (MONEY_FIELDS.has(field) && typeof expected === 'number' && typeof actual === 'number') {
    return fen(expected) === fen(actual);
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    return expected.length === actual.length && expected.every((item, index) => item === actual[index]);
  }
  return expected === actual;
}

/** Each field the expected decision names and the actual one does not match; an absent field is not checked. */
export function expectationFailures(expected: ExpectedDecision, actual: DecisionSummary): FieldDifference[] {
  const failures: FieldDifference[] = [];
  for (const field of ['outcome', 'approvedLimit', 'aprBps', 'riskTier'] as const) {
    const wanted = expected[field];
    if (wanted === undefined) continue;
    if (!same(field, wanted, actual[field]))
      failures.push({ field, expected: wanted, actual: actual[field] });
  }
  return failures;
}

/** Every field in which a replayed decision differs from the recorded one. */
export function summaryDifferences(recorded: DecisionSummary, replayed: DecisionSummary): FieldDifference[] {
  const fields = Object.keys(recorded) as (keyof DecisionSummary)[];
  return fields
    .filter((field) => !same(field, recorded[field], replayed[field]))
    .map((field) => ({ field, expected: recorded[field], actual: replayed[field] }));
}
