/**
 * The decision pipeline ADMISSION -> LIMIT -> PRICING. ADMISSION decides; LIMIT runs unless declined;
 * PRICING prices the limit LIMIT computed. The worst stage outcome wins (DECLINE > REFER > APPROVE).
 *
 * Overflow (capacity.ts, isOverflow): the borrower's existing limits with this lender (`existingLimit`, 0
 * when absent) plus the new limit exceed the affordable limit. The affordable limit is the LIMIT stage's, computed at the product's
 * APR ceiling and the requested term, so it never depends on PRICING.
 */
import { isOverflow } from './capacity.js';
import { type CompiledPolicy, compilePolicy } from './compile.js';
import { PolicyError } from './errors.js';
import {
  checkInput,
  evaluateChecked,
  type PolicyResult,
  type Reason,
  type StageTrace,
  sameNames,
} from './evaluate.js';
import type { Outcome, PolicyDocument, PolicyKind } from './policy-document.js';

type PolicyInput = PolicyDocument | CompiledPolicy;

export interface PipelineInput {
  /** Documents, or policies compiled by compilePolicy (faster: no canonicalisation per decision). */
  policies: { ADMISSION: PolicyInput; LIMIT?: PolicyInput; PRICING?: PolicyInput };
  facts: Record<string, unknown>;
  asOf: string;
}

export interface PipelineTrace {
  asOf: string;
  stages: StageTrace[];
  steps: { stage: PolicyKind; outcome: Outcome; note: string }[];
}

export interface PipelineResult {
  outcome: Outcome;
  approvedLimit: number | null;
  aprBps: number | null;
  termMonths: number | null;
  riskTier: string | null;
  affordableLimit: number | null;
  overflow: boolean;
  reasons: Reason[];
  /** Revision of every policy that ran, by kind. */
  revisions: Partial<Record<PolicyKind, string>>;
  facts: Record<string, unknown>;
  trace: PipelineTrace;
}

const SEVERITY: Record<Outcome, number> = { APPROVE: 0, REFER: 1, DECLINE: 2 };

