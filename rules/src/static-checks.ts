/**
 * Static checks that warn without failing: they read rule conditions as intervals per fact, which covers
 * the comparisons policies are written with (thresholds, bands, code lists). Conditions they cannot read
 * (any, not, fact-to-fact comparisons) are left alone rather than guessed at.
 */
import { jsonPath, type PolicyProblem } from './errors.js';
import {
  type Condition,
  type FactCondition,
  isFactCondition,
  type PolicyDocument,
  type PolicyRule,
} from './policy-document.js';

type Primitive = number | string | boolean;

interface Constraint {
  lo: number;
  loIncl: boolean;
  hi: number;
  hiIncl: boolean;
  only?: Primitive[];
  not: Primitive[];
}

interface Literal {
  fact: string;
  operator: FactCondition['operator'];
  value: Primitive | Primitive[];
}

/** The rule's conditions as a conjunction of literal comparisons, or undefined when it is not one. */
function conjunction(rule: PolicyRule, parameters: Record<string, number>): Literal[] | undefined {
  const out: Literal[] = [];
  // an explicit stack, in document order: nested `all` groups flatten into one conjunction
  const stack: Condition[] = [rule.conditions as Condition];
  while (stack.length > 0) {
    const condition = stack.pop() as Condition;
    if ('all' in condition) {
      for (let index = condition.all.length - 1; index >= 0; index -= 1) stack.push(condition.all[index]);
      continue;
    }
    if (!isFactCondition(condition)) return undefined;
    let value = condition.value as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const param = (value as { param?: string }).param;
      if (param === undefined || !Object.hasOwn(parameters, param)) return undefined;
      value = parameters[param];
    }
    out.push({ fact: condition.fact, operator: condition.operator, value: value as Literal['value'] });
  }
  return out;
}

function constrain(literals: Literal[]): Map<string, Constraint> {
  const map = new Map<string, Constraint>();
  for (const { fact, operator, value } of literals) {
    const c = map.get(fact) ?? { lo: -Infinity, loIncl: false, hi: Infinity, hiIncl: false, not: [] };
    map.set(fact, c);
    const v = value as number;
    switch (operator) {
      case 'greaterThan':
      case 'greaterThanInclusive': {
        const incl = operator === 'greaterThanInclusive';
        if (v > c.lo || (v === c.lo && !incl)) Object.assign(c, { lo: v, loIncl: incl });
        break;
      }
      case 'lessThan':
      case 'lessThanInclusive': {
        const incl = operator === 'lessThanInclusive';
        if (v < c.hi || (v === c.hi && !incl)) Object.assign(c, { hi: v, hiIncl: incl });
        break;
      }
      case 'equal':
        c.only = (c.only ?? [value as Primitive]).filter((item) => item === value);
        break;
      case 'in':
        c.only = (c.only ?? (value as Primitive[])).filter((item) => (value as Primitive[]).includes(item));
        break;
      case 'notEqual':
        c.not.push(value as Primitive);
        break;
      case 'notIn':
        c.not.push(...(value as Primitive[]));
        break;
    }
  }
  return map;
}

function inRange(c: Constraint, value: Primitive): boolean {
  if (c.not.includes(value)) return false;
  if (typeof value !== 'number') return c.lo === -Infinity && c.hi === Infinity;
  const aboveLo = value > c.lo || (value === c.lo && c.loIncl);
  const belowHi = value < c.hi || (value === c.hi && c.hiIncl);
  return aboveLo && belowHi;
}

function satisfiable(c: Constraint): boolean {
  if (c.only) return c.only.some((value) => inRange(c, value));
  if (c.lo < c.hi) return true;
  return c.lo === c.hi && c.loIncl && c.hiIncl && !c.not.includes(c.lo);
}

