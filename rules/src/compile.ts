/**
 * Compilation: validate once, resolve parameters, order derived facts, compile every expression and
 * every rule's conditions. The result is immutable and cached by canonical document, so a revision is
 * compiled once however many decisions use it. It never holds a live json-rules-engine Engine (an Engine
 * keeps run state): rules run through their compiled runner, and the json-rules-engine definition each
 * one was compiled from is kept as the reference it is proven equal to.
 */
import type { RuleProperties } from 'json-rules-engine';
import { checkPolicyBounds } from './bounds.js';
import { canonicalJson } from './canonical-json.js';
import { type CompiledCompliance, compileCompliance } from './compliance.js';
import { deepFreeze } from './deep-freeze.js';
import { type DerivationStep, derivationGraph } from './derivation-order.js';
import { jsonPath, PolicyError, type PolicyProblem } from './errors.js';
import { type CompiledExposure, compileExposure } from './exposure.js';
import {
  type CompiledExpression,
  compileExpressionOf,
  type ExpressionType,
  expressionIdentifiers,
} from './expression.js';
import { catalogFact, type FactType } from './fact-catalog.js';
import {
  type Condition,
  type DerivedFactSpec,
  derivedExpression,
  isFactCondition,
  type MissingFactPolicy,
  type PolicyDocument,
  type PolicyKind,
  type RuleEvent,
} from './policy-document.js';
import {
  SCORECARD_OUTPUT_TYPES,
  type ScorecardFacts,
  scorecardFacts,
  scorecardReads,
} from './policy-scorecards.js';
import { compileRule, type RunnableRule } from './rule-runner.js';
import { type CompiledScorecard, compileScorecard } from './scorecard.js';
import { sha256Hex } from './sha256.js';
import { validatePolicy } from './validate.js';

export interface CompiledDerivedFact {
  name: string;
  type: ExpressionType;
  expression: CompiledExpression;
}

export interface CompiledRule {
  name: string;
  description: string;
  priority: number;
  index: number;
  event: RuleEvent;
  /** Every fact the conditions read, so a rule whose facts are unavailable is skipped, not guessed. */
  facts: string[];
  /** The json-rules-engine rule: the reference semantics, and what the bench runs the engine on. */
  definition: RuleProperties;
  runner: RunnableRule;
  /** Event values that are expressions (cap/set value, multiply factor, reduceLimit target). */
  value?: CompiledExpression;
}

export interface CompiledPolicyScorecard {
  /** The card's name in the document's `scorecards`. */
  name: string;
  /** The facts it yields. */
  facts: ScorecardFacts;
  card: CompiledScorecard;
}

/** What runs before the rules, in dependency order: a derived fact, or a scorecard. */
export type Derivation = { fact: CompiledDerivedFact } | { scorecard: CompiledPolicyScorecard };

export interface CompiledCap {
  name: string;
  reason: string;
  value: CompiledExpression;
}

export interface CompiledPolicy {
  kind: PolicyKind;
  name: string;
  revision: string;
  document: PolicyDocument;
  parameters: Readonly<Record<string, number>>;
  derived: CompiledDerivedFact[];
  scorecards: CompiledPolicyScorecard[];
  /** Derived facts and scorecards together, each after what it reads. */
  derivation: Derivation[];
  /** Input facts (catalog, not derived by this document) the policy reads anywhere but in scorecards. */
  inputs: string[];
  /**
   * Catalog facts only scorecards read: read when supplied (or defaulted), never a missing-fact problem,
   * since a card scores a missing value in its missing bin.
   */
  scorecardInputs: string[];
  rules: CompiledRule[];
  /** The rules in the order their outcome applies them: priority, highest first, then document order. */
  rulesByPriority: CompiledRule[];
  /**
   * Where each rule (by index) records an evaluation: a header slot (true fired, false did not, or why it
   * was skipped), then its conditions' slots. `recordingSlots` is the whole recording's length.
   */
  ruleSlots: number[];
  recordingSlots: number;
  /**
   * Whether every fact a rule reads is an input or a derived or scorecard fact: then a case with no fact
   * problem and no derived fact that failed has all of them, and no rule needs checking before it runs.
   */
  ruleFactsCovered: boolean;
  /**
   * Whether expressions' scope must carry the parameters besides the facts: only scorecards read them from
   * the scope; every other expression was compiled with them bound.
   */
  scopeHasParameters: boolean;
  /** PRICING: each tier's terms, shortest first. */
  tierTerms?: Readonly<Record<string, readonly number[]>>;
  onMissingFact: Required<MissingFactPolicy>;
  limit?: {
    base: CompiledExpression;
    affordable: CompiledExpression;
    caps: CompiledCap[];
    step: number;
    minimum: number;
    belowMinimum: { outcome: 'DECLINE' | 'REFER'; reason: string };
  };
  /** EXPOSURE: the budgets, compiled. */
  exposure?: CompiledExposure;
  /** COMPLIANCE: the checks, compiled. */
  compliance?: CompiledCompliance;
}

