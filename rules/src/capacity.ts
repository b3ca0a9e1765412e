/**
 * Capacity math. The helpers hold formulas only: every number that is policy (DSR cap, income share,
 * absolute cap, APR ceiling) comes from the policy documents. Invalid input throws a coded PolicyError
 * instead of returning NaN, so a bad fact can never turn into a limit.
 */
import { PolicyError } from './errors.js';

function finite(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new PolicyError('INVALID_ARGUMENT', `${name} must be a finite number, got ${String(value)}`);
  }
  return value;
}

function positiveMonths(months: number): number {
  if (!Number.isInteger(months) || months <= 0) {
    throw new PolicyError('INVALID_ARGUMENT', `months must be a positive integer, got ${String(months)}`);
  }
  return months;
}

/** Monthly rate from an APR in basis points: nominal APR / 12, as lenders quote it. */
export function monthlyRateFromBps(aprBps: number): number {
  return finite('aprBps', aprBps) / 10_000 / 12;
}

/** Annuity payment L*r / (1 - (1+r)^-n); a zero rate spreads the principal evenly. */
export function annuityPayment(principal: number, monthlyRate: number, months: number): number {
  finite('principal', principal);
  finite('monthlyRate', monthlyRate);
  positiveMonths(months);
  if (monthlyRate < 0) throw new PolicyError('INVALID_ARGUMENT', 'monthlyRate must not be negative');
  if (monthlyRate === 0) return principal / months;
  return (principal * monthlyRate) / (1 - (1 + monthlyRate) ** -months);
}

/** The inverse of annuityPayment: the largest principal a monthly payment can service. */
export function affordablePrincipal(payment: number, monthlyRate: number, months: number): number {
  finite('payment', payment);
  finite('monthlyRate', monthlyRate);
  positiveMonths(months);
  if (monthlyRate < 0) throw new PolicyError('INVALID_ARGUMENT', 'monthlyRate must not be negative');
  if (payment <= 0) return 0;
  if (monthlyRate === 0) return payment * months;
  return (payment * (1 - (1 + monthlyRate) ** -months)) / monthlyRate;
}

/**
 * The one definition of an overflow customer: the borrower's credit limits with this lender, all lines
 * together, exceed the affordable limit (the largest limit whose repayment fits the DSR cap on their
 * income, after what they already pay other lenders). Without an affordable limit nothing is known, so
 * nothing is flagged. Works in any unit, as long as both figures share it.
 */
export function isOverflow(totalLimit: number, affordable: number | null | undefined): boolean {
  finite('totalLimit', totalLimit);
  if (affordable === null || affordable === undefined) return false;
  return totalLimit > finite('affordable', affordable);
}

/**
 * Where a proposed limit cut may land: never below the balance already drawn (a limit under what is owed
 * would put the borrower over limit by the lender's own act), and only if it still lowers the limit;
 * `null` when it does not.
 */
export function clampLimitCut(
  proposed: number,
  drawnBalance: number,
  currentLimit: number,
): { limit: number; clampedToBalance: boolean } | null {
  finite('proposed', proposed);
  finite('drawnBalance', drawnBalance);
  finite('currentLimit', currentLimit);
  const limit = Math.max(proposed, drawnBalance);
  if (limit >= currentLimit) return null;
  return { limit, clampedToBalance: proposed < drawnBalance };
}

/** DSR = (existing debt service + new payment) / monthly income; undefined without positive income. */
export function debtServiceRatio(
  monthlyDebtService: number,
  newPayment: number,
  monthlyIncome: number,
): number {
  finite('monthlyDebtService', monthlyDebtService);
  finite('newPayment', newPayment);
  finite('monthlyIncome', monthlyIncome);
  if (monthlyIncome <= 0) {
    throw new PolicyError('NO_INCOME', 'DSR is undefined without a positive monthly income');
  }
  return (monthlyDebtService + newPayment) / monthlyIncome;
}

/**
 * The affordable limit: the largest L whose annuity payment fits dsrCap * income - existing debt service,
 * at the given APR and term. Never negative.
 */
export function affordableLimit(
  monthlyIncome: number,
  monthlyDebtService: number,
  dsrCap: number,
  aprBps: number,
  months: number,
): number {
  finite('monthlyIncome', monthlyIncome);
  finite('monthlyDebtService', monthlyDebtService);
  finite('dsrCap', dsrCap);
  const room = dsrCap * Math.max(0, monthlyIncome) - monthlyDebtService;
  return Math.max(0, affordablePrincipal(room, monthlyRateFromBps(aprBps), months));
}

/** Rounds down to a multiple of step, never below zero: limits are granted in whole steps. */
export function floorToStep(amount: number, step: number): number {
  finite('amount', amount);
  finite('step', step);
  if (step <= 0) throw new PolicyError('INVALID_ARGUMENT', 'step must be positive');
  if (amount <= 0) return 0;
  // 1e-9 of a step absorbs float noise (18000 * 0.7 = 12599.999...) without ever adding a whole step
  return Math.floor(amount / step + 1e-9) * step;
}
