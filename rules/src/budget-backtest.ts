/**
 * Exposure budgets over a backtest's case set: the candidate's approvals, in time order (the cases'
 * application times, or file order), settled one after another against an in-memory ledger as decide
 * settles them against the counters. What each budget shrank, referred or declined, and the new exposure
 * that went ahead in each window.
 */
import { type CompiledExposure, ExposureLedger, windowOf } from './exposure.js';

/** An approval of the candidate, as a backtest chunk keeps it for the pass after the chunks. */
export interface BudgetCase {
  /** The case's place in the job: ties in time keep file order. */
  position: number;
  /** When it applied (ms since the epoch). */
  at: number;
  /** New exposure asked for, in fen. */
  increaseFen: number;
  /** Which budgets' segments it is in (segmentMembers). */
  members: string;
}

export interface BudgetEffect {
  budget: string;
  shrunk: number;
  referred: number;
  declined: number;
  /** New exposure the budget kept from going ahead, in fen. */
  withheldFen: number;
}

export interface WindowExposure {
  /** `DAY:2026-12-03`, `MONTH:2026-12` in the document's time zone. */
  window: string;
  approvals: number;
  /** New exposure that went ahead, in fen. */
  newExposureFen: number;
}

export interface BudgetBacktestReport {
  timeZone: string;
  /** Approvals the budgets saw. */
  approvals: number;
  /** Of them, how many went ahead whole, shrunk, or were stopped. */
  fitted: number;
  shrunk: number;
  stopped: number;
  budgets: BudgetEffect[];
  /** Every day and month the approvals fell in, in time order. */
  windows: WindowExposure[];
}

export function budgetBacktest(
  compiled: CompiledExposure,
  cases: readonly BudgetCase[],
  options: { stepFen: number },
): BudgetBacktestReport {
  const ledger = new ExposureLedger(compiled);
  const effects = new Map<string, BudgetEffect>(
    compiled.budgets.map((budget) => [
      budget.name,
      { budget: budget.name, shrunk: 0, referred: 0, declined: 0, withheldFen: 0 },
    ]),
  );
  const windows = new Map<string, WindowExposure>();
  const report: BudgetBacktestReport = {
    timeZone: compiled.timeZone,
    approvals: cases.length,
    fitted: 0,
    shrunk: 0,
    stopped: 0,
    budgets: [...effects.values()],
    windows: [],
  };
  const ordered = [...cases].sort((a, b) => a.at - b.at || a.position - b.position);
  for (const item of ordered) {
    const at = new Date(item.at);
    const { verdict } = ledger.apply(
      { at, members: item.members, increaseFen: item.increaseFen },
      { stepFen: options.stepFen },
    );
    if (verdict.outcome === 'FIT') report.fitted++;
    else {
      const effect = effects.get(verdict.budget) as BudgetEffect;
      effect.withheldFen += item.increaseFen - verdict.increaseFen;
      if (verdict.outcome === 'SHRINK') effect.shrunk++;
      else if (verdict.outcome === 'REFER') effect.referred++;
      else effect.declined++;
      if (verdict.outcome === 'SHRINK') report.shrunk++;
      else report.stopped++;
    }
    if (verdict.outcome === 'FIT' || verdict.outcome === 'SHRINK') {
      for (const kind of ['DAY', 'MONTH'] as const) {
        const key = windowOf(kind, compiled.timeZone, at);
        const window = windows.get(key) ?? { window: key, approvals: 0, newExposureFen: 0 };
        window.approvals++;
        window.newExposureFen += verdict.increaseFen;
        windows.set(key, window);
      }
    }
  }
  report.windows = [...windows.values()].sort(
    (a, b) =>
      a.window.slice(a.window.indexOf(':')).localeCompare(b.window.slice(b.window.indexOf(':'))) ||
      a.window.localeCompare(b.window),
  );
  return report;
}
