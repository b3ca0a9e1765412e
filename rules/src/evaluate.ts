/**
 * Evaluation of one policy: a pure function of (document, facts, asOf). Facts are checked against the
 * catalog, derived facts computed, the rules run by their compiled runner (json-rules-engine semantics,
 * synchronously), and the kind's outcome assembled with a trace of every step. Nothing here reads a clock,
 * does I/O or draws randomness.
 */
import { floorToStep } from './capacity.js';
import { type CompiledPolicy, type CompiledRule, compilePolicy } from './compile.js';
import { PolicyError } from './errors.js';
import type { CompiledExpression } from './expression.js';
import { catalogFact, type FactDefinition } from './fact-catalog.js';
import { type FactValueProblem, factValueChecker } from './fact-value.js';
import type { Outcome, PolicyDocument, PolicyKind } from './policy-document.js';
import { MAX_SCORE_REASONS } from './policy-scorecards.js';
import type { Recording } from './rule-runner.js';
import type { CharacteristicPoints, ScorecardReason, ScorecardResult } from './scorecard.js';

export interface EvaluationInput {
  facts: Record<string, unknown>;
  /** ISO-8601 instant the decision is made "as of": recorded, and the only notion of time. */
  asOf: string;
}

export interface Reason {
  code: string;
  /** In English, for logs and callers that show no translation. */
  message: string;
  policyKind: PolicyKind;
  rule: string;
  /**
   * The figures the message embeds (a cap, a factor, a limit), for clients that word the reason themselves
   * in their reader's language from its code; absent when the message embeds none.
   */
  params?: ReasonParams;
}

export type ReasonParams = Record<string, number | string>;

export type ConditionTrace =
  | { all: ConditionTrace[]; result: boolean | null }
  | { any: ConditionTrace[]; result: boolean | null }
  | { not: ConditionTrace; result: boolean | null }
  | { fact: string; value: unknown; operator: string; compared: unknown; result: boolean | null };

export interface RuleTrace {
  name: string;
  priority: number;
  fired: boolean;
  /** Set when the rule could not run because a fact it reads is missing or invalid. */
  skipped: string | null;
  event: string;
  conditions: ConditionTrace | null;
}

export interface DerivedTrace {
  name: string;
  expression: string;
  value: number | boolean | null;
  error: string | null;
}

/** A scorecard as it scored this case: the facts it yielded, every characteristic's bin and points. */
export interface ScorecardTrace {
  /** The card's name in the document's `scorecards`. */
  name: string;
  score: number;
  badProbability: number;
  missingCount: number;
  points: CharacteristicPoints[];
  /** The characteristics that cost points, the largest loss first. */
  reasons: ScorecardReason[];
}

export interface OutcomeStep {
  step: string;
  detail: Record<string, unknown>;
}

export interface FactProblem {
  fact: string;
  code: 'MISSING_FACT' | 'INVALID_FACT' | 'DERIVED_FACT_UNAVAILABLE';
  message: string;
}

export interface StageTrace {
  kind: PolicyKind;
  policy: string;
  revision: string;
  asOf: string;
  factProblems: FactProblem[];
  derived: DerivedTrace[];
  scorecards: ScorecardTrace[];
  rules: RuleTrace[];
  steps: OutcomeStep[];
}

export interface LimitOutcome {
  approvedLimit: number | null;
  affordableLimit: number | null;
  step: number;
}

export interface PricingOutcome {
  riskTier: string | null;
  aprBps: number | null;
  termMonths: number | null;
}

export interface MonitoringOutcome {
  alerts: { indicator: string; severity: 'LOW' | 'MEDIUM' | 'HIGH'; reason: string; rule: string }[];
  proposedLimit: number | null;
  notifications: { template: string; rule: string }[];
}

