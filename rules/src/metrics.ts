/**
 * Backtest metrics: baseline vs candidate decisions over the same cases, with observed outcomes where the
 * history has them. An accumulator, so a backtest over millions of cases streams pairs through `add` and
 * never holds them; worker chunks combine with `merge`, which is associative and commutative (every figure
 * is a sum), and `state()` is plain JSON so a chunk can cross a process boundary.
 *
 * Counting conventions:
 * - "Approved" means outcome APPROVE. A REFER is not a grant: no money moves until a person approves, so
 *   it counts with DECLINE on the approve/not-approve axis that swap-in and swap-out are measured on. The
 *   full 3x3 outcome matrix is kept as well, so moves between DECLINE and REFER stay visible.
 * - Limits, overflow, APR and tiers are taken over approved cases only: they describe what was granted.
 * - Money is summed exactly in integer fen (CNY minor units) as BigInt: limits are whole CNY from policies,
 *   but a figure with up to two decimals is accepted and anything finer is rejected, never rounded away.
 *   Totals and averages are reported as decimal strings with two decimals (averages rounded half up).
 * - Bad rates divide defaults by cases whose outcome is known; cases without one are counted as unknown.
 * - PSI over tier shares: sum of (candidate - baseline) * ln(candidate / baseline); an empty bin's share
 *   is replaced by PSI_EMPTY_BIN_SHARE (0.0001), the usual convention, so a tier on one side only adds a
 *   large but finite term instead of an infinite one.
 */
import { PolicyError } from './errors.js';
import type { Outcome } from './policy-document.js';

export const PSI_EMPTY_BIN_SHARE = 0.0001;

const OUTCOMES: readonly Outcome[] = ['APPROVE', 'DECLINE', 'REFER'];

export interface CaseOutcome {
  outcome: Outcome;
  approvedLimit: number | null;
  affordableLimit: number | null;
  overflow: boolean;
  aprBps: number | null;
  riskTier: string | null;
  firedRules: string[];
}

export interface BacktestPair {
  caseId: string;
  /** Observed default; null or absent when the history does not know the outcome. */
  observedDefault?: boolean | null;
  baseline: CaseOutcome;
  candidate: CaseOutcome;
}

export type ChangeKind =
  | 'swap-in'
  | 'swap-out'
  | 'referral-change'
  | 'limit-up'
  | 'limit-down'
  | 'price-change'
  | 'rules-change'
  | 'unchanged';

/** Counts of one group of cases with what is known about their outcomes. */
export interface OutcomeCell {
  count: number;
  /** Cases with an observed outcome. */
  known: number;
  /** Cases without one: never dropped, reported here. */
  unknown: number;
  defaults: number;
  /** defaults / known; null when no outcome is known. */
  badRate: number | null;
}

export interface SideMetrics {
  cases: number;
  outcomes: Record<Outcome, number>;
  approvalRate: number | null;
  /** Among approved cases. */
  approved: OutcomeCell;
  limits: {
    /** Decimal strings, exact: CNY with two decimals. */
    totalGranted: string;
    averageGranted: string | null;
    /** Sum over approved cases of the limit above the affordable limit. */
    overflowExposure: string;
    overflowCases: number;
  };
  pricing: {
    pricedCases: number;
    averageAprBps: number | null;
    tiers: Record<string, number>;
  };
  /** Cases in which each rule fired (a rule counts once per case). */
  ruleHits: Record<string, number>;
}

