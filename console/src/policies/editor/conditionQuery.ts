/**
 * A rule's conditions (json-rules-engine's all / any / not around fact comparisons) as react-querybuilder
 * sees them, and back. The round trip is exact for every condition the builder can show, so switching
 * between the visual builder and the JSON editor never rewrites a document behind the author's back.
 */
import { isRuleGroup, type RuleGroupType, type RuleType } from 'react-querybuilder';
import { isObject, type JsonObject } from '../../common/json';
import { listItems, numberOrText } from './documentPaths';

/** Keys a comparison had that the builder has no control for, and which of its own keys were absent. */
type RuleMeta = { extra?: JsonObject; absent?: ('operator' | 'value')[] };

export type ConditionRule = RuleType<string, string, unknown, string, RuleMeta>;

export interface ConditionGroup extends RuleGroupType<ConditionRule> {
  /** `{ not: X }` around one condition that is no all/any list: the builder shows a negated group of one. */
  negatesOne?: boolean;
}

/** The builder's value sources: a literal, another fact (`{ fact }`) or a named parameter (`{ param }`). */
export type ConditionValueSource = 'value' | 'field' | 'parameter';

export type FactTypeOf = (fact: string) => string | undefined;

/** What the builder cannot show, with the JSON path of the first such part: it is edited as JSON. */
export type QueryConversion = { query: ConditionGroup } | { unsupportedAt: string };

const LIST_OPERATORS = new Set(['in', 'notIn']);

export const isListOperator = (operator: string) => LIST_OPERATORS.has(operator);

class Unsupported extends Error {
  constructor(readonly path: string) {
    super(`unsupported condition at ${path}`);
  }
}

const isComparison = (condition: unknown): condition is JsonObject =>
  isObject(condition) &&
  typeof condition.fact === 'string' &&
  !('all' in condition || 'any' in condition || 'not' in condition);

const listKey = (condition: JsonObject) =>
  Object.keys(condition).length === 1
    ? (['all', 'any'] as const).find((key) => Array.isArray(condition[key]))
    : undefined;

function ruleOf(comparison: JsonObject, path: string): ConditionRule {
  const { fact, operator, value, ...extra } = comparison;
  const meta: RuleMeta = {};
  if (Object.keys(extra).length > 0) meta.extra = extra;
  const absent = (['operator', 'value'] as const).filter((key) => !(key in comparison));
  if (absent.length > 0) meta.absent = absent;
  const rule: ConditionRule = {
    id: path,
    field: fact as string,
    operator: typeof operator === 'string' ? operator : '',
    ...operandOf(value),
  };
  return Object.keys(meta).length > 0 ? { ...rule, meta } : rule;
}

function operandOf(value: unknown): { value: unknown; valueSource: ConditionValueSource } {
  if (isObject(value) && Object.keys(value).length === 1) {
    if (typeof value.fact === 'string') return { value: value.fact, valueSource: 'field' };
    if (typeof value.param === 'string') return { value: value.param, valueSource: 'parameter' };
  }
  return { value: value === undefined ? '' : value, valueSource: 'value' };
}

function nodeOf(condition: unknown, path: string): ConditionRule | ConditionGroup {
  return isComparison(condition) ? ruleOf(condition, path) : groupOf(condition, path);
}

/** Ids are JSON paths, so problems the validator reports by path land on the rule or group they concern. */
function groupOf(condition: unknown, path: string): ConditionGroup {
  if (!isObject(condition)) throw new Unsupported(path);
  const key = listKey(condition);
  if (key) {
    const children = condition[key] as unknown[];
    return {
      id: path,
      combinator: key === 'all' ? 'and' : 'or',
      rules: children.map((child, index) => nodeOf(child, `${path}.${key}[${index}]`)),
    };
  }
  if (Object.keys(condition).length === 1 && 'not' in condition) {
    const inner = condition.not;
    if (isObject(inner) && listKey(inner)) return { ...groupOf(inner, `${path}.not`), id: path, not: true };
    return {
      id: path,
      combinator: 'and',
      not: true,
      negatesOne: true,
      rules: [nodeOf(inner, `${path}.not`)],
    };
  }
  throw new Unsupported(path);
}

/** A rule's `conditions` (at `path` in the document) as a builder query. */
export function toQuery(conditions: unknown, path: string): QueryConversion {
  try {
    return { query: groupOf(conditions, path) };
  } catch (error) {
    if (error instanceof Unsupported) return { unsupportedAt: error.path };
    throw error;
  }
}

/** The builder hands over typed text: numbers for numeric facts, booleans for boolean ones. */
function coerce(value: unknown, type: string | undefined): unknown {
  if (typeof value !== 'string') return value;
  if (type === 'number' || type === 'integer') return numberOrText(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function literal(rule: ConditionRule, typeOf: FactTypeOf): unknown {
  const type = typeOf(rule.field);
  if (!isListOperator(rule.operator)) return coerce(rule.value, type);
  const items = typeof rule.value === 'string' ? listItems(rule.value) : rule.value;
  return Array.isArray(items) ? items.map((item) => coerce(item, type)) : items;
}

function comparisonOf(rule: ConditionRule, typeOf: FactTypeOf): JsonObject {
  const absent = rule.meta?.absent ?? [];
  const comparison: JsonObject = { fact: rule.field };
  if (!(absent.includes('operator') && rule.operator === '')) comparison.operator = rule.operator;
  const source = (rule.valueSource ?? 'value') as ConditionValueSource;
  if (source === 'field') comparison.value = { fact: String(rule.value) };
  else if (source === 'parameter') comparison.value = { param: String(rule.value) };
  else if (!(absent.includes('value') && rule.value === '')) comparison.value = literal(rule, typeOf);
  return { ...comparison, ...rule.meta?.extra };
}

/** The builder's query as a rule's `conditions`; `typeOf` turns typed text back into numbers. */
export function toConditions(group: RuleGroupType, typeOf: FactTypeOf): JsonObject {
  const children = group.rules.map((child) =>
    isRuleGroup(child)
      ? toConditions(child as RuleGroupType, typeOf)
      : comparisonOf(child as ConditionRule, typeOf),
  );
  if (group.not && (group as ConditionGroup).negatesOne && children.length === 1) return { not: children[0] };
  const list = { [group.combinator === 'or' ? 'any' : 'all']: children };
  return group.not ? { not: list } : list;
}