export interface PolicyResult {
  kind: PolicyKind;
  policy: string;
  revision: string;
  outcome: Outcome;
  reasons: Reason[];
  facts: Record<string, unknown>;
  limit: LimitOutcome | null;
  pricing: PricingOutcome | null;
  monitoring: MonitoringOutcome | null;
  trace: StageTrace;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
/** Longer digit strings are no money amount: not worth a regular expression run. */
const MAX_DECIMAL_LENGTH = 32;
/** Decisions are made in this century: a year 1 or 9999 asOf is a caller's bug, not a date to record. */
const AS_OF_FROM = Date.UTC(2000, 0, 1);
const AS_OF_BEFORE = Date.UTC(2101, 0, 1);

/** The last asOf found valid: a run of decisions shares one, and a string checked once stays valid. */
let checkedAsOf: string | undefined;

export function checkInput(input: unknown): EvaluationInput {
  const candidate = input as Partial<EvaluationInput> | null;
  if (typeof candidate !== 'object' || candidate === null) {
    throw new PolicyError('INVALID_INPUT', 'evaluation input must be { facts, asOf }');
  }
  const asOf = candidate.asOf;
  if (asOf !== checkedAsOf || asOf === undefined) checkAsOf(asOf);
  const facts = candidate.facts;
  if (typeof facts !== 'object' || facts === null || Array.isArray(facts)) {
    throw new PolicyError('INVALID_FACTS', 'facts must be an object of fact name -> value', {
      path: 'facts',
    });
  }
  return { facts, asOf: asOf as string };
}

function checkAsOf(asOf: unknown) {
  const instant = typeof asOf === 'string' && ISO_INSTANT.test(asOf) ? Date.parse(asOf) : Number.NaN;
  if (Number.isNaN(instant)) {
    throw new PolicyError('INVALID_AS_OF', 'asOf must be an ISO-8601 date or date-time', { path: 'asOf' });
  }
  if (instant < AS_OF_FROM || instant >= AS_OF_BEFORE) {
    throw new PolicyError('INVALID_AS_OF', 'asOf must lie in the years 2000 to 2100', { path: 'asOf' });
  }
  checkedAsOf = asOf as string;
}

/** A fact's problem, told apart from any value a fact can hold (JSON values are never instances of it). */
class Problem {
  constructor(readonly problem: FactProblem) {}
}

/**
 * The catalog value of a fact, or a problem. Decimal strings are accepted for numbers because the API
 * carries money as decimal strings; anything else of the wrong type or outside the fact's domain is a
 * problem (INVALID_FACT, with the bound in the message), never coerced or clamped.
 */
function readFact(
  name: string,
  definition: FactDefinition | undefined,
  check: (value: unknown) => FactValueProblem | null,
  raw: unknown,
): unknown {
  if (!definition)
    return new Problem({ fact: name, code: 'MISSING_FACT', message: `${name} is not a catalog fact` });
  let value = raw;
  if (value === undefined || value === null) {
    if (definition.default !== undefined) return definition.default;
    return new Problem({ fact: name, code: 'MISSING_FACT', message: `${name} is missing` });
  }
  const numeric = definition.type === 'number' || definition.type === 'integer';
  if (numeric && typeof value === 'string' && value.length <= MAX_DECIMAL_LENGTH && DECIMAL.test(value)) {
    value = Number(value);
  }
  const problem = check(value);
  if (problem) return new Problem({ fact: name, code: 'INVALID_FACT', message: problem.message });
  return value === 0 ? 0 : value;
}

/**
 * The facts a stage snapshots, in the order it records them (by name), for one set of supplied names. It
 * depends on the policy and the names only, so cases that supply the same names (a backtest's, a
 * bench's, one client's) share it and nothing is filtered or sorted per case.
 */
interface SnapshotPlan {
  names: readonly string[];
  definitions: readonly (FactDefinition | undefined)[];
  checks: readonly ((value: unknown) => FactValueProblem | null)[];
  needed: readonly boolean[];
  /**
   * Every key the stage's facts can get, in their order (the names, then what the derivation adds), each
   * null. A case's facts start as a copy: a copy keeps V8's fast layout, where thirty keys added one at a
   * time leave the object a slow dictionary.
   */
  template: Readonly<Record<string, null>>;
}

/**
 * Each policy's plans by the names supplied (joined): a cache that decides nothing, so evaluation stays a
 * function of its input. Cases differ in what they supply (a backtest's in which facts a row had), so it
 * holds many, and starts again when full rather than tracking use.
 */
interface PolicyPlans {
  /** The plan used last and the names it was asked for: most runs ask for the same names case after case. */
  last: { supplied: readonly string[]; plan: SnapshotPlan } | null;
  byNames: Map<string, SnapshotPlan>;
}
const plansOf = new WeakMap<CompiledPolicy, PolicyPlans>();
const MAX_PLANS = 512;

function snapshotPlan(policy: CompiledPolicy, supplied: readonly string[]): SnapshotPlan {
  let plans = plansOf.get(policy);
  if (plans === undefined) {
    plans = { last: null, byNames: new Map() };
    plansOf.set(policy, plans);
  }
  if (plans.last !== null && sameNames(plans.last.supplied, supplied)) return plans.last.plan;
  const key = supplied.join('\n');
  let plan = plans.byNames.get(key);
  if (plan === undefined) {
    plan = buildPlan(policy, supplied);
    if (plans.byNames.size >= MAX_PLANS) plans.byNames.clear();
    plans.byNames.set(key, plan);
  }
  plans.last = { supplied, plan };
  return plan;
}

/** Whether two lists of names are the same names in the same order. */
export function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let at = 0; at < a.length; at++) if (a[at] !== b[at]) return false;
  return true;
}

