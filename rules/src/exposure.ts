/**
 * Exposure budgets: how fast new lending may grow. An EXPOSURE policy names budgets, each over a calendar
 * window (a day or a month in the document's time zone), measuring either new exposure (the limit increases
 * granted, in fen) or approvals (a count), for all decisions or a segment of them (a condition over the
 * decision's facts and outputs), capped by an amount or by a share of the window's total. A decision that
 * would exceed a budget is referred, declined, or shrunk to what is left.
 *
 * Pure: the counters (how much each budget used in its window) come in as a map and what to add to them
 * comes out; the API keeps them in the decide transaction, a backtest in memory. So one function decides
 * what a budget allows wherever it runs.
 */
import { jsonPath, PolicyError, type PolicyProblem } from './errors.js';
import type { TopLevelCondition } from './policy-document.js';
import { compileRule, type RunnableRule } from './rule-runner.js';

export type BudgetWindow = 'DAY' | 'MONTH';
export type BudgetMeasure = 'NEW_EXPOSURE' | 'APPROVALS';
export type BudgetAction = 'REFER' | 'DECLINE' | 'SHRINK';

export const BUDGET_WINDOWS: readonly BudgetWindow[] = Object.freeze(['DAY', 'MONTH']);
export const BUDGET_MEASURES: readonly BudgetMeasure[] = Object.freeze(['NEW_EXPOSURE', 'APPROVALS']);
export const BUDGET_ACTIONS: readonly BudgetAction[] = Object.freeze(['REFER', 'DECLINE', 'SHRINK']);
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const MAX_BUDGETS = 100;
/** The reason a decision stopped or shrunk by a budget reports, with the budget's name beside it. */
export const EXPOSURE_REASON = 'EXPOSURE_BUDGET';

export interface ExposureBudget {
  name: string;
  description?: string;
  window: BudgetWindow;
  measure: BudgetMeasure;
  /** Only decisions matching it count and are held to it; absent: every decision. */
  segment?: TopLevelCondition;
  /** CNY with at most two decimals for NEW_EXPOSURE, a whole count for APPROVALS. */
  amount?: number;
  /** Of the window's total of the same measure over all decisions, above 0 and below 1; needs a segment. */
  share?: number;
  /**
   * With a share: what the segment may reach however small the window's total still is (CNY or a count),
   * so the first decisions of a window are not held to a share of almost nothing. Default 0.
   */
  floor?: number;
  onExceed: BudgetAction;
  /** Whether a limit cut gives room back to this budget (in the window the cut falls in). */
  releaseOnCut?: boolean;
}

export interface ExposureSection {
  /** IANA time zone the windows follow; default Asia/Shanghai. */
  timeZone?: string;
  budgets: ExposureBudget[];
}

interface CompiledBudget {
  name: string;
  window: BudgetWindow;
  measure: BudgetMeasure;
  /** Fen or count. */
  amount: number | null;
  /** Basis points of the window's total, for exact integer comparison. */
  shareBps: number | null;
  /** Fen or count: the share budget's cap is never below it. */
  floor: number;
  onExceed: BudgetAction;
  releaseOnCut: boolean;
  segment: RunnableRule | null;
}

export interface CompiledExposure {
  readonly timeZone: string;
  readonly budgets: readonly CompiledBudget[];
}

/** One counter a decision reads and adds to: a budget's use in a window, or a window's total. */
export interface ExposureItem {
  budget: string;
  /** `DAY:2026-12-03`, `MONTH:2026-12`. */
  window: string;
  key: string;
  measure: BudgetMeasure;
}

export interface ExposureDemand {
  /** Every counter to read (and lock) before settling, in a fixed order. */
  keys: string[];
  /** New exposure asked for, in fen (the limit increase; 0 when the limit does not grow). */
  increaseFen: number;
  items: { item: ExposureItem; budget: CompiledBudget; totalKey: string | null }[];
  totals: { key: string; measure: BudgetMeasure }[];
}