/** Does every value allowed by `c` satisfy the literal? */
function implies(c: Constraint | undefined, literal: Literal): boolean {
  if (!c) return false;
  const values = c.only?.filter((value) => inRange(c, value));
  const all = (test: (value: Primitive) => boolean) => values?.every(test) === true;
  const v = literal.value;
  switch (literal.operator) {
    case 'greaterThan':
      return all((x) => (x as number) > (v as number)) || c.lo > (v as number) || (c.lo === v && !c.loIncl);
    case 'greaterThanInclusive':
      return all((x) => (x as number) >= (v as number)) || c.lo >= (v as number);
    case 'lessThan':
      return all((x) => (x as number) < (v as number)) || c.hi < (v as number) || (c.hi === v && !c.hiIncl);
    case 'lessThanInclusive':
      return all((x) => (x as number) <= (v as number)) || c.hi <= (v as number);
    case 'equal':
      return all((x) => x === v) || (c.lo === v && c.hi === v && c.loIncl && c.hiIncl);
    case 'in':
      return all((x) => (v as Primitive[]).includes(x));
    case 'notEqual':
      return (
        all((x) => x !== v) || !inRange({ ...c, not: [] }, v as Primitive) || c.not.includes(v as Primitive)
      );
    case 'notIn':
      return (v as Primitive[]).every((item) =>
        implies(c, { fact: literal.fact, operator: 'notEqual', value: item }),
      );
  }
}

/** First-wins events: only the highest-priority firing rule of these types has any effect. */
const FIRST_WINS = new Set(['tier', 'set']);

export function staticChecks(document: PolicyDocument): PolicyProblem[] {
  const warnings: PolicyProblem[] = [];
  const parameters = document.parameters ?? {};
  const analysed = document.rules.map((rule, index) => {
    const literals = conjunction(rule, parameters);
    const constraints = literals && constrain(literals);
    const possible = !constraints || [...constraints.values()].every(satisfiable);
    if (!possible) {
      warnings.push({
        code: 'UNSATISFIABLE_CONDITIONS',
        path: jsonPath(jsonPath('$.rules', index), 'conditions'),
        message: `rule '${rule.name}' can never fire: its conditions contradict each other`,
        severity: 'warning',
      });
    }
    return { rule, index, literals, constraints, possible, priority: rule.priority ?? 1 };
  });

  const shadowed = new Set<number>();
  for (const b of analysed) {
    if (!b.possible || !b.constraints) continue;
    const shadow = analysed.find((a) => {
      if (a === b || !a.literals || !a.possible) return false;
      const sameFirstWins =
        FIRST_WINS.has(b.rule.event.type) &&
        a.rule.event.type === b.rule.event.type &&
        (a.priority > b.priority || (a.priority === b.priority && a.index < b.index));
      const declineOverRefer =
        document.kind === 'ADMISSION' && a.rule.event.type === 'decline' && b.rule.event.type === 'refer';
      return (
        (sameFirstWins || declineOverRefer) &&
        a.literals.every((literal) => implies(b.constraints?.get(literal.fact), literal))
      );
    });
    if (shadow) {
      shadowed.add(b.index);
      warnings.push({
        code: 'SHADOWED_RULE',
        path: jsonPath('$.rules', b.index),
        message: `rule '${b.rule.name}' never changes the outcome: whenever it fires, '${shadow.rule.name}' fires and wins`,
        severity: 'warning',
      });
    }
  }

  if (document.kind === 'PRICING' && document.pricing) {
    const reached = new Set<string>();
    if (document.pricing.fallbackTier) reached.add(document.pricing.fallbackTier);
    for (const a of analysed) {
      const tier = a.rule.event.type === 'tier' ? a.rule.event.params?.tier : undefined;
      if (tier && a.possible && !shadowed.has(a.index)) reached.add(tier);
    }
    for (const tier of Object.keys(document.pricing.tiers)) {
      if (!reached.has(tier)) {
        warnings.push({
          code: 'UNREACHABLE_TIER',
          path: jsonPath('$.pricing.tiers', tier),
          message: `no rule can assign tier '${tier}' and it is not the fallback tier`,
          severity: 'warning',
        });
      }
    }
  }
  return warnings;
}