function buildPlan(policy: CompiledPolicy, supplied: readonly string[]): SnapshotPlan {
  // optional facts (read by scorecards only) are defaulted when absent, and otherwise left missing
  const names = [
    ...new Set([
      ...supplied.filter((name) => catalogFact(name)),
      ...policy.inputs,
      ...policy.scorecardInputs,
    ]),
  ].sort();
  const keys = new Set(names);
  for (const step of policy.derivation) {
    if ('fact' in step) keys.add(step.fact.name);
    else
      for (const output of ['score', 'badProbability', 'missingCount'] as const)
        keys.add(step.scorecard.facts[output]);
  }
  return {
    names,
    definitions: names.map((name) => catalogFact(name)),
    checks: names.map((name) => factValueChecker(name)),
    needed: names.map((name) => policy.inputs.includes(name)),
    // JSON.parse builds an object of fast layout, whatever its size
    template: JSON.parse(JSON.stringify(Object.fromEntries([...keys].map((key) => [key, null])))),
  };
}

/**
 * Facts every stage snapshot records: the valid catalog facts supplied, even those no rule reads. A
 * supplied catalog fact that is invalid is a problem whether or not this policy reads it: a decision on
 * an input with a nonsense value in it must not be an APPROVE.
 */
function snapshotInputs(policy: CompiledPolicy, facts: Record<string, unknown>, stage: Stage) {
  const plan = snapshotPlan(policy, Object.keys(facts));
  const { names, definitions, checks, needed } = plan;
  // null until set: a fact that stays null (missing, invalid, a derived fact that failed) is removed once
  // the derivation is done, and until then reads as missing, as an absent one would
  const snapshot: Record<string, unknown> = { ...plan.template };
  for (let at = 0; at < names.length; at++) {
    const name = names[at];
    const raw = Object.hasOwn(facts, name) ? facts[name] : undefined;
    const read = readFact(name, definitions[at], checks[at], raw);
    if (!(read instanceof Problem)) {
      snapshot[name] = read;
      continue;
    }
    stage.incomplete = true;
    if (needed[at] || read.problem.code === 'INVALID_FACT') stage.problem(read.problem);
  }
  return snapshot;
}

function conditionTrace(node: unknown, top: boolean | null = null): ConditionTrace {
  const c = node as Record<string, unknown>;
  const result = typeof c.result === 'boolean' ? c.result : top;
  if (Array.isArray(c.all)) return { all: c.all.map((child) => conditionTrace(child)), result };
  if (Array.isArray(c.any)) return { any: c.any.map((child) => conditionTrace(child)), result };
  if (c.not !== undefined) return { not: conditionTrace(c.not), result };
  const compared = c.valueResult !== undefined ? c.valueResult : c.value;
  return {
    fact: String(c.fact),
    value: c.factResult === undefined ? null : c.factResult,
    operator: String(c.operator),
    compared: compared === undefined ? null : compared,
    result,
  };
}

/** A reason with what ranks it. */
interface RankedReason {
  reason: Reason;
  rank: number;
  priority: number;
  index: number;
  /** Set on a reason a scorecard gave: the card's name. */
  scorecard?: string;
}

const RANKS: Record<Outcome, number> = { DECLINE: 0, REFER: 1, APPROVE: 2 };

const byRank = (a: RankedReason, b: RankedReason) =>
  a.rank - b.rank || b.priority - a.priority || a.index - b.index;

class Stage {
  readonly reasons: RankedReason[] = [];
  readonly steps: OutcomeStep[] = [];
  outcome: Outcome = 'APPROVE';
  /** By fact, in the order found; created on the first problem, since most cases have none. */
  problems: Map<string, FactProblem> | null = null;
  /** Whether a fact of the snapshot is missing or invalid (a problem or not): its key is then removed. */
  incomplete = false;
  facts: Record<string, unknown> = {};
  scope: Record<string, unknown> = {};
  /** The cards scored, by name; created by the first, since most policies have none. */
  scored: Map<string, ScorecardResult> | null = null;

