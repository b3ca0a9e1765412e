// The trace is produced by rules/ (StageTrace in rules/src/evaluate.ts) and may grow new parts: everything
// here is read defensively, so that the view can show what it does not recognise as JSON rather than drop it.

import { isObject, type JsonObject } from '../json';

export interface Stage {
  name: string;
  body: unknown;
}

function stageName(value: unknown, fallback: string): string {
  if (!isObject(value)) return fallback;
  const name = value.kind ?? value.stage ?? value.name;
  return typeof name === 'string' ? name : fallback;
}

/** Accepts an array of stages, `{ stages: [...] }`, an object keyed by stage name, or a single stage. */
export function traceStages(trace: unknown): Stage[] | null {
  const list = isObject(trace) && Array.isArray(trace.stages) ? trace.stages : trace;
  if (Array.isArray(list))
    return list.map((body, index) => ({ name: stageName(body, `#${index + 1}`), body }));
  if (!isObject(trace)) return null;
  if (Array.isArray(trace.rules)) return [{ name: stageName(trace, '#1'), body: trace }];
  const values = Object.values(trace);
  if (values.length > 0 && values.every(isObject)) {
    return Object.entries(trace).map(([name, body]) => ({ name, body }));
  }
  return null;
}

export function ruleFired(rule: JsonObject): boolean | undefined {
  if (typeof rule.fired === 'boolean') return rule.fired;
  if (typeof rule.result === 'boolean') return rule.result;
  return undefined;
}

export interface ConditionRow {
  depth: number;
  group?: 'all' | 'any' | 'not';
  fact?: string;
  /** The fact's value in this evaluation. */
  actual?: unknown;
  operator?: string;
  /** What the fact was compared with (the rule's value, resolved). */
  compared?: unknown;
  result?: boolean;
  raw?: unknown;
}

/** Flattens a condition tree (all / any / not around fact leaves) into indented rows. */
export function conditionRows(condition: unknown, depth = 0): ConditionRow[] {
  if (!isObject(condition)) return [{ depth, raw: condition }];
  const result = typeof condition.result === 'boolean' ? condition.result : undefined;
  for (const group of ['all', 'any'] as const) {
    const children = condition[group];
    if (Array.isArray(children)) {
      return [{ depth, group, result }, ...children.flatMap((child) => conditionRows(child, depth + 1))];
    }
  }
  if ('not' in condition)
    return [{ depth, group: 'not', result }, ...conditionRows(condition.not, depth + 1)];
  if (typeof condition.fact !== 'string') return [{ depth, raw: condition }];
  const fact = typeof condition.path === 'string' ? `${condition.fact}${condition.path}` : condition.fact;
  const operator = String(condition.operator ?? '');
  // rules/ records { value: the fact's value, compared: the operand }; raw json-rules-engine results
  // carry { factResult, value, valueResult } instead.
  if ('compared' in condition) {
    return [{ depth, fact, actual: condition.value, operator, compared: condition.compared, result }];
  }
  const compared = condition.valueResult ?? condition.value;
  return [{ depth, fact, actual: condition.factResult, operator, compared, result }];
}

/** A scorecard as it scored one case (rules' ScorecardTrace), with the stage that ran it. */
export interface ScoredCard {
  stage: string;
  name: string;
  score: number;
  badProbability: number;
  missingCount: number;
  points: {
    characteristic: string;
    reasonCode: string;
    value: unknown;
    bin: string;
    points: number;
    pointsBelowBest: number;
  }[];
  reasons: { code: string; characteristic: string; pointsBelowBest: number }[];
}

const isScoredCard = (value: unknown): value is Omit<ScoredCard, 'stage'> =>
  isObject(value) &&
  typeof value.name === 'string' &&
  typeof value.score === 'number' &&
  Array.isArray(value.points) &&
  Array.isArray(value.reasons);

/** Every scorecard a trace scored, stage by stage: the points behind each score. */
export function scorecardsOf(trace: unknown): ScoredCard[] {
  return (traceStages(trace) ?? []).flatMap((stage) => {
    const cards = isObject(stage.body) ? stage.body.scorecards : undefined;
    return Array.isArray(cards)
      ? cards.filter(isScoredCard).map((card) => ({ ...card, stage: stage.name }))
      : [];
  });
}
