/**
 * A rule-level semantic diff between two policy documents: what a reviewer needs to approve a change
 * (rules added, removed, changed; thresholds moved; tiers, parameters, expressions changed), not lines.
 * Rules are matched by name, so reordering rules is not a change unless their priority changed.
 */
import { checkPolicyBounds } from './bounds.js';
import { canonicalJson } from './canonical-json.js';
import { jsonPath, PolicyError } from './errors.js';
import {
  type Condition,
  derivedExpression,
  isFactCondition,
  type PolicyDocument,
  type PolicyRule,
} from './policy-document.js';

export interface Change {
  path: string;
  from: unknown;
  to: unknown;
}

export interface ThresholdChange {
  path: string;
  fact: string;
  operator: string;
  from: unknown;
  to: unknown;
}

export interface RuleChange {
  name: string;
  thresholds: ThresholdChange[];
  /** Everything else that changed in the rule: priority, description, event, condition structure. */
  changes: Change[];
}

export interface NamedSetDiff<T> {
  added: { name: string; value: T }[];
  removed: { name: string; value: T }[];
  changed: { name: string; from: T; to: T }[];
}

export interface PolicyDiff {
  identical: boolean;
  kind: { from: string; to: string } | null;
  metadata: Change[];
  parameters: NamedSetDiff<number>;
  facts: NamedSetDiff<string>;
  rules: {
    added: { name: string; priority: number; event: string }[];
    removed: { name: string; priority: number; event: string }[];
    changed: RuleChange[];
  };
  tiers: NamedSetDiff<unknown>;
  /**
   * Changes to the kind-specific sections outside the tier table (limit caps, step, APR ceiling...) and to
   * scorecards, down to a bin's points.
   */
  sections: Change[];
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Leaf-level structural changes, descending into objects and same-length arrays. */
function changes(a: unknown, b: unknown, path: string, out: Change[] = []): Change[] {
  if (same(a, b)) return out;
  if (isRecord(a) && isRecord(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      changes(a[key], b[key], jsonPath(path, key), out);
    }
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, index) => {
      changes(item, b[index], jsonPath(path, index), out);
    });
  } else out.push({ path, from: a ?? null, to: b ?? null });
  return out;
}

function namedSet<T>(a: Record<string, T> | undefined, b: Record<string, T> | undefined): NamedSetDiff<T> {
  const from = a ?? {};
  const to = b ?? {};
  const diff: NamedSetDiff<T> = { added: [], removed: [], changed: [] };
  for (const name of Object.keys(to).sort()) {
    if (!Object.hasOwn(from, name)) diff.added.push({ name, value: to[name] });
    else if (!same(from[name], to[name])) diff.changed.push({ name, from: from[name], to: to[name] });
  }
  for (const name of Object.keys(from).sort()) {
    if (!Object.hasOwn(to, name)) diff.removed.push({ name, value: from[name] });
  }
  return diff;
}

/** Conditions of the same shape differ only in thresholds; any other difference is structural. */
function conditionDiff(a: Condition, b: Condition, path: string, rule: RuleChange): void {
  if (same(a, b)) return;
  if (isFactCondition(a) && isFactCondition(b) && a.fact === b.fact && a.operator === b.operator) {
    rule.thresholds.push({
      path: jsonPath(path, 'value'),
      fact: a.fact,
      operator: a.operator,
      from: a.value,
      to: b.value,
    });
    return;
  }
  for (const key of ['all', 'any'] as const) {
    if (key in a && key in b) {
      const left = (a as Record<typeof key, Condition[]>)[key];
      const right = (b as Record<typeof key, Condition[]>)[key];
      if (left.length === right.length) {
        left.forEach((item, index) => {
          conditionDiff(item, right[index], jsonPath(jsonPath(path, key), index), rule);
        });
        return;
      }
    }
  }
  if ('not' in a && 'not' in b) {
    conditionDiff(a.not, b.not, jsonPath(path, 'not'), rule);
    return;
  }
  rule.changes.push({ path, from: a, to: b });
}

function ruleDiff(a: PolicyRule, b: PolicyRule): RuleChange {
  const rule: RuleChange = { name: b.name, thresholds: [], changes: [] };
  conditionDiff(a.conditions as Condition, b.conditions as Condition, '$.conditions', rule);
  changes(a.priority ?? 1, b.priority ?? 1, '$.priority', rule.changes);
  changes(a.description, b.description, '$.description', rule.changes);
  changes(a.event, b.event, '$.event', rule.changes);
  return rule;
}

const summary = (rule: PolicyRule) => ({
  name: rule.name,
  priority: rule.priority ?? 1,
  event: rule.event.type,
});

function expressions(facts: PolicyDocument['facts']): Record<string, string> | undefined {
  return (
    facts && Object.fromEntries(Object.entries(facts).map(([name, spec]) => [name, derivedExpression(spec)]))
  );
}

/** Throws the first bound a side crosses: the diff walks both documents recursively. */
function checkBounds(document: unknown, side: 'before' | 'after'): void {
  const bound = checkPolicyBounds(document);
  if (bound) throw new PolicyError(bound.code, `${side}: ${bound.message}`, { path: bound.path });
}

export function diffPolicies(a: PolicyDocument, b: PolicyDocument): PolicyDiff {
  checkBounds(a, 'before');
  checkBounds(b, 'after');
  const rulesA = new Map((a.rules ?? []).map((rule) => [rule.name, rule]));
  const rulesB = new Map((b.rules ?? []).map((rule) => [rule.name, rule]));
  const changed: RuleChange[] = [];
  for (const [name, rule] of rulesB) {
    const before = rulesA.get(name);
    if (before && !same(before, rule)) changed.push(ruleDiff(before, rule));
  }
  const { tiers: tiersA, ...pricingA } = a.pricing ?? { tiers: undefined };
  const { tiers: tiersB, ...pricingB } = b.pricing ?? { tiers: undefined };
  const metadata: Change[] = [];
  for (const key of ['name', 'description', 'onMissingFact'] as const)
    changes(a[key], b[key], `$.${key}`, metadata);
  const sections: Change[] = [];
  changes(a.limit, b.limit, '$.limit', sections);
  changes(a.pricing && pricingA, b.pricing && pricingB, '$.pricing', sections);
  changes(a.monitoring, b.monitoring, '$.monitoring', sections);
  changes(a.exposure, b.exposure, '$.exposure', sections);
  changes(a.compliance, b.compliance, '$.compliance', sections);
  changes(a.scorecards, b.scorecards, '$.scorecards', sections);
  return {
    identical: same(a, b),
    kind: a.kind === b.kind ? null : { from: a.kind, to: b.kind },
    metadata,
    parameters: namedSet(a.parameters, b.parameters),
    facts: namedSet(expressions(a.facts), expressions(b.facts)),
    rules: {
      added: [...rulesB.values()].filter((rule) => !rulesA.has(rule.name)).map(summary),
      removed: [...rulesA.values()].filter((rule) => !rulesB.has(rule.name)).map(summary),
      changed,
    },
    tiers: namedSet<unknown>(tiersA, tiersB),
    sections,
  };
}