  constructor(readonly policy: CompiledPolicy) {}

  problem(problem: FactProblem) {
    this.problems ??= new Map();
    this.problems.set(problem.fact, problem);
  }

  reason(
    code: string,
    message: string,
    rule: string,
    effect: Outcome | null,
    priority: number,
    index: number,
    params?: ReasonParams,
  ) {
    const reason: Reason = params
      ? { code, message, policyKind: this.policy.kind, rule, params }
      : { code, message, policyKind: this.policy.kind, rule };
    this.reasons.push({ reason, rank: RANKS[effect ?? 'APPROVE'], priority, index });
    if (effect) this.escalate(effect);
  }

  escalate(effect: Outcome) {
    if (effect === 'DECLINE' || (effect === 'REFER' && this.outcome === 'APPROVE')) this.outcome = effect;
  }

  ruleReason(rule: CompiledRule, effect: Outcome | null, figures?: ReasonParams) {
    const params = rule.event.params;
    const code = params?.reason;
    if (code !== undefined) {
      this.reason(
        code,
        params?.message ?? (rule.description || code),
        rule.name,
        effect,
        rule.priority,
        rule.index,
        figures,
      );
    }
    if (params?.scoreReasons !== undefined) this.scoreReasons(rule, effect);
  }

  /**
   * The reasons of the card a rule names in `scoreReasons`, right after its own: they rank with it (a stable
   * sort keeps them in the card's order, the largest loss first) and change no outcome.
   */
  scoreReasons(rule: CompiledRule, effect: Outcome | null) {
    const name = rule.event.params?.scoreReasons;
    const result = name === undefined ? undefined : this.scored?.get(name);
    if (result === undefined) return;
    const count = Math.min(result.reasons.length, MAX_SCORE_REASONS);
    for (let at = 0; at < count; at += 1) {
      const { code, characteristic, pointsBelowBest } = result.reasons[at];
      const scored = result.points.find((entry) => entry.characteristic === characteristic);
      this.reasons.push({
        reason: {
          code,
          message: `scorecard ${name}: ${characteristic} scored ${scored?.points} points in bin ${scored?.bin}, ${pointsBelowBest} below its best`,
          policyKind: this.policy.kind,
          rule: rule.name,
        },
        rank: RANKS[effect ?? 'APPROVE'],
        priority: rule.priority,
        index: rule.index,
        scorecard: name,
      });
    }
  }

  value(expression: CompiledExpression, what: string): number | null {
    const result = expression.evaluate(this.scope);
    if (result.ok && typeof result.value === 'number') return result.value;
    this.steps.push({
      step: 'error',
      detail: { what, expression: expression.source, error: result.ok ? 'not a number' : result.message },
    });
    return null;
  }

  /** Ranked; a card's reason given by several rules is kept once, where it ranks highest. */
  ranked(): Reason[] {
    const reasons = this.reasons;
    if (reasons.length === 0) return [];
    if (reasons.length === 1) return [reasons[0].reason];
    const sorted = reasons.slice().sort(byRank);
    const ranked: Reason[] = [];
    let given: Set<string> | null = null;
    for (const entry of sorted) {
      if (entry.scorecard !== undefined) {
        const key = `${entry.scorecard}:${entry.reason.code}`;
        given ??= new Set();
        if (given.has(key)) continue;
        given.add(key);
      }
      ranked.push(entry.reason);
    }
    return ranked;
  }
}

/** Evaluates a compiled policy; `extra` carries facts the pipeline supplies (approvedLimit). */
export async function evaluateCompiled(
  policy: CompiledPolicy,
  input: EvaluationInput,
  extra?: Record<string, unknown>,
): Promise<PolicyResult> {
  const { facts, asOf } = checkInput(input);
  return evaluateChecked(policy, facts, asOf, extra);
}

/**
 * evaluateCompiled on an input checkInput has passed, synchronously: the pipeline runs its stages through
 * this, one promise for the whole decision.
 */