const CACHE_SIZE = 128;
const cache = new Map<string, CompiledPolicy>();
/** Only objects built here are trusted as compiled: a look-alike from JSON is compiled like a document. */
const compiledPolicies = new WeakSet<object>();

export function isCompiledPolicy(value: unknown): value is CompiledPolicy {
  return typeof value === 'object' && value !== null && compiledPolicies.has(value);
}

/**
 * Validates and compiles, or throws PolicyError POLICY_INVALID carrying every problem. Documents are
 * cached by canonical JSON; callers on a hot path (the API, the bench) keep the CompiledPolicy per
 * revision and pass it back, which skips canonicalisation altogether. A compiled policy passes through.
 */
export function compilePolicy(document: unknown): CompiledPolicy {
  if (isCompiledPolicy(document)) return document;
  // bounds before canonicalisation: nothing below may meet a document of unbounded depth or size
  const bound = checkPolicyBounds(document);
  if (bound) throw invalid([bound]);
  const key = canonicalJson(document);
  const hit = cache.get(key);
  if (hit) {
    // refresh recency: Map iteration order is insertion order
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const validation = validatePolicy(document);
  if (!validation.valid) throw invalid(validation.errors);
  const compiled = build(JSON.parse(key) as PolicyDocument, sha256Hex(key));
  compiledPolicies.add(compiled);
  cache.set(key, compiled);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return compiled;
}

function invalid(problems: PolicyProblem[]): PolicyError {
  const [first] = problems;
  return new PolicyError('POLICY_INVALID', `policy is invalid: ${first.path}: ${first.message}`, {
    path: first.path,
    problems,
  });
}

function build(document: PolicyDocument, revision: string): CompiledPolicy {
  const parameters = document.parameters ?? {};
  const derivedSpecs = document.facts ?? {};
  const cardSpecs = document.scorecards ?? {};
  /** Each scorecard fact, with its type. */
  const cardFacts = new Map<string, FactType>();
  for (const name of Object.keys(cardSpecs)) {
    const facts = scorecardFacts(name);
    for (const output of Object.keys(facts) as (keyof ScorecardFacts)[]) {
      cardFacts.set(facts[output], SCORECARD_OUTPUT_TYPES[output]);
    }
  }
  const inputs = new Set<string>();
  const defined = (name: string) =>
    Object.hasOwn(parameters, name) || Object.hasOwn(derivedSpecs, name) || cardFacts.has(name);
  const note = (name: string) => {
    if (!defined(name)) inputs.add(name);
  };
  const expression = (source: string, type: ExpressionType = 'number') => {
    const compiled = compileExpressionOf(source, type, parameters);
    compiled.identifiers.forEach(note);
    return compiled;
  };

  const derivedType = (name: string): ExpressionType => {
    const spec = derivedSpecs[name];
    const declared = typeof spec === 'object' ? spec.type : undefined;
    return (declared ?? catalogFact(name)?.type) === 'boolean' ? 'boolean' : 'number';
  };
  // the validator has resolved every name: types are all compilation still needs
  const typeOf = (name: string): FactType | undefined =>
    Object.hasOwn(parameters, name)
      ? 'number'
      : Object.hasOwn(derivedSpecs, name)
        ? derivedType(name)
        : (cardFacts.get(name) ?? catalogFact(name)?.type);
  const scorecardInputs = new Set<string>();
  const derivation = orderDerivation(derivedSpecs, cardSpecs).map((node): Derivation => {
    if (node.scorecard === undefined) {
      const type = derivedType(node.fact);
      return {
        fact: {
          name: node.fact,
          type,
          expression: expression(derivedExpression(derivedSpecs[node.fact]), type),
        },
      };
    }
    const card = compileScorecard(cardSpecs[node.scorecard], { factType: typeOf, expressionType: typeOf });
    for (const name of card.inputs) if (!defined(name)) scorecardInputs.add(name);
    return { scorecard: { name: node.scorecard, facts: scorecardFacts(node.scorecard), card } };
  });
  const derived = derivation.flatMap((step) => ('fact' in step ? [step.fact] : []));
  const scorecards = derivation.flatMap((step) => ('scorecard' in step ? [step.scorecard] : []));

  const rules = document.rules.map((rule, index): CompiledRule => {
    const facts: string[] = [];
    const conditions = resolveConditions(rule.conditions as Condition, parameters, facts);
    facts.forEach(note);
    const params = rule.event.params ?? {};
    const source =
      params.value ?? params.target ?? (typeof params.factor === 'string' ? params.factor : undefined);
    const definition: RuleProperties = {
      name: rule.name,
      priority: rule.priority ?? 1,
      conditions: conditions as RuleProperties['conditions'],
      event: { type: rule.event.type },
    };
    const compiled: CompiledRule = {
      name: rule.name,
      description: rule.description ?? '',
      priority: rule.priority ?? 1,
      index,
      event: rule.event,
      facts: [...new Set(facts)],
      definition,
      runner: compileRule(definition, jsonPath('$.rules', index)),
    };
    if (source !== undefined) compiled.value = expression(source);
    return compiled;
  });

  if (document.kind === 'PRICING') inputs.add('termMonths');
  const limit = document.limit && {
    base: expression(document.limit.base),
    affordable: expression(document.limit.affordable),
    caps: (document.limit.caps ?? []).map((cap) => ({
      name: cap.name,
      reason: cap.reason,
      value: expression(cap.value),
    })),
    step: document.limit.step,
    minimum: document.limit.minimum ?? 0,
    belowMinimum: document.limit.belowMinimum ?? { outcome: 'REFER' as const, reason: 'LIMIT_BELOW_MINIMUM' },
  };

  const ruleSlots: number[] = [];
  let recordingSlots = 0;
  for (const rule of rules) {
    ruleSlots.push(recordingSlots);
    recordingSlots += 1 + rule.runner.slots;
  }
  const tierTerms =
    document.kind === 'PRICING' && document.pricing
      ? Object.fromEntries(
          Object.entries(document.pricing.tiers).map(([tier, spec]) => [
            tier,
            [...spec.terms].sort((a, b) => a - b),
          ]),
        )
      : undefined;

  return deepFreeze({
    kind: document.kind,
    name: document.name,
    revision,
    document,
    parameters,
    derived,
    scorecards,
    derivation,
    inputs: [...inputs].sort(),
    scorecardInputs: [...scorecardInputs].filter((name) => !inputs.has(name)).sort(),
    rules,
    rulesByPriority: [...rules].sort((a, b) => b.priority - a.priority || a.index - b.index),
    ruleSlots,
    recordingSlots,
    ruleFactsCovered: rules.every((rule) =>
      rule.facts.every(
        (name) => inputs.has(name) || Object.hasOwn(derivedSpecs, name) || cardFacts.has(name),
      ),
    ),
    scopeHasParameters: scorecards.length > 0 && Object.keys(parameters).length > 0,
    ...(tierTerms ? { tierTerms } : {}),
    onMissingFact: {
      outcome: document.onMissingFact?.outcome ?? 'REFER',
      reason: document.onMissingFact?.reason ?? 'MISSING_FACT',
    },
    ...(document.kind === 'LIMIT' && limit ? { limit } : {}),
    ...(document.kind === 'EXPOSURE' && document.exposure
      ? { exposure: compileExposure(document.exposure) }
      : {}),
    ...(document.kind === 'COMPLIANCE' && document.compliance
      ? { compliance: compileCompliance(document.compliance) }
      : {}),
  });
}

/** Parameters become literals so the rule runs on plain values; facts read are collected. */
function resolveConditions(
  condition: Condition,
  parameters: Record<string, number>,
  facts: string[],
): Condition {
  if ('all' in condition) return { all: condition.all.map((c) => resolveConditions(c, parameters, facts)) };
  if ('any' in condition) return { any: condition.any.map((c) => resolveConditions(c, parameters, facts)) };
  if ('not' in condition) return { not: resolveConditions(condition.not, parameters, facts) };
  if (!isFactCondition(condition)) return condition;
  facts.push(condition.fact);
  const value = condition.value;
  if (typeof value === 'object' && value !== null && 'param' in value) {
    return { ...condition, value: parameters[value.param] };
  }
  if (typeof value === 'object' && value !== null && 'fact' in value) facts.push(value.fact);
  return { ...condition };
}

/** Derived facts and scorecards in dependency order (the validator has already rejected cycles). */
function orderDerivation(
  facts: Record<string, string | DerivedFactSpec>,
  cards: Record<string, unknown>,
): DerivationStep[] {
  const sorted = <T>(record: Record<string, T>, reads: (value: T) => readonly string[]) =>
    new Map(
      Object.keys(record)
        .sort()
        .map((name) => [name, reads(record[name])]),
    );
  return derivationGraph(
    sorted(facts, (spec) => expressionIdentifiers(derivedExpression(spec))),
    sorted(cards, scorecardReads),
  ).order;
}