function worst(a: Outcome, b: Outcome): Outcome {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/**
 * Reasons across stages: a stage that declined comes first, then one that referred, then the rest, in
 * stage order; within a stage the reasons keep their own ranking (effect, then rule priority).
 */
function rankReasons(stages: PolicyResult[]): Reason[] {
  const ranked: Reason[] = [];
  for (const outcome of ['DECLINE', 'REFER', 'APPROVE'] as const) {
    for (const stage of stages) if (stage.outcome === outcome) ranked.push(...stage.reasons);
  }
  return ranked;
}

/**
 * The merged facts' key order as a template (every key, sorted, null), by the keys as merged (joined): cases
 * that snapshot the same names merge without sorting. Many, since cases differ in what they supply and a
 * backtest decides each with two policy sets; started again when full.
 */
const mergeTemplates = new Map<string, Record<string, null>>();
const MAX_MERGE_TEMPLATES = 512;

/**
 * The few merges used last, by each stage's keys, newest first: a run of decisions alternates between a
 * handful (cases declined at ADMISSION skip LIMIT and PRICING; a backtest decides each case twice), and
 * comparing names is cheaper than joining them for the map.
 */
const recentMerges: { stageKeys: string[][]; template: Record<string, null> }[] = [];
const RECENT_MERGES = 8;

const sameStageKeys = (a: string[][], b: string[][]) =>
  a.length === b.length && a.every((keys, at) => sameNames(keys, b[at]));

function mergeTemplate(stageKeys: string[][]): Record<string, null> {
  for (let at = 0; at < recentMerges.length; at++) {
    const recent = recentMerges[at];
    if (sameStageKeys(recent.stageKeys, stageKeys)) {
      if (at > 0) {
        recentMerges.splice(at, 1);
        recentMerges.unshift(recent);
      }
      return recent.template;
    }
  }
  const sorted = [...new Set(stageKeys.flat())].sort();
  const key = sorted.join('\n');
  let template = mergeTemplates.get(key);
  if (template === undefined) {
    // JSON.parse builds an object of fast layout, whatever its size; a copy of it keeps that layout
    template = JSON.parse(JSON.stringify(Object.fromEntries(sorted.map((name) => [name, null])))) as Record<
      string,
      null
    >;
    if (mergeTemplates.size >= MAX_MERGE_TEMPLATES) mergeTemplates.clear();
    mergeTemplates.set(key, template);
  }
  recentMerges.unshift({ stageKeys, template });
  if (recentMerges.length > RECENT_MERGES) recentMerges.pop();
  return template;
}

/**
 * Every stage's facts in one snapshot, by name in sorted order; a later stage's value of a name wins. The
 * template holds every key already, so the stages' values are assigned over it without an object between.
 */
function mergedFacts(stages: PolicyResult[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {
    ...mergeTemplate(stages.map((stage) => Object.keys(stage.facts))),
  };
  for (const stage of stages) Object.assign(merged, stage.facts);
  return merged;
}

/** How the pipeline evaluates a stage: `evaluateChecked`, or a caller's memo of it (evaluatePipelines). */
type StageEvaluator = typeof evaluateChecked;

export function evaluatePipeline(input: PipelineInput): Promise<PipelineResult> {
  return runPipeline(input, evaluateChecked);
}

async function runPipeline(input: PipelineInput, evaluateStage: StageEvaluator): Promise<PipelineResult> {
  const { asOf, facts } = checkInput(input);
  const policies = input.policies ?? {};
  if (policies.ADMISSION === undefined) {
    throw new PolicyError('MISSING_POLICY', 'the pipeline needs an ADMISSION policy', {
      path: 'policies.ADMISSION',
    });
  }
  const admission = compilePolicy(policies.ADMISSION);
  const limitPolicy = policies.LIMIT && compilePolicy(policies.LIMIT);
  const pricingPolicy = policies.PRICING && compilePolicy(policies.PRICING);

  const stages: PolicyResult[] = [];
  const steps: PipelineTrace['steps'] = [];
  const first = evaluateStage(admission, facts, asOf);
  stages.push(first);
  let outcome = first.outcome;
  steps.push({ stage: 'ADMISSION', outcome, note: `admission ${first.outcome}` });

  let approvedLimit: number | null = null;
  let affordableLimit: number | null = null;
  let pricing: PolicyResult['pricing'] = null;
  if (outcome !== 'DECLINE' && limitPolicy) {
    const limit = evaluateStage(limitPolicy, facts, asOf);
    stages.push(limit);
    outcome = worst(outcome, limit.outcome);
    approvedLimit = limit.limit?.approvedLimit ?? null;
    affordableLimit = limit.limit?.affordableLimit ?? null;
    steps.push({ stage: 'LIMIT', outcome, note: `limit ${approvedLimit ?? 'not computed'}` });
  }
  if (outcome !== 'DECLINE' && pricingPolicy && approvedLimit !== null) {
    const priced = evaluateStage(pricingPolicy, facts, asOf, { approvedLimit });
    stages.push(priced);
    outcome = worst(outcome, priced.outcome);
    pricing = priced.pricing;
    steps.push({
      stage: 'PRICING',
      outcome,
      note: `tier ${pricing?.riskTier ?? 'none'} at ${pricing?.aprBps ?? '-'} bps`,
    });
  }

  const sorted = mergedFacts(stages);
  const existing = typeof sorted.existingLimit === 'number' ? sorted.existingLimit : 0;
  const declined = outcome === 'DECLINE';
  const granted = declined ? null : approvedLimit;
  const revisions: Partial<Record<PolicyKind, string>> = {};
  for (const stage of stages) revisions[stage.kind] = stage.revision;

  return {
    outcome,
    approvedLimit: granted,
    aprBps: declined ? null : (pricing?.aprBps ?? null),
    termMonths: declined ? null : (pricing?.termMonths ?? null),
    riskTier: declined ? null : (pricing?.riskTier ?? null),
    affordableLimit,
    overflow: isOverflow(existing + (granted ?? 0), affordableLimit),
    reasons: rankReasons(stages),
    revisions,
    facts: sorted,
    trace: { asOf, stages: stages.map((stage) => stage.trace), steps },
  };
}

/**
 * One case under two policy sets (a backtest's baseline and candidate). Evaluation is pure, so a stage both
 * sets run with the same revision on the same inputs is evaluated once and its result serves both: a draft
 * that changes ADMISSION leaves LIMIT and PRICING to be run once per case, not twice. Each result equals
 * what evaluatePipeline gives it alone.
 */
export async function evaluatePipelines(
  first: PipelineInput['policies'],
  second: PipelineInput['policies'],
  facts: Record<string, unknown>,
  asOf: string,
): Promise<[PipelineResult, PipelineResult]> {
  const evaluated: { revision: string; approvedLimit: unknown; result: PolicyResult }[] = [];
  const evaluateOnce: StageEvaluator = (policy, supplied, at, extra) => {
    const approvedLimit = extra?.approvedLimit;
    const done = evaluated.find(
      (stage) => stage.revision === policy.revision && stage.approvedLimit === approvedLimit,
    );
    if (done) return done.result;
    const result = evaluateChecked(policy, supplied, at, extra);
    evaluated.push({ revision: policy.revision, approvedLimit, result });
    return result;
  };
  return [
    await runPipeline({ policies: first, facts, asOf }, evaluateOnce),
    await runPipeline({ policies: second, facts, asOf }, evaluateOnce),
  ];
}