export function evaluateChecked(
  policy: CompiledPolicy,
  supplied: Record<string, unknown>,
  asOf: string,
  extra?: Record<string, unknown>,
): PolicyResult {
  const stage = new Stage(policy);
  let facts = snapshotInputs(policy, extra ? { ...supplied, ...extra } : supplied, stage);
  stage.facts = facts;
  // expressions see parameters and facts (names never collide: the validator rejects that); all but
  // scorecards have the parameters bound, so for the rest the facts are the whole scope
  const scope = policy.scopeHasParameters ? { ...policy.parameters, ...facts } : facts;
  stage.scope = scope;
  const derived: DerivedTrace[] = [];
  const scorecards: ScorecardTrace[] = [];
  let derivedFailed = false;
  for (const step of policy.derivation) {
    if ('scorecard' in step) {
      // a card always scores: a missing value takes its missing bin, and missingCount says how many did
      const { name, facts: yielded, card } = step.scorecard;
      const result = card.evaluate(scope);
      stage.scored ??= new Map();
      stage.scored.set(name, result);
      facts[yielded.score] = scope[yielded.score] = result.score;
      facts[yielded.badProbability] = scope[yielded.badProbability] = result.badProbability;
      facts[yielded.missingCount] = scope[yielded.missingCount] = result.missingCount;
      const { score, badProbability, missingCount, points, reasons } = result;
      scorecards.push({ name, score, badProbability, missingCount, points, reasons });
      continue;
    }
    const { fact } = step;
    const result = fact.expression.evaluate(scope);
    if (result.ok) {
      facts[fact.name] = result.value;
      scope[fact.name] = result.value;
      derived.push({ name: fact.name, expression: fact.expression.source, value: result.value, error: null });
      continue;
    }
    derivedFailed = true;
    derived.push({ name: fact.name, expression: fact.expression.source, value: null, error: result.message });
    // a derived fact missing only because its inputs are missing is already explained by those inputs
    if (!fact.expression.reads.some((id) => scope[id] === undefined || scope[id] === null)) {
      stage.problem({
        fact: fact.name,
        code: 'DERIVED_FACT_UNAVAILABLE',
        message: `${fact.name}: ${result.message}`,
      });
    }
  }

  if (stage.incomplete || derivedFailed) {
    facts = withoutMissing(facts);
    stage.facts = facts;
    if (!policy.scopeHasParameters) stage.scope = facts;
  }

  const onMissing = policy.onMissingFact;
  const problems = stage.problems === null ? [] : [...stage.problems.values()];
  if (onMissing.outcome === 'ERROR' && problems.length > 0) {
    const first = problems[0];
    throw new PolicyError(first.code, first.message, { path: `facts.${first.fact}` });
  }
  for (const problem of problems) {
    const code = problem.code === 'MISSING_FACT' ? onMissing.reason : problem.code;
    stage.reason(
      code,
      problem.message,
      'onMissingFact',
      onMissing.outcome as Outcome,
      Number.MAX_SAFE_INTEGER,
      -1,
      { fact: problem.fact },
    );
  }

  // an input missing or invalid is a problem, so without one (and with every derived fact computed) every
  // fact a covered policy's rules read is there
  const recording = runRules(policy, facts, !policy.ruleFactsCovered || problems.length > 0 || derivedFailed);
  const byPriority: CompiledRule[] = [];
  for (const rule of policy.rulesByPriority) {
    if (recording[policy.ruleSlots[rule.index]] === true) byPriority.push(rule);
  }

  const result: PolicyResult = {
    kind: policy.kind,
    policy: policy.name,
    revision: policy.revision,
    outcome: 'APPROVE',
    reasons: [],
    facts,
    limit: null,
    pricing: null,
    monitoring: null,
    trace: stageTrace(policy, asOf, problems, derived, scorecards, recording, stage.steps),
  };
  switch (policy.kind) {
    case 'ADMISSION':
      for (const rule of byPriority)
        stage.ruleReason(rule, rule.event.type === 'decline' ? 'DECLINE' : 'REFER');
      break;
    case 'LIMIT':
      result.limit = decideLimit(stage, byPriority);
      break;
    case 'PRICING':
      result.pricing = decidePricing(stage, byPriority);
      break;
    case 'MONITORING':
      result.monitoring = decideMonitoring(stage, byPriority);
      break;
  }
  stage.steps.push({ step: 'outcome', detail: { outcome: stage.outcome } });
  result.outcome = stage.outcome;
  result.reasons = stage.ranked();
  return result;
}