export interface BacktestMetrics {
  cases: number;
  knownOutcomes: number;
  baseline: SideMetrics;
  candidate: SideMetrics;
  swaps: {
    /** Not approved by the baseline, approved by the candidate. */
    swapIn: OutcomeCell;
    /** Approved by the baseline, not by the candidate. */
    swapOut: OutcomeCell;
    /** Same side of the approve axis on both (DECLINE <-> REFER moves included: see referralChanges). */
    unchanged: OutcomeCell;
    /** DECLINE <-> REFER: not approved on either side, but a different outcome. */
    referralChanges: number;
    /** from baseline outcome -> to candidate outcome. */
    matrix: Record<Outcome, Record<Outcome, OutcomeCell>>;
  };
  /** Change kinds as classifyChange names them. */
  changes: Record<ChangeKind, number>;
  /** Population stability of the approved tier distribution; null when a side priced nothing. */
  tierPsi: number | null;
  psiEmptyBinShare: number;
}

interface CellState {
  count: number;
  known: number;
  defaults: number;
}

/** One side's sums; money in fen, as BigInt while accumulating and as a decimal string in `state()`. */
interface SideState<Money = string> {
  outcomes: Record<Outcome, CellState>;
  grantedFen: Money;
  grantedCases: number;
  overflowExposureFen: Money;
  overflowCases: number;
  aprBpsSum: number;
  pricedCases: number;
  tiers: Record<string, number>;
  ruleHits: Record<string, number>;
}

/** The accumulator's whole state as plain JSON (BigInt sums as decimal strings). */
export interface MetricsState<Money = string> {
  version: 1;
  baseline: SideState<Money>;
  candidate: SideState<Money>;
  matrix: Record<Outcome, Record<Outcome, CellState>>;
  changes: Record<ChangeKind, number>;
}

export interface MetricsAccumulator {
  add(pair: BacktestPair): void;
  /** Folds another chunk in (an accumulator or its state); `other` is left unchanged. */
  merge(other: MetricsAccumulator | MetricsState): void;
  state(): MetricsState;
  result(): BacktestMetrics;
}

const CHANGE_KINDS: readonly ChangeKind[] = [
  'swap-in',
  'swap-out',
  'referral-change',
  'limit-up',
  'limit-down',
  'price-change',
  'rules-change',
  'unchanged',
];

function emptyCell(): CellState {
  return { count: 0, known: 0, defaults: 0 };
}

/** A count per name with no prototype, so a rule or tier named `__proto__` is just another key. */
function counts(from: Record<string, number> = {}): Record<string, number> {
  return Object.assign(Object.create(null) as Record<string, number>, from);
}

function emptySide(): SideState<bigint> {
  return {
    outcomes: { APPROVE: emptyCell(), DECLINE: emptyCell(), REFER: emptyCell() },
    grantedFen: 0n,
    grantedCases: 0,
    overflowExposureFen: 0n,
    overflowCases: 0,
    aprBpsSum: 0,
    pricedCases: 0,
    tiers: counts(),
    ruleHits: counts(),
  };
}

function emptyState(): MetricsState<bigint> {
  const row = () => ({ APPROVE: emptyCell(), DECLINE: emptyCell(), REFER: emptyCell() });
  return {
    version: 1,
    baseline: emptySide(),
    candidate: emptySide(),
    matrix: { APPROVE: row(), DECLINE: row(), REFER: row() },
    changes: Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, 0])) as Record<ChangeKind, number>,
  };
}

function invalid(path: string, message: string): PolicyError {
  return new PolicyError('INVALID_ARGUMENT', message, { path });
}

/** Whole fen of a CNY amount; an amount finer than a fen would be silently rounded, so it is rejected. */
function toFen(amount: number, path: string): bigint {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    throw invalid(path, `${path} must be a finite, non-negative amount, got ${String(amount)}`);
  }
  const fen = Math.round(amount * 100);
  if (Math.abs(amount * 100 - fen) > 1e-6 || !Number.isSafeInteger(fen)) {
    throw invalid(path, `${path} must be CNY with at most two decimals, got ${amount}`);
  }
  return BigInt(fen);
}