export interface BudgetUse {
  budget: string;
  window: string;
  measure: BudgetMeasure;
  /** What this decision added (fen or count). */
  added: number;
  /** Used after this decision. */
  used: number;
  /** The cap in the same unit, when the budget has an absolute amount. */
  limit: number | null;
  /** What is left under the cap after this decision (null for a share budget). */
  left: number | null;
}

export type ExposureVerdict =
  | { outcome: 'FIT'; increaseFen: number }
  | { outcome: 'SHRINK'; increaseFen: number; budget: string }
  | { outcome: 'REFER' | 'DECLINE'; increaseFen: 0; budget: string };

export interface ExposureSettlement {
  verdict: ExposureVerdict;
  /** The budgets this decision consumed, and how much each has left. */
  uses: BudgetUse[];
  /** What to add to each counter (only when the decision goes ahead). */
  deltas: Map<string, number>;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** A zone's calendar date by UTC minute: every window boundary of every zone falls on a whole minute. */
const datesByMinute = new Map<string, { minute: number; month: string; day: string }>();

/** The window an instant falls in, in the zone's calendar: `DAY:2026-12-03` or `MONTH:2026-12`. */
export function windowOf(window: BudgetWindow, timeZone: string, at: Date): string {
  const minute = Math.floor(at.getTime() / 60_000);
  let date = datesByMinute.get(timeZone);
  if (date?.minute !== minute) {
    const parts = formatter(timeZone).formatToParts(at);
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    const month = `${part('year')}-${part('month')}`;
    date = { minute, month, day: `${month}-${part('day')}` };
    datesByMinute.set(timeZone, date);
  }
  return window === 'DAY' ? `DAY:${date.day}` : `MONTH:${date.month}`;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every problem of an `exposure` section at once, with paths. The segment conditions' facts are checked
 * by the caller (validate.ts), which knows the document's symbols; here their shape is checked by
 * compiling them.
 */
export function validateExposureSection(section: unknown, path = '$.exposure'): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const error = (code: string, at: string, message: string) =>
    problems.push({ code, path: at, message, severity: 'error' });
  if (!isObject(section)) {
    error('MISSING_SECTION', path, 'an EXPOSURE policy needs an exposure section: { timeZone?, budgets }');
    return problems;
  }
  if (
    section.timeZone !== undefined &&
    (typeof section.timeZone !== 'string' || !isTimeZone(section.timeZone))
  ) {
    error(
      'INVALID_TIME_ZONE',
      jsonPath(path, 'timeZone'),
      'timeZone must be an IANA time zone such as Asia/Shanghai',
    );
  }
  const budgets = section.budgets;
  const budgetsPath = jsonPath(path, 'budgets');
  if (!Array.isArray(budgets) || budgets.length === 0) {
    error('MISSING_FIELD', budgetsPath, 'budgets must be a non-empty list');
    return problems;
  }
  if (budgets.length > MAX_BUDGETS) {
    error('TOO_MANY_BUDGETS', budgetsPath, `a policy may have at most ${MAX_BUDGETS} budgets`);
  }
  const names = new Set<string>();
  budgets.forEach((budget, index) => {
    const at = jsonPath(budgetsPath, index);
    if (!isObject(budget)) {
      error('INVALID_TYPE', at, 'a budget must be an object');
      return;
    }
    if (typeof budget.name !== 'string' || !NAME.test(budget.name)) {
      error(
        'INVALID_NAME',
        jsonPath(at, 'name'),
        'name must be letters, digits, - or _, at most 64, starting with a letter',
      );
    } else if (names.has(budget.name)) {
      error('DUPLICATE_NAME', jsonPath(at, 'name'), `two budgets are named ${budget.name}`);
    } else names.add(budget.name);
    if (!BUDGET_WINDOWS.includes(budget.window as BudgetWindow)) {
      error('INVALID_VALUE', jsonPath(at, 'window'), `window must be one of ${BUDGET_WINDOWS.join(', ')}`);
    }
    const measure = budget.measure as BudgetMeasure;
    if (!BUDGET_MEASURES.includes(measure)) {
      error('INVALID_VALUE', jsonPath(at, 'measure'), `measure must be one of ${BUDGET_MEASURES.join(', ')}`);
    }
    if (!BUDGET_ACTIONS.includes(budget.onExceed as BudgetAction)) {
      error(
        'INVALID_VALUE',
        jsonPath(at, 'onExceed'),
        `onExceed must be one of ${BUDGET_ACTIONS.join(', ')}`,
      );
    } else if (budget.onExceed === 'SHRINK' && measure === 'APPROVALS') {
      error(
        'INVALID_VALUE',
        jsonPath(at, 'onExceed'),
        'a count of approvals cannot be shrunk: REFER or DECLINE',
      );
    }
    const hasAmount = budget.amount !== undefined;
    const hasShare = budget.share !== undefined;
    if (hasAmount === hasShare) {
      error('INVALID_BUDGET', at, 'give exactly one of amount and share');
    } else if (hasAmount) {
      const amount = budget.amount;
      const valid =
        typeof amount === 'number' &&
        Number.isFinite(amount) &&
        amount > 0 &&
        amount <= 1e12 &&
        (measure === 'APPROVALS'
          ? Number.isInteger(amount)
          : Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6);
      if (!valid) {
        error(
          'VALUE_OUT_OF_RANGE',
          jsonPath(at, 'amount'),
          measure === 'APPROVALS'
            ? 'amount must be a whole number of approvals above 0'
            : 'amount must be CNY above 0 with at most two decimals, at most 1,000,000,000,000',
        );
      }
    } else if (!(typeof budget.share === 'number' && budget.share > 0 && budget.share < 1)) {
      error('VALUE_OUT_OF_RANGE', jsonPath(at, 'share'), 'share must be above 0 and below 1');
    } else if (budget.segment === undefined) {
      error(
        'SHARE_WITHOUT_SEGMENT',
        jsonPath(at, 'share'),
        'a share of all decisions is all of them: give a segment',
      );
    } else if (Math.abs(budget.share * 10_000 - Math.round(budget.share * 10_000)) > 1e-6) {
      error('VALUE_OUT_OF_RANGE', jsonPath(at, 'share'), 'share has at most four decimals (a basis point)');
    }
    if (budget.floor !== undefined) {
      const floor = budget.floor;
      if (!hasShare) error('INVALID_BUDGET', jsonPath(at, 'floor'), 'floor goes with share');
      else if (
        !(typeof floor === 'number' && Number.isFinite(floor) && floor >= 0 && floor <= 1e12) ||
        (measure === 'APPROVALS'
          ? !Number.isInteger(floor)
          : Math.abs(floor * 100 - Math.round(floor * 100)) >= 1e-6)
      ) {
        error('VALUE_OUT_OF_RANGE', jsonPath(at, 'floor'), "floor must be at least 0, in the measure's unit");
      }
    }
    if (budget.releaseOnCut !== undefined && typeof budget.releaseOnCut !== 'boolean') {
      error('INVALID_TYPE', jsonPath(at, 'releaseOnCut'), 'releaseOnCut must be true or false');
    }
    if (budget.segment !== undefined) {
      try {
        compileSegment(budget.name as string, budget.segment, jsonPath(at, 'segment'));
      } catch (failure) {
        if (!(failure instanceof PolicyError)) throw failure;
        error('INVALID_CONDITION', failure.path ?? jsonPath(at, 'segment'), failure.message);
      }
    }
  });
  return problems;
}

function compileSegment(name: string, segment: unknown, at: string): RunnableRule {
  const rule = compileRule(
    { name, conditions: segment as never, event: { type: 'segment' } },
    at.replace(/\.segment$/, ''),
  );
  return rule;
}

export function compileExposure(section: ExposureSection): CompiledExposure {
  const problems = validateExposureSection(section);
  if (problems.length > 0) {
    throw new PolicyError(
      'POLICY_INVALID',
      `exposure is invalid: ${problems[0].path}: ${problems[0].message}`,
      {
        problems,
      },
    );
  }
  return {
    timeZone: section.timeZone ?? DEFAULT_TIME_ZONE,
    budgets: section.budgets.map((budget) => ({
      name: budget.name,
      window: budget.window,
      measure: budget.measure,
      amount:
        budget.amount === undefined
          ? null
          : budget.measure === 'APPROVALS'
            ? budget.amount
            : Math.round(budget.amount * 100),
      shareBps: budget.share === undefined ? null : Math.round(budget.share * 10_000),
      floor: budget.measure === 'APPROVALS' ? (budget.floor ?? 0) : Math.round((budget.floor ?? 0) * 100),
      onExceed: budget.onExceed,
      releaseOnCut: budget.releaseOnCut ?? false,
      segment: budget.segment ? compileSegment(budget.name, budget.segment, '$.exposure') : null,
    })),
  };
}

const totalKey = (measure: BudgetMeasure, window: string) => `#${measure}|${window}`;
const budgetKey = (name: string, window: string) => `${name}|${window}`;

/** What a decision at `at` asks of the budgets: its facts and outputs, or which segments they put it in. */
export type ExposureRequest = { at: Date; increaseFen: number } & (
  | { facts: Record<string, unknown> }
  | { members: string }
);

/**
 * Which budgets' segments a decision is in, one character per budget (`1` in, `0` out): what a backtest
 * keeps of a case for the budget pass that runs after its chunks, instead of all its facts.
 */
export function segmentMembers(compiled: CompiledExposure, facts: Record<string, unknown>): string {
  return compiled.budgets
    .map((budget) => (!budget.segment || budget.segment.evaluate(facts).result ? '1' : '0'))
    .join('');
}

/**
 * What a decision at `at` would draw on: the budgets whose segment it is in, and the window totals that
 * share budgets compare with. `facts` are the decision's facts and outputs (riskTier, aprBps...).
 */
export function exposureDemand(compiled: CompiledExposure, request: ExposureRequest): ExposureDemand {
  const items: ExposureDemand['items'] = [];
  const totals = new Map<string, BudgetMeasure>();
  const members = 'members' in request ? request.members : segmentMembers(compiled, request.facts);
  for (const [index, budget] of compiled.budgets.entries()) {
    const window = windowOf(budget.window, compiled.timeZone, request.at);
    // every approval counts in its window's totals, so a share budget compares with all of them
    if (budget.shareBps !== null) totals.set(totalKey(budget.measure, window), budget.measure);
    if (members[index] !== '1') continue;
    const item: ExposureItem = {
      budget: budget.name,
      window,
      key: budgetKey(budget.name, window),
      measure: budget.measure,
    };
    items.push({
      item,
      budget,
      totalKey: budget.shareBps === null ? null : totalKey(budget.measure, window),
    });
  }
  const keys = [...new Set([...items.map(({ item }) => item.key), ...totals.keys()])].sort();
  return {
    keys,
    increaseFen: request.increaseFen,
    items,
    totals: [...totals].map(([key, measure]) => ({ key, measure })),
  };
}

const units = (measure: BudgetMeasure, increaseFen: number) => (measure === 'APPROVALS' ? 1 : increaseFen);

/** Whether adding `x` keeps the budget within its cap, given the counters. Exact: integers only. */
function fits(budget: CompiledBudget, used: number, total: number, x: number): boolean {
  if (x === 0) return true;
  if (budget.amount !== null) return used + x <= budget.amount;
  if (used + x <= budget.floor) return true;
  const bps = BigInt(budget.shareBps ?? 10_000);
  return BigInt(used + x) * 10_000n <= bps * BigInt(total + x);
}

/** The largest new exposure (fen) the budget still allows. */
function room(budget: CompiledBudget, used: number, total: number): number {
  if (budget.amount !== null) return Math.max(0, budget.amount - used);
  const bps = budget.shareBps ?? 10_000;
  // used + x <= s (total + x)  <=>  x <= (s total - used) / (1 - s), in basis points
  const allowed = (BigInt(bps) * BigInt(total) - BigInt(used) * 10_000n) / BigInt(10_000 - bps);
  return Math.max(0, budget.floor - used, Number(allowed));
}

const SEVERITY: Record<BudgetAction, number> = { SHRINK: 1, REFER: 2, DECLINE: 3 };

/**
 * What the budgets allow this decision, given what each counter holds now: go ahead, shrink the increase to
 * what is left (rounded down to `stepFen`), refer or decline. The most severe action of the budgets
 * exceeded wins; a shrink that leaves nothing refers.
 */
export function settleExposure(
  demand: ExposureDemand,
  usage: ReadonlyMap<string, number>,
  options: { stepFen: number },
): ExposureSettlement {
  const read = (key: string | null) => (key === null ? 0 : (usage.get(key) ?? 0));
  // First what the shrinking budgets leave, then every budget against that figure.
  let increase = demand.increaseFen;
  let shrunkBy: string | null = null;
  for (const { item, budget, totalKey } of demand.items) {
    if (budget.onExceed !== 'SHRINK' || fits(budget, read(item.key), read(totalKey), increase)) continue;
    const left = Math.floor(room(budget, read(item.key), read(totalKey)) / options.stepFen) * options.stepFen;
    if (left < increase) {
      increase = left;
      shrunkBy = budget.name;
    }
  }
  let worst: { action: 'REFER' | 'DECLINE'; budget: string } | null =
    shrunkBy !== null && increase <= 0 ? { action: 'REFER', budget: shrunkBy } : null;
  for (const { item, budget, totalKey } of demand.items) {
    if (fits(budget, read(item.key), read(totalKey), units(budget.measure, increase))) continue;
    const action = budget.onExceed === 'DECLINE' ? 'DECLINE' : 'REFER';
    if (!worst || SEVERITY[action] > SEVERITY[worst.action]) worst = { action, budget: budget.name };
  }
  if (worst) {
    return {
      verdict: { outcome: worst.action, increaseFen: 0, budget: worst.budget },
      uses: [],
      deltas: new Map(),
    };
  }
  const deltas = new Map<string, number>();
  const add = (key: string, amount: number) => {
    if (amount !== 0) deltas.set(key, (deltas.get(key) ?? 0) + amount);
  };
  for (const total of demand.totals) add(total.key, units(total.measure, increase));
  const uses: BudgetUse[] = demand.items.map(({ item, budget }) => {
    const added = units(budget.measure, increase);
    add(item.key, added);
    const used = read(item.key) + added;
    return {
      budget: item.budget,
      window: item.window,
      measure: item.measure,
      added,
      used,
      limit: budget.amount,
      left: budget.amount === null ? null : budget.amount - used,
    };
  });
  const verdict: ExposureVerdict =
    shrunkBy === null
      ? { outcome: 'FIT', increaseFen: increase }
      : { outcome: 'SHRINK', increaseFen: increase, budget: shrunkBy };
  return { verdict, uses, deltas };
}

/**
 * Room a limit cut gives back: to each budget that says so (and whose segment the line's facts are in),
 * and to the window totals, in the window the cut falls in. Counters never go below zero.
 */
export function releaseDeltas(
  compiled: CompiledExposure,
  request: { at: Date; facts: Record<string, unknown>; cutFen: number },
): Map<string, number> {
  const deltas = new Map<string, number>();
  for (const budget of compiled.budgets) {
    if (!budget.releaseOnCut || budget.measure !== 'NEW_EXPOSURE') continue;
    if (budget.segment && !budget.segment.evaluate(request.facts).result) continue;
    const window = windowOf(budget.window, compiled.timeZone, request.at);
    deltas.set(budgetKey(budget.name, window), -request.cutFen);
    if (budget.shareBps !== null) deltas.set(totalKey(budget.measure, window), -request.cutFen);
  }
  return deltas;
}

/** A backtest's counters: budgets applied in time order to a sequence of cases, in memory. */
export class ExposureLedger {
  readonly counters = new Map<string, number>();

  constructor(private readonly compiled: CompiledExposure) {}

  apply(request: ExposureRequest, options: { stepFen: number }): ExposureSettlement {
    const settlement = settleExposure(exposureDemand(this.compiled, request), this.counters, options);
    for (const [key, delta] of settlement.deltas) {
      this.counters.set(key, Math.max(0, (this.counters.get(key) ?? 0) + delta));
    }
    return settlement;
  }
}