/** The facts without the keys left null: what was missing or failed is absent, as the trace has always had it. */
function withoutMissing(facts: Record<string, unknown>): Record<string, unknown> {
  const present: Record<string, unknown> = {};
  for (const key of Object.keys(facts)) if (facts[key] !== null) present[key] = facts[key];
  return present;
}

/**
 * Every rule into one recording (see compile.ts, ruleSlots): whether it fired or why it was skipped, and its
 * conditions as the runner recorded them. Nothing of the trace is built here.
 */
function runRules(policy: CompiledPolicy, facts: Record<string, unknown>, check: boolean): Recording {
  const recording: Recording = new Array(policy.recordingSlots);
  const { rules, ruleSlots } = policy;
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index];
    const base = ruleSlots[index];
    let runnable = true;
    if (check) {
      for (const name of rule.facts) {
        if (facts[name] === undefined) {
          runnable = false;
          break;
        }
      }
    }
    recording[base] = runnable
      ? rule.runner.record(facts, recording, base + 1)
      : `needs ${rule.facts.filter((name) => facts[name] === undefined).join(', ')}`;
  }
  return recording;
}

/** The rule trace from a recording: what a reader of `trace.rules` gets, built on the first read. */
function ruleTraces(policy: CompiledPolicy, recording: Recording): RuleTrace[] {
  return policy.rules.map((rule, index): RuleTrace => {
    const base = policy.ruleSlots[index];
    const header = recording[base];
    const ran = typeof header === 'boolean';
    return {
      name: rule.name,
      priority: rule.priority,
      fired: header === true,
      skipped: ran ? null : (header as string),
      event: rule.event.type,
      conditions: ran ? conditionTrace(rule.runner.recorded(recording, base + 1), header) : null,
    };
  });
}

/** A stage trace's rules until someone reads them: the recording they are built from. */
class RecordedRules {
  constructor(
    readonly policy: CompiledPolicy,
    readonly recording: Recording,
  ) {}
}

/** Read through a stage trace, the names of the rules that fired, without building the rule trace. */
export const FIRED_RULES = Symbol('fired rules');

function rulesOf(target: StageTrace): RuleTrace[] {
  const rules: unknown = target.rules;
  if (!(rules instanceof RecordedRules)) return target.rules;
  const built = ruleTraces(rules.policy, rules.recording);
  target.rules = built;
  return built;
}

function firedOf(target: StageTrace): string[] {
  const rules: unknown = target.rules;
  if (!(rules instanceof RecordedRules))
    return target.rules.filter((rule) => rule.fired).map((rule) => rule.name);
  const { policy, recording } = rules;
  return policy.rules
    .filter((_, index) => recording[policy.ruleSlots[index]] === true)
    .map((rule) => rule.name);
}

/**
 * A stage trace is a plain object seen through this proxy: `rules` holds the recording until the first
 * read of it (by property, by JSON.stringify, by spreading, by a deep comparison), which builds the rule
 * trace and keeps it in place. Every other property is the object's own. A proxy costs a case less than a
 * twentieth of what an accessor property does, and most traces are never read.
 */
const LAZY_RULES: ProxyHandler<StageTrace> = {
  get(target, key, receiver) {
    if (key === 'rules') return rulesOf(target);
    if (key === FIRED_RULES) return firedOf(target);
    return Reflect.get(target, key, receiver);
  },
  getOwnPropertyDescriptor(target, key) {
    if (key === 'rules') rulesOf(target);
    return Reflect.getOwnPropertyDescriptor(target, key);
  },
};

/** A stage's trace, its rules kept as the recording until someone reads them (most cases: nobody). */
function stageTrace(
  policy: CompiledPolicy,
  asOf: string,
  factProblems: FactProblem[],
  derived: DerivedTrace[],
  scorecards: ScorecardTrace[],
  recording: Recording,
  steps: OutcomeStep[],
): StageTrace {
  const trace: StageTrace = {
    kind: policy.kind,
    policy: policy.name,
    revision: policy.revision,
    asOf,
    factProblems,
    derived,
    scorecards,
    rules: new RecordedRules(policy, recording) as unknown as RuleTrace[],
    steps,
  };
  return new Proxy(trace, LAZY_RULES);
}

