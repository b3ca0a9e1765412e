/**
 * json-rules-engine 7.3.1, compiled. A rule's condition tree is turned once into plain synchronous
 * functions that report exactly what `Engine.run` (with `allowUndefinedFacts: true` and constant facts)
 * reports: each rule's result, every condition's `result`, `factResult` and `valueResult`, nothing on the
 * conditions the engine never reached, and the order of results and events. The engine pays a promise per
 * condition and a deep clone per rule; this pays neither. json-rules-engine stays the reference:
 * test/rule-runner.differential.test.ts runs both on random rules and facts and requires equality.
 *
 * Supported: what a policy can express plus what proves the semantics: the ten default operators,
 * all/any/not to any depth, `path` as a JSONPath of member names and indices, value references
 * `{ fact, path? }`, rule and condition priorities. Anything else (condition references, fact params,
 * operator decorators, other JSONPath syntax) is refused at compile time rather than guessed at.
 */
import type { RuleProperties } from 'json-rules-engine';
import { deepFreeze } from './deep-freeze.js';
import { jsonPath, PolicyError } from './errors.js';

export type Facts = Readonly<Record<string, unknown>>;

export interface RuleEventResult {
  type: string;
  params?: Record<string, unknown>;
}

export interface FactConditionResult {
  fact: string;
  operator: string;
  value: unknown;
  path?: string;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
}

/** A condition as json-rules-engine reports it after a run: one it never evaluated has no `result`. */
export type ConditionResult =
  | { all: ConditionResult[]; result?: boolean }
  | { any: ConditionResult[]; result?: boolean }
  | { not: ConditionResult; result?: boolean }
  | FactConditionResult;

export interface RuleRunResult {
  name: string;
  priority: number;
  event: RuleEventResult;
  result: boolean;
  /** The root has no `result` of its own (the engine never sets it): the rule's `result` is it. */
  conditions: ConditionResult;
}

export interface RunResult {
  results: RuleRunResult[];
  failureResults: RuleRunResult[];
  /** The events of the rules that fired, in the order the engine emits them. */
  events: RuleEventResult[];
}

/**
 * The engine evaluates with promises, so *when* a condition finishes decides the order in which rules of
 * one priority report: they start together and finish in order of promise depth. `turns` is that depth,
 * the microtask turn (counted from the start of the evaluation) at which the engine's promise settles;
 * the constants below are the `then` hops of rule.js and condition.js, read off the 7.3.1 sources.
 */
export interface Evaluation {
  result: boolean;
  turns: number;
  trace: ConditionResult;
}

/** Promise.all over (value, fact), its `then`, and evaluateCondition's `then`. */
const FACT_CONDITION_TURNS = 3;
/** evaluateCondition's `then` around a nested all/any/not. */
const NESTED_TURNS = 1;
/** A priority group that runs: Promise.all, its `then`, and the two turns a promise returned from a `then` costs. */
const GROUP_TURNS = 4;
/** A priority group skipped because the result is already decided: one `then`. */
const SKIPPED_GROUP_TURNS = 1;
/** not(): the `then` that negates its condition's result. */
const NOT_TURNS = 1;

/**
 * A recording: what `evaluate` learns, kept as slots of one flat array instead of a tree of objects. Each
 * condition owns fixed slots, laid out at compile time: its state (unset when never reached, else RECORDED_FALSE
 * or RECORDED_TRUE) and, for a fact condition, the fact's value and (for a fact reference) the compared value.
 * The evaluator records every case and builds the annotated tree only for a trace someone reads.
 */
export type Recording = unknown[];
const RECORDED_FALSE = 1;
const RECORDED_TRUE = 2;

interface CompiledCondition {
  /** Its place in the parent's evaluation order (the engine defaults an unset priority to 1). */
  priority: number;
  evaluate(facts: Facts): Evaluation;
  /** What the engine reports for a condition it never reached: the definition, unannotated. */
  unevaluated(): ConditionResult;
  /** Evaluates as `evaluate` does, writing into `recording` at `base` plus its slots instead of building a trace. */
  record(facts: Facts, recording: Recording, base: number): boolean;
  /** The trace `evaluate` would have built, read back from a recording. */
  recorded(recording: Recording, base: number): ConditionResult;
}