function fenToDecimal(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const text = `${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** total / count in fen, rounded half up (amounts are never negative). */
function averageFen(total: bigint, count: number): bigint {
  const n = BigInt(count);
  return (total * 2n + n) / (2n * n);
}

function checkOutcome(side: CaseOutcome, path: string): void {
  if (typeof side !== 'object' || side === null) throw invalid(path, `${path} must be a case outcome`);
  if (!OUTCOMES.includes(side.outcome)) {
    throw invalid(`${path}.outcome`, `${path}.outcome must be APPROVE, DECLINE or REFER`);
  }
  for (const field of ['approvedLimit', 'affordableLimit', 'aprBps'] as const) {
    const value = side[field];
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
      throw invalid(`${path}.${field}`, `${path}.${field} must be a finite number or null`);
    }
  }
  if (side.aprBps !== null && !Number.isInteger(side.aprBps)) {
    throw invalid(`${path}.aprBps`, `${path}.aprBps must be whole basis points`);
  }
  if (typeof side.overflow !== 'boolean')
    throw invalid(`${path}.overflow`, `${path}.overflow must be a boolean`);
  if (!Array.isArray(side.firedRules) || side.firedRules.some((rule) => typeof rule !== 'string')) {
    throw invalid(`${path}.firedRules`, `${path}.firedRules must be a list of rule names`);
  }
}

function knownDefault(pair: BacktestPair): boolean | null {
  const observed = pair.observedDefault;
  if (observed === undefined || observed === null) return null;
  if (typeof observed !== 'boolean') {
    throw invalid('observedDefault', 'observedDefault must be a boolean, null or absent');
  }
  return observed;
}

function countInto(cell: CellState, observed: boolean | null): void {
  cell.count += 1;
  if (observed === null) return;
  cell.known += 1;
  if (observed) cell.defaults += 1;
}

function addSide(state: SideState<bigint>, side: CaseOutcome, observed: boolean | null, path: string): void {
  countInto(state.outcomes[side.outcome], observed);
  for (const rule of new Set(side.firedRules)) state.ruleHits[rule] = (state.ruleHits[rule] ?? 0) + 1;
  if (side.outcome !== 'APPROVE') return;
  if (side.approvedLimit !== null) {
    const granted = toFen(side.approvedLimit, `${path}.approvedLimit`);
    state.grantedFen += granted;
    state.grantedCases += 1;
    if (side.overflow) {
      state.overflowCases += 1;
      if (side.affordableLimit !== null) {
        const affordable = toFen(Math.max(side.affordableLimit, 0), `${path}.affordableLimit`);
        if (granted > affordable) {
          state.overflowExposureFen += granted - affordable;
        }
      }
    }
  }
  if (side.aprBps !== null) {
    state.aprBpsSum += side.aprBps;
    state.pricedCases += 1;
  }
  if (side.riskTier !== null) state.tiers[side.riskTier] = (state.tiers[side.riskTier] ?? 0) + 1;
}

const approved = (side: CaseOutcome) => side.outcome === 'APPROVE';

/**
 * The one kind of change a pair shows, the most consequential first: a different approve decision, then a
 * move between DECLINE and REFER, then a different limit, then a different price (APR or tier), then a
 * different set of fired rules with the same decision.
 */
export function classifyChange(baseline: CaseOutcome, candidate: CaseOutcome): ChangeKind {
  if (!approved(baseline) && approved(candidate)) return 'swap-in';
  if (approved(baseline) && !approved(candidate)) return 'swap-out';
  if (baseline.outcome !== candidate.outcome) return 'referral-change';
  const before = baseline.approvedLimit ?? 0;
  const after = candidate.approvedLimit ?? 0;
  if (after > before) return 'limit-up';
  if (after < before) return 'limit-down';
  if (baseline.aprBps !== candidate.aprBps || baseline.riskTier !== candidate.riskTier) return 'price-change';
  const fired = new Set(baseline.firedRules);
  const same =
    fired.size === new Set(candidate.firedRules).size &&
    candidate.firedRules.every((rule) => fired.has(rule));
  return same ? 'unchanged' : 'rules-change';
}

function addCell(into: CellState, from: CellState): void {
  into.count += from.count;
  into.known += from.known;
  into.defaults += from.defaults;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
}

function mergeSide(into: SideState<bigint>, from: SideState<bigint>): void {
  for (const outcome of OUTCOMES) addCell(into.outcomes[outcome], from.outcomes[outcome]);
  into.grantedFen += from.grantedFen;
  into.grantedCases += from.grantedCases;
  into.overflowExposureFen += from.overflowExposureFen;
  into.overflowCases += from.overflowCases;
  into.aprBpsSum += from.aprBpsSum;
  into.pricedCases += from.pricedCases;
  addCounts(into.tiers, from.tiers);
  addCounts(into.ruleHits, from.ruleHits);
}

function cell(state: CellState): OutcomeCell {
  return {
    count: state.count,
    known: state.known,
    unknown: state.count - state.known,
    defaults: state.defaults,
    badRate: state.known === 0 ? null : state.defaults / state.known,
  };
}

function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  );
}

function sideMetrics(side: SideState<bigint>): SideMetrics {
  const cases = OUTCOMES.reduce((sum, outcome) => sum + side.outcomes[outcome].count, 0);
  const granted = side.grantedFen;
  return {
    cases,
    outcomes: {
      APPROVE: side.outcomes.APPROVE.count,
      DECLINE: side.outcomes.DECLINE.count,
      REFER: side.outcomes.REFER.count,
    },
    approvalRate: cases === 0 ? null : side.outcomes.APPROVE.count / cases,
    approved: cell(side.outcomes.APPROVE),
    limits: {
      totalGranted: fenToDecimal(granted),
      averageGranted: side.grantedCases === 0 ? null : fenToDecimal(averageFen(granted, side.grantedCases)),
      overflowExposure: fenToDecimal(side.overflowExposureFen),
      overflowCases: side.overflowCases,
    },
    pricing: {
      pricedCases: side.pricedCases,
      averageAprBps: side.pricedCases === 0 ? null : side.aprBpsSum / side.pricedCases,
      tiers: sorted(side.tiers),
    },
    ruleHits: sorted(side.ruleHits),
  };
}

/**
 * Population stability index between two distributions given as counts per bin. Null when either side is
 * empty: there is no distribution to compare.
 */
export function populationStabilityIndex(
  baseline: Record<string, number>,
  candidate: Record<string, number>,
  emptyBinShare = PSI_EMPTY_BIN_SHARE,
): number | null {
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);
  const baselineTotal = total(baseline);
  const candidateTotal = total(candidate);
  if (baselineTotal === 0 || candidateTotal === 0) return null;
  let psi = 0;
  for (const bin of [...new Set([...Object.keys(baseline), ...Object.keys(candidate)])].sort()) {
    const expected = (baseline[bin] ?? 0) / baselineTotal || emptyBinShare;
    const actual = (candidate[bin] ?? 0) / candidateTotal || emptyBinShare;
    psi += (actual - expected) * Math.log(actual / expected);
  }
  return psi;
}

function metricsOf(state: MetricsState<bigint>): BacktestMetrics {
  const swapIn = emptyCell();
  const swapOut = emptyCell();
  const unchanged = emptyCell();
  let referralChanges = 0;
  let knownOutcomes = 0;
  let cases = 0;
  for (const from of OUTCOMES) {
    for (const to of OUTCOMES) {
      const entry = state.matrix[from][to];
      cases += entry.count;
      knownOutcomes += entry.known;
      const wasApproved = from === 'APPROVE';
      const isApproved = to === 'APPROVE';
      if (!wasApproved && isApproved) addCell(swapIn, entry);
      else if (wasApproved && !isApproved) addCell(swapOut, entry);
      else addCell(unchanged, entry);
      if (!wasApproved && !isApproved && from !== to) referralChanges += entry.count;
    }
  }
  const matrix = Object.fromEntries(
    OUTCOMES.map((from) => [
      from,
      Object.fromEntries(OUTCOMES.map((to) => [to, cell(state.matrix[from][to])])),
    ]),
  ) as Record<Outcome, Record<Outcome, OutcomeCell>>;
  return {
    cases,
    knownOutcomes,
    baseline: sideMetrics(state.baseline),
    candidate: sideMetrics(state.candidate),
    swaps: {
      swapIn: cell(swapIn),
      swapOut: cell(swapOut),
      unchanged: cell(unchanged),
      referralChanges,
      matrix,
    },
    changes: { ...state.changes },
    tierPsi: populationStabilityIndex(state.baseline.tiers, state.candidate.tiers),
    psiEmptyBinShare: PSI_EMPTY_BIN_SHARE,
  };
}

function mapMoney<From, To>(state: MetricsState<From>, convert: (money: From) => To): MetricsState<To> {
  const side = (from: SideState<From>): SideState<To> => ({
    outcomes: structuredClone(from.outcomes),
    grantedFen: convert(from.grantedFen),
    grantedCases: from.grantedCases,
    overflowExposureFen: convert(from.overflowExposureFen),
    overflowCases: from.overflowCases,
    aprBpsSum: from.aprBpsSum,
    pricedCases: from.pricedCases,
    tiers: counts(from.tiers),
    ruleHits: counts(from.ruleHits),
  });
  return {
    version: 1,
    baseline: side(state.baseline),
    candidate: side(state.candidate),
    matrix: structuredClone(state.matrix),
    changes: { ...state.changes },
  };
}

function fromJson(state: MetricsState): MetricsState<bigint> {
  if (typeof state !== 'object' || state === null || state.version !== 1) {
    throw invalid('state', 'not a metrics state of version 1');
  }
  return mapMoney(state, (fen) => {
    if (typeof fen !== 'string' || !/^\d+$/.test(fen)) throw invalid('state', 'money sums must be whole fen');
    return BigInt(fen);
  });
}

/** A fresh accumulator, or one resumed from a `state()` (for example a worker's chunk). */
export function createMetricsAccumulator(from?: MetricsState): MetricsAccumulator {
  const state = from === undefined ? emptyState() : fromJson(from);
  const accumulator: MetricsAccumulator = {
    add(pair) {
      if (typeof pair !== 'object' || pair === null)
        throw invalid('pair', 'a backtest pair must be an object');
      checkOutcome(pair.baseline, 'baseline');
      checkOutcome(pair.candidate, 'candidate');
      const observed = knownDefault(pair);
      // convert every amount before counting anything, so a rejected pair leaves the state untouched
      for (const side of ['baseline', 'candidate'] as const) {
        const outcome = pair[side];
        if (outcome.approvedLimit !== null) toFen(outcome.approvedLimit, `${side}.approvedLimit`);
        if (outcome.affordableLimit !== null) {
          toFen(Math.max(outcome.affordableLimit, 0), `${side}.affordableLimit`);
        }
      }
      addSide(state.baseline, pair.baseline, observed, 'baseline');
      addSide(state.candidate, pair.candidate, observed, 'candidate');
      countInto(state.matrix[pair.baseline.outcome][pair.candidate.outcome], observed);
      state.changes[classifyChange(pair.baseline, pair.candidate)] += 1;
    },
    merge(other) {
      const incoming = fromJson('state' in other ? other.state() : other);
      mergeSide(state.baseline, incoming.baseline);
      mergeSide(state.candidate, incoming.candidate);
      for (const from of OUTCOMES) {
        for (const to of OUTCOMES) addCell(state.matrix[from][to], incoming.matrix[from][to]);
      }
      for (const kind of CHANGE_KINDS) state.changes[kind] += incoming.changes[kind];
    },
    state: () => mapMoney(state, (fen) => fen.toString()),
    result: () => metricsOf(state),
  };
  return accumulator;
}
