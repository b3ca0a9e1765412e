/**
 * A policy's rules as a decision table: one row a rule, one column a fact. A rule whose conditions are one
 * `all` list of comparisons (or a single comparison under it) reads as a row of cells, each holding that
 * rule's comparisons of the column's fact; any other shape (any, not, nested groups) is shown whole and
 * edited in the Rules tab.
 */
import { isObject, type JsonObject } from '../../common/json';
import type { Segment } from './documentPaths';

export interface Comparison {
  fact: string;
  operator: string;
  value: unknown;
  /** Where the comparison is in the document. */
  path: Segment[];
}

export interface TableRow {
  index: number;
  rule: JsonObject;
  /** The rule's comparisons by fact, or null when its conditions are no flat `all` list. */
  cells: Map<string, Comparison[]> | null;
}

export interface DecisionTable {
  /** Facts compared by the flat rules, in order of first use. */
  facts: string[];
  rows: TableRow[];
}

const isComparison = (node: unknown): node is JsonObject =>
  isObject(node) && typeof node.fact === 'string' && !('all' in node || 'any' in node || 'not' in node);

function flatComparisons(conditions: unknown, base: Segment[]): Comparison[] | null {
  if (!isObject(conditions) || !Array.isArray(conditions.all) || Object.keys(conditions).length !== 1)
    return null;
  const comparisons: Comparison[] = [];
  for (const [index, node] of conditions.all.entries()) {
    if (!isComparison(node)) return null;
    comparisons.push({
      fact: node.fact as string,
      operator: typeof node.operator === 'string' ? node.operator : '',
      value: node.value,
      path: [...base, 'all', index],
    });
  }
  return comparisons;
}

export function decisionTable(document: JsonObject): DecisionTable {
  const rules = Array.isArray(document.rules) ? document.rules : [];
  const facts: string[] = [];
  const rows: TableRow[] = [];
  for (const [index, rule] of rules.entries()) {
    if (!isObject(rule)) continue;
    const comparisons = flatComparisons(rule.conditions, ['rules', index, 'conditions']);
    let cells: Map<string, Comparison[]> | null = null;
    if (comparisons) {
      cells = new Map();
      for (const comparison of comparisons) {
        if (!facts.includes(comparison.fact)) facts.push(comparison.fact);
        cells.set(comparison.fact, [...(cells.get(comparison.fact) ?? []), comparison]);
      }
    }
    rows.push({ index, rule, cells });
  }
  return { facts, rows };
}

/** The parameter a compared value names (`{ param: 'minBureauScore' }`), if it names one. */
export const parameterOf = (value: unknown): string | null =>
  isObject(value) && Object.keys(value).length === 1 && typeof value.param === 'string' ? value.param : null;

/** The fact a compared value names (`{ fact: 'existingLimit' }`), if it names one. */
export const factOf = (value: unknown): string | null =>
  isObject(value) && Object.keys(value).length === 1 && typeof value.fact === 'string' ? value.fact : null;

/** How many of the document's conditions compare with the parameter: an edit to it changes all of them. */
export function parameterUses(document: JsonObject, name: string): number {
  let uses = 0;
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isObject(node)) {
      if (parameterOf(node) === name) uses++;
      else Object.values(node).forEach(visit);
    }
  };
  if (Array.isArray(document.rules))
    for (const rule of document.rules) if (isObject(rule)) visit(rule.conditions);
  return uses;
}

export interface ConditionWords {
  fact(name: string): string;
  operator(name: string): string;
  /** A compared value in the unit of `fact`. */
  value(fact: string, value: unknown): string;
  all: string;
  any: string;
  not: string;
}

/** A rule's conditions in one line, thresholds included: "Bureau score < 550 and Lenders ≥ 4". */
export function describeConditions(
  conditions: unknown,
  words: ConditionWords,
  parameters: JsonObject,
): string {
  const operand = (fact: string, value: unknown): string => {
    const parameter = parameterOf(value);
    if (parameter !== null) return words.value(fact, parameters[parameter]);
    const other = factOf(value);
    if (other !== null) return words.fact(other);
    if (Array.isArray(value)) return value.map((item) => words.value(fact, item)).join(', ');
    return words.value(fact, value);
  };
  const describe = (node: unknown, nested: boolean): string => {
    if (isComparison(node)) {
      const fact = node.fact as string;
      return `${words.fact(fact)} ${words.operator(String(node.operator ?? ''))} ${operand(fact, node.value)}`;
    }
    if (!isObject(node)) return '?';
    if ('not' in node) return `${words.not} (${describe(node.not, false)})`;
    const key = Array.isArray(node.all) ? 'all' : Array.isArray(node.any) ? 'any' : null;
    if (!key) return '?';
    const parts = (node[key] as unknown[]).map((child) => describe(child, true));
    const joined = parts.join(` ${key === 'all' ? words.all : words.any} `);
    return nested && parts.length > 1 ? `(${joined})` : joined;
  };
  return describe(conditions, false);
}