/** Hands out recording slots in the order conditions are compiled. */
interface Layout {
  slots: number;
}

interface CompiledGroup extends CompiledCondition {
  /** The all/any/not itself, as the rule's root evaluates it: no `result` set on the node. */
  combine(facts: Facts): Evaluation;
  /** The same, read back from a recording. */
  recordedCombine(recording: Recording, base: number): ConditionResult;
}

export interface RunnableRule {
  readonly name: string;
  readonly priority: number;
  readonly event: RuleEventResult;
  /** The rule's result and annotated conditions; `turns` orders it among rules of its priority. */
  readonly evaluate: (facts: Facts) => Evaluation;
  /** Slots the rule's recording takes. */
  readonly slots: number;
  /** The rule's result, its conditions recorded into `recording` from `base` on (slots unset before). */
  readonly record: (facts: Facts, recording: Recording, base: number) => boolean;
  /** The conditions `evaluate` would report, from a recording `record` made. */
  readonly recorded: (recording: Recording, base: number) => ConditionResult;
}

type Operator = (fact: unknown, value: unknown) => boolean;

/** json-rules-engine's numberValidator: anything parseFloat reads a number from, so '12abc' and [3] pass. */
const numeric = (fact: unknown) =>
  // a number's own digits parse back to a number unless it is NaN: the common case needs no string
  typeof fact === 'number' ? !Number.isNaN(fact) : Number.parseFloat(fact as string).toString() !== 'NaN';

// The engine's operators verbatim. indexOf, not includes: it never finds NaN. The relational operators
// then compare with JavaScript's rules on whatever passed the validator ('10' < '9' as strings).
const OPERATORS: ReadonlyMap<string, Operator> = new Map<string, Operator>([
  ['equal', (a, b) => a === b],
  ['notEqual', (a, b) => a !== b],
  ['in', (a, b) => (b as unknown[]).indexOf(a) > -1],
  ['notIn', (a, b) => (b as unknown[]).indexOf(a) === -1],
  ['contains', (a, b) => Array.isArray(a) && a.indexOf(b) > -1],
  ['doesNotContain', (a, b) => Array.isArray(a) && a.indexOf(b) === -1],
  ['lessThan', (a, b) => numeric(a) && (a as number) < (b as number)],
  ['lessThanInclusive', (a, b) => numeric(a) && (a as number) <= (b as number)],
  ['greaterThan', (a, b) => numeric(a) && (a as number) > (b as number)],
  ['greaterThanInclusive', (a, b) => numeric(a) && (a as number) >= (b as number)],
]);

/** `$` followed by `.name` or `[index]` steps: the JSONPath subset whose meaning is plain property access. */
const MEMBER_PATH = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/;
const MEMBER_STEP = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g;

const GROUP_KEYS = ['all', 'any', 'not'] as const;
const FACT_KEYS = new Set(['fact', 'operator', 'value', 'path', 'priority', 'name']);

type Json = Record<string, unknown>;