function decideLimit(stage: Stage, fired: CompiledRule[]): LimitOutcome {
  const spec = stage.policy.limit!;
  const step = spec.step;
  const notComputable = (what: string) => {
    stage.reason(
      'LIMIT_NOT_COMPUTABLE',
      `the limit cannot be computed: ${what} is unavailable`,
      what,
      'REFER',
      0,
      0,
      { what },
    );
    return { approvedLimit: null, affordableLimit: null, step };
  };
  const affordableRaw = stage.value(spec.affordable, 'affordable');
  if (affordableRaw === null) return notComputable('affordable');
  const affordableLimit = floorToStep(affordableRaw, step);
  stage.steps.push({ step: 'affordable', detail: { value: affordableLimit } });

  let limit = stage.value(spec.base, 'base');
  if (limit === null) return notComputable('base');
  stage.steps.push({ step: 'base', detail: { value: limit } });
  const set = fired.find((rule) => rule.event.type === 'set');
  if (set) {
    const value = stage.value(set.value!, set.name);
    if (value === null) return notComputable(set.name);
    limit = value;
    stage.ruleReason(set, null);
    stage.steps.push({ step: 'set', detail: { rule: set.name, value: limit } });
  }
  for (const rule of fired) {
    if (rule.event.type === 'multiply') {
      const raw = rule.event.params?.factor;
      const factor = typeof raw === 'number' ? raw : stage.value(rule.value!, rule.name);
      if (factor === null || factor < 0) return notComputable(rule.name);
      limit *= factor;
      stage.ruleReason(rule, null, { factor });
      stage.steps.push({ step: 'multiply', detail: { rule: rule.name, factor, value: limit } });
    }
  }
  const caps: {
    name: string;
    reason: string;
    message: string;
    value: number;
    priority: number;
    index: number;
    rule?: CompiledRule;
  }[] = [];
  for (const rule of fired) {
    if (rule.event.type === 'refer') stage.ruleReason(rule, 'REFER');
    if (rule.event.type !== 'cap') continue;
    const value = stage.value(rule.value!, rule.name);
    if (value === null) return notComputable(rule.name);
    const params = rule.event.params ?? {};
    const code = params.reason ?? 'CAP';
    caps.push({
      name: rule.name,
      reason: code,
      message: params.message ?? (rule.description || code),
      value,
      priority: rule.priority,
      index: rule.index,
      rule,
    });
  }
  for (const [index, cap] of spec.caps.entries()) {
    const value = stage.value(cap.value, cap.name);
    if (value === null) return notComputable(cap.name);
    caps.push({
      name: cap.name,
      reason: cap.reason,
      message: `${cap.name} caps the limit at ${value}`,
      value,
      priority: 0,
      index,
    });
  }
  // only the caps that set the final figure explain it: a looser cap that a tighter one overrides does not
  const tightest = Math.min(limit, affordableRaw, ...caps.map((cap) => cap.value));
  for (const cap of caps) {
    const binding = cap.value === tightest && cap.value < limit;
    stage.steps.push({ step: 'cap', detail: { name: cap.name, value: cap.value, binding } });
    if (!binding) continue;
    stage.reason(cap.reason, cap.message, cap.name, null, cap.priority, cap.index, {
      cap: cap.name,
      value: cap.value,
    });
    if (cap.rule) stage.scoreReasons(cap.rule, null);
  }
  if (affordableRaw === tightest && affordableRaw < limit && !caps.some((cap) => cap.value === tightest)) {
    stage.reason(
      'AFFORDABLE_LIMIT',
      `repayment capacity allows at most ${affordableLimit}`,
      'affordable',
      null,
      0,
      -1,
      { limit: affordableLimit },
    );
  }
  limit = tightest;
  if (!Number.isFinite(limit)) return notComputable('limit');
  const approvedLimit = floorToStep(limit, step);
  stage.steps.push({ step: 'floor', detail: { step, value: approvedLimit } });
  if (approvedLimit < spec.minimum || approvedLimit === 0) {
    const { outcome, reason } = spec.belowMinimum;
    stage.reason(
      reason,
      `the limit ${approvedLimit} is below the minimum ${spec.minimum}`,
      'minimum',
      outcome,
      0,
      -1,
      { limit: approvedLimit, minimum: spec.minimum },
    );
    stage.steps.push({ step: 'minimum', detail: { minimum: spec.minimum, outcome } });
  }
  return { approvedLimit, affordableLimit, step };
}