function unsupported(path: string, message: string): PolicyError {
  return new PolicyError('UNSUPPORTED_RULE', message, { path });
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function priorityOf(node: Json, path: string): number {
  const priority = node.priority ?? 1;
  if (!Number.isInteger(priority) || (priority as number) < 1) {
    throw unsupported(jsonPath(path, 'priority'), 'a priority must be a positive integer');
  }
  return priority as number;
}

/** A fact read: the engine's almanac lookup, then jsonpath-plus for `path`. */
class FactRead {
  private readonly steps: string[] | null;

  constructor(
    readonly fact: string,
    path: unknown,
    at: string,
  ) {
    if (path === undefined) {
      this.steps = null;
      return;
    }
    if (typeof path !== 'string' || !MEMBER_PATH.test(path)) {
      throw unsupported(at, 'path must be $ followed by .name or [index] steps');
    }
    this.steps = [...path.matchAll(MEMBER_STEP)].map((step) => step[1] ?? step[2]);
  }

  /** Facts are own properties: a fact named toString is missing, not Object.prototype's. */
  value(facts: Facts): unknown {
    if (!Object.hasOwn(facts, this.fact)) return undefined;
    const value = facts[this.fact];
    // the engine applies a path to objects and arrays only; any other fact is compared as it is
    if (this.steps === null || typeof value !== 'object' || value === null) return value;
    let current: unknown = value;
    for (const step of this.steps) {
      // jsonpath-plus follows an own property of a truthy value (a string's length and indices count)
      if (!current || !Object.hasOwn(current as object, step)) return undefined;
      current = (current as Json)[step];
    }
    return current;
  }

  /** A path costs the engine one `then`, but only when the fact exists: a missing one resolves at once. */
  turns(facts: Facts): number {
    return this.steps !== null && Object.hasOwn(facts, this.fact) ? 1 : 0;
  }
}

function factRead(reference: Json, at: string): FactRead {
  if (typeof reference.fact !== 'string') throw unsupported(jsonPath(at, 'fact'), 'a fact must be a string');
  return new FactRead(reference.fact, reference.path, jsonPath(at, 'path'));
}

function compileFactCondition(node: Json, at: string, layout: Layout): CompiledCondition {
  for (const key of Object.keys(node)) {
    if (!FACT_KEYS.has(key)) throw unsupported(jsonPath(at, key), `unsupported condition field ${key}`);
  }
  const operatorName = node.operator;
  const operator = typeof operatorName === 'string' ? OPERATORS.get(operatorName) : undefined;
  if (operator === undefined) {
    throw unsupported(
      jsonPath(at, 'operator'),
      `operator must be one of ${[...OPERATORS.keys()].join(', ')}`,
    );
  }
  if (!Object.hasOwn(node, 'value')) throw unsupported(jsonPath(at, 'value'), 'a condition needs a value');
  const left = factRead(node, at);
  const path = node.path as string | undefined;
  const valuePath = jsonPath(at, 'value');
  const raw = node.value;
  const isReference = isObject(raw) && Object.hasOwn(raw, 'fact');
  if (isReference && Object.keys(raw).some((key) => key !== 'fact' && key !== 'path')) {
    throw unsupported(valuePath, 'a fact reference is { fact, path? }');
  }
  if ((operatorName === 'in' || operatorName === 'notIn') && !Array.isArray(raw)) {
    // the engine would call indexOf on whatever it got, and throw on most of it
    throw unsupported(valuePath, `${operatorName} needs an array of values`);
  }
  const right = isReference ? factRead(raw, valuePath) : null;
  // the engine reports a copy of the definition; a frozen copy cannot be changed through a result either
  const value = deepFreeze(structuredClone(raw));

  const unevaluated = (): FactConditionResult => {
    const trace: FactConditionResult = { fact: left.fact, operator: operatorName as string, value };
    if (path !== undefined) trace.path = path;
    return trace;
  };
  // state, fact value, and the compared value when it is read from a fact
  const slot = layout.slots;
  layout.slots += right === null ? 2 : 3;
  return {
    priority: priorityOf(node, at),
    unevaluated,
    record(facts, recording, base) {
      const at = base + slot;
      const factResult = left.value(facts);
      let result: boolean;
      if (right === null) {
        result = operator(factResult, value);
      } else {
        const valueResult = right.value(facts);
        recording[at + 2] = valueResult;
        result = operator(factResult, valueResult);
      }
      recording[at] = result ? RECORDED_TRUE : RECORDED_FALSE;
      recording[at + 1] = factResult;
      return result;
    },
    recorded(recording, base) {
      const at = base + slot;
      const trace = unevaluated();
      const state = recording[at];
      if (state === undefined) return trace;
      trace.factResult = recording[at + 1];
      trace.valueResult = right === null ? value : recording[at + 2];
      trace.result = state === RECORDED_TRUE;
      return trace;
    },
    evaluate(facts) {
      const trace = unevaluated();
      trace.factResult = left.value(facts);
      trace.valueResult = right === null ? value : right.value(facts);
      const result = operator(trace.factResult, trace.valueResult);
      trace.result = result;
      const turns =
        FACT_CONDITION_TURNS + Math.max(left.turns(facts), right === null ? 0 : right.turns(facts));
      return { result, turns, trace };
    },
  };
}

function compileCondition(node: unknown, at: string, layout: Layout): CompiledCondition {
  if (!isObject(node)) throw unsupported(at, 'a condition must be an object');
  return GROUP_KEYS.some((key) => Object.hasOwn(node, key))
    ? compileGroup(node, at, layout)
    : compileFactCondition(node, at, layout);
}

/**
 * The engine's order for rules and for the conditions of an all/any alike: grouped by priority, highest
 * first, each group in the order given (as indices into `items`). A group runs whole (Promise.all).
 */
function byPriority(items: readonly { priority: number }[]): number[][] {
  // Array#sort is stable: equal priorities keep their order
  const order = items.map((_, index) => index).sort((a, b) => items[b].priority - items[a].priority);
  const groups: number[][] = [];
  for (const index of order) {
    const group = groups.at(-1);
    if (group !== undefined && items[group[0]].priority === items[index].priority) group.push(index);
    else groups.push([index]);
  }
  return groups;
}

function compileGroup(node: Json, at: string, layout: Layout): CompiledGroup {
  const keys = Object.keys(node);
  const kind = GROUP_KEYS.find((key) => keys.includes(key))!;
  for (const key of keys) {
    if (key !== kind && key !== 'priority' && key !== 'name') {
      throw unsupported(jsonPath(at, key), `an ${kind} condition has no field ${key}`);
    }
  }
  const childrenAt = jsonPath(at, kind);
  const priority = priorityOf(node, at);
  const slot = layout.slots;
  layout.slots += 1;
  const nested = (
    combine: (facts: Facts) => Evaluation,
    recordedCombine: (recording: Recording, base: number) => ConditionResult,
  ): Pick<CompiledGroup, 'evaluate' | 'combine' | 'recorded' | 'recordedCombine'> => ({
    combine,
    evaluate(facts) {
      const evaluation = combine(facts);
      evaluation.trace.result = evaluation.result;
      evaluation.turns += NESTED_TURNS;
      return evaluation;
    },
    recordedCombine,
    recorded(recording, base) {
      const trace = recordedCombine(recording, base);
      const state = recording[base + slot];
      if (state !== undefined) trace.result = state === RECORDED_TRUE;
      return trace;
    },
  });
  const stored = (recording: Recording, base: number, result: boolean) => {
    recording[base + slot] = result ? RECORDED_TRUE : RECORDED_FALSE;
    return result;
  };

  if (kind === 'not') {
    if (!isObject(node.not)) throw unsupported(childrenAt, 'not takes one condition');
    const child = compileCondition(node.not, childrenAt, layout);
    return {
      priority,
      unevaluated: () => ({ not: child.unevaluated() }),
      record: (facts, recording, base) => stored(recording, base, !child.record(facts, recording, base)),
      ...nested(
        (facts) => {
          const inner = child.evaluate(facts);
          return { result: !inner.result, turns: inner.turns + NOT_TURNS, trace: { not: inner.trace } };
        },
        (recording, base) => ({ not: child.recorded(recording, base) }),
      ),
    };
  }

  const list = node[kind];
  if (!Array.isArray(list)) throw unsupported(childrenAt, `${kind} must be an array of conditions`);
  const children = list.map((child, index) => compileCondition(child, jsonPath(childrenAt, index), layout));
  // the groups after the result is decided are skipped
  const groups = byPriority(children);
  const wrap = (traces: ConditionResult[]): ConditionResult =>
    kind === 'all' ? { all: traces } : { any: traces };
  const decided = (result: boolean) => (kind === 'all' ? !result : result);

  const combine = (facts: Facts): Evaluation => {
    // no children: the engine resolves true for all and any alike
    if (children.length === 0) return { result: true, turns: 0, trace: wrap([]) };
    // one child: no prioritising, no Promise.all, the child's own promise is the group's
    if (children.length === 1) {
      const only = children[0].evaluate(facts);
      return { result: only.result, turns: only.turns, trace: wrap([only.trace]) };
    }
    const traces: ConditionResult[] = [];
    let result = kind === 'all';
    let turns = 0;
    for (const group of groups) {
      if (decided(result)) {
        for (const index of group) traces[index] = children[index].unevaluated();
        turns += SKIPPED_GROUP_TURNS;
        continue;
      }
      let slowest = 0;
      let every = true;
      let some = false;
      for (const index of group) {
        const evaluation = children[index].evaluate(facts);
        traces[index] = evaluation.trace;
        slowest = Math.max(slowest, evaluation.turns);
        if (evaluation.result) some = true;
        else every = false;
      }
      result = kind === 'all' ? every : some;
      turns += slowest + GROUP_TURNS;
    }
    return { result, turns, trace: wrap(traces) };
  };
  // what combine decides, without turns or traces: a group after the result is decided is never reached
  const record = (facts: Facts, recording: Recording, base: number): boolean => {
    // no children: true for all and any alike, as combine has it
    if (children.length === 0) return stored(recording, base, true);
    let result = kind === 'all';
    for (const group of groups) {
      if (decided(result)) break;
      let every = true;
      let some = false;
      for (const index of group) {
        if (children[index].record(facts, recording, base)) some = true;
        else every = false;
      }
      result = kind === 'all' ? every : some;
    }
    return stored(recording, base, result);
  };
  return {
    priority,
    unevaluated: () => wrap(children.map((child) => child.unevaluated())),
    record,
    ...nested(combine, (recording, base) => wrap(children.map((child) => child.recorded(recording, base)))),
  };
}

/**
 * Compiles one json-rules-engine rule definition, or throws PolicyError UNSUPPORTED_RULE (with the JSON
 * path under `at`) for what this runner does not reproduce.
 */
export function compileRule(definition: RuleProperties, at = '$'): RunnableRule {
  const rule = definition as unknown as Json;
  if (typeof rule.name !== 'string' || rule.name === '') {
    throw unsupported(jsonPath(at, 'name'), 'a rule needs a name');
  }
  const event = rule.event;
  if (!isObject(event) || typeof event.type !== 'string') {
    throw unsupported(jsonPath(at, 'event'), 'a rule needs an event with a type');
  }
  const conditionsAt = jsonPath(at, 'conditions');
  const conditions = rule.conditions;
  if (!isObject(conditions) || !GROUP_KEYS.some((key) => Object.hasOwn(conditions, key))) {
    throw unsupported(conditionsAt, 'conditions must start with all, any or not');
  }
  const layout: Layout = { slots: 0 };
  const root = compileGroup(conditions, conditionsAt, layout);
  // the engine keeps an event's type and, when truthy, its params
  const ruleEvent: RuleEventResult = { type: event.type };
  if (event.params) ruleEvent.params = structuredClone(event.params) as Json;
  return deepFreeze({
    name: rule.name,
    priority: priorityOf(rule, at),
    event: ruleEvent,
    evaluate: root.combine,
    slots: layout.slots,
    record: root.record,
    recorded: root.recordedCombine,
  });
}

/**
 * Engine.run: priorities highest first; within one priority every rule runs, and results and events
 * follow the order in which the engine's promises settle (ties in the order the rules were given).
 */
export function runCompiledRules(rules: readonly RunnableRule[], facts: Facts): RunResult {
  const run: RunResult = { results: [], failureResults: [], events: [] };
  for (const group of byPriority(rules)) {
    const settled = group
      .map((index) => ({ rule: rules[index], evaluation: rules[index].evaluate(facts) }))
      .sort((a, b) => a.evaluation.turns - b.evaluation.turns);
    for (const { rule, evaluation } of settled) {
      const { name, priority, event } = rule;
      const ruleResult = { name, priority, event, result: evaluation.result, conditions: evaluation.trace };
      if (evaluation.result) {
        run.results.push(ruleResult);
        run.events.push(event);
      } else {
        run.failureResults.push(ruleResult);
      }
    }
  }
  return run;
}