function decidePricing(stage: Stage, fired: CompiledRule[]): PricingOutcome {
  const pricing = stage.policy.document.pricing!;
  const tierRule = fired.find((rule) => rule.event.type === 'tier');
  const riskTier = tierRule?.event.params?.tier ?? pricing.fallbackTier ?? null;
  if (riskTier === null) {
    stage.reason('NO_TIER', 'no pricing tier applies', 'tier', 'REFER', 0, 0);
    return { riskTier: null, aprBps: null, termMonths: null };
  }
  if (tierRule) stage.ruleReason(tierRule, null);
  const tier = pricing.tiers[riskTier];
  stage.steps.push({
    step: 'tier',
    detail: { tier: riskTier, rule: tierRule?.name ?? 'fallbackTier', aprBps: tier.aprBps },
  });
  let apr = tier.aprBps;
  for (const rule of fired) {
    if (rule.event.type === 'refer') stage.ruleReason(rule, 'REFER');
    if (rule.event.type !== 'adjust') continue;
    apr += rule.event.params?.bps ?? 0;
    stage.ruleReason(rule, null, { bps: rule.event.params?.bps ?? 0 });
    stage.steps.push({
      step: 'adjust',
      detail: { rule: rule.name, bps: rule.event.params?.bps ?? 0, aprBps: apr },
    });
  }
  const floor = pricing.aprFloorBps ?? 0;
  if (apr > pricing.aprCeilingBps) {
    stage.reason(
      'APR_CEILING',
      `APR capped at the ceiling of ${pricing.aprCeilingBps} bps`,
      'aprCeilingBps',
      null,
      0,
      0,
      { ceilingBps: pricing.aprCeilingBps },
    );
    apr = pricing.aprCeilingBps;
  }
  apr = Math.round(Math.max(apr, floor));
  stage.steps.push({
    step: 'clamp',
    detail: { floorBps: floor, ceilingBps: pricing.aprCeilingBps, aprBps: apr },
  });

  const requested = stage.facts.termMonths;
  const terms = stage.policy.tierTerms![riskTier];
  // a term the tier does not offer moves to the next longer one (a lower payment), else the longest
  const termMonths =
    typeof requested !== 'number'
      ? null
      : terms.includes(requested)
        ? requested
        : (terms.find((term) => term >= requested) ?? terms[terms.length - 1]);
  stage.steps.push({ step: 'term', detail: { requested: requested ?? null, allowed: terms, termMonths } });
  return { riskTier, aprBps: apr, termMonths };
}

function decideMonitoring(stage: Stage, fired: CompiledRule[]): MonitoringOutcome {
  const outcome: MonitoringOutcome = { alerts: [], proposedLimit: null, notifications: [] };
  const current = typeof stage.facts.existingLimit === 'number' ? stage.facts.existingLimit : null;
  const step = stage.policy.document.monitoring?.step ?? 1;
  for (const rule of fired) {
    const params = rule.event.params ?? {};
    if (rule.event.type === 'alert') {
      outcome.alerts.push({
        indicator: params.indicator!,
        severity: params.severity!,
        reason: params.reason!,
        rule: rule.name,
      });
      stage.ruleReason(rule, 'REFER');
    } else if (rule.event.type === 'reduceLimit') {
      const target = stage.value(rule.value!, rule.name);
      if (target === null) {
        stage.reason(
          'LIMIT_NOT_COMPUTABLE',
          `${rule.name}: the target limit is unavailable`,
          rule.name,
          'REFER',
          rule.priority,
          rule.index,
          { what: rule.name },
        );
        continue;
      }
      const proposed = floorToStep(target, step);
      // a "reduction" to the current limit or above is no reduction: the line is left as it is
      const reduces = current === null || proposed < current;
      if (reduces && (outcome.proposedLimit === null || proposed < outcome.proposedLimit)) {
        outcome.proposedLimit = proposed;
      }
      stage.ruleReason(rule, 'REFER', { limit: proposed });
      stage.steps.push({
        step: 'reduceLimit',
        detail: { rule: rule.name, target, proposedLimit: reduces ? proposed : null },
      });
    } else if (rule.event.type === 'notify') {
      outcome.notifications.push({ template: params.template!, rule: rule.name });
      stage.ruleReason(rule, null);
    }
  }
  return outcome;
}

/** Evaluates one policy document (or a policy compiled by compilePolicy) of any kind. */
export async function evaluatePolicy(
  document: PolicyDocument | CompiledPolicy,
  input: EvaluationInput,
): Promise<PolicyResult> {
  return evaluateCompiled(compilePolicy(document), input);
}
