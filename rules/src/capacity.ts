/**
 * Capacity math. The helpers hold formulas only: every number that is policy (DSR cap, income share,
 * absolute cap, APR ceiling) comes from the policy documents. An argument outside the helper's domain
 * throws a coded PolicyError instead of returning a number, so a bad fact can never turn into a limit:
 * a negative debt service would otherwise widen the room for new debt, and an absurd APR or term would
 * yield a payment or limit of any size. In expressions the error makes the value unavailable (REFER).
 */
import { PolicyError } from './errors.js';

/** The highest APR the helpers accept: 1000%, far beyond any legal ceiling, short of float trouble. */
export const MAX_APR_BPS = 100_000;
/** Fifty years: longer than any consumer or mortgage term. */
export const MAX_TERM_MONTHS = 600;
/** CNY 1 trillion: intermediate amounts (annual income x term) stay far below it. */
export const MAX_AMOUNT = 1e12;
const MAX_MONTHLY_RATE = MAX_APR_BPS / 10_000 / 12;

function finite(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new PolicyError('INVALID_ARGUMENT', `${name} must be a finite number, got ${String(value)}`, {
      path: name,
    });
  }
  return value;
}

function argument(name: string, value: number, low: number, high: number): number {
  if (finite(name, value) < low || value > high) {
    throw new PolicyError('INVALID_ARGUMENT', `${name} must be between ${low} and ${high}, got ${value}`, {
      path: name,
    });
  }
  return value;
}

const amount = (name: string, value: number) => argument(name, value, 0, MAX_AMOUNT);

function months(value: number): number {
  if (!Number.isInteger(value)) {
    throw new PolicyError('INVALID_ARGUMENT', `months must be a whole number, got ${String(value)}`, {
      path: 'months',
    });
  }
  return argument('months', value, 1, MAX_TERM_MONTHS);
}

/** Monthly rate from an APR in basis points: nominal APR / 12, as lenders quote it. */
export function monthlyRateFromBps(aprBps: number): number {
  return argument('aprBps', aprBps, 0, MAX_APR_BPS) / 10_000 / 12;
}

/** Annuity payment L*r / (1 - (1+r)^-n); a zero rate spreads the principal evenly. */
export function annuityPayment(principal: number, monthlyRate: number, term: number): number {
  amount('principal', principal);
  argument('monthlyRate', monthlyRate, 0, MAX_MONTHLY_RATE);
  months(term);
  if (monthlyRate === 0) return principal / term;
  return (principal * monthlyRate) / (1 - (1 + monthlyRate) ** -term);
}

/**
 * The inverse of annuityPayment: the largest principal a monthly payment can service. A payment at or
 * below zero (no room left under the DSR cap) services nothing.
 */
export function affordablePrincipal(payment: number, monthlyRate: number, term: number): number {
  argument('payment', payment, -MAX_AMOUNT, MAX_AMOUNT);
  argument('monthlyRate', monthlyRate, 0, MAX_MONTHLY_RATE);
  months(term);
  if (payment <= 0) return 0;
  if (monthlyRate === 0) return payment * term;
  return (payment * (1 - (1 + monthlyRate) ** -term)) / monthlyRate;
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
  amount('monthlyDebtService', monthlyDebtService);
  amount('newPayment', newPayment);
  amount('monthlyIncome', monthlyIncome);
  if (monthlyIncome === 0) {
    throw new PolicyError('NO_INCOME', 'DSR is undefined without a positive monthly income', {
      path: 'monthlyIncome',
    });
  }
  return (monthlyDebtService + newPayment) / monthlyIncome;
}

/**
 * The affordable limit: the largest L whose annuity payment fits dsrCap * income - existing debt service,
 * at the given APR and term. Never negative. A DSR cap above 1 would lend against more than all income.
 */
export function affordableLimit(
  monthlyIncome: number,
  monthlyDebtService: number,
  dsrCap: number,
  aprBps: number,
  term: number,
): number {
  amount('monthlyIncome', monthlyIncome);
  amount('monthlyDebtService', monthlyDebtService);
  argument('dsrCap', dsrCap, 0, 1);
  const room = dsrCap * monthlyIncome - monthlyDebtService;
  return affordablePrincipal(room, monthlyRateFromBps(aprBps), term);
}

/** Rounds down to a multiple of step, never below zero: limits are granted in whole steps. */
export function floorToStep(value: number, step: number): number {
  finite('amount', value);
  if (finite('step', step) <= 0) {
    throw new PolicyError('INVALID_ARGUMENT', `step must be greater than 0, got ${step}`, { path: 'step' });
  }
  if (value <= 0) return 0;
  // 1e-9 of a step absorbs float noise (18000 * 0.7 = 12599.999...) without ever adding a whole step
  return Math.floor(value / step + 1e-9) * step;
}

/** `value` kept within [low, high]; bounds the wrong way round are a policy mistake, not a range. */
export function clamp(value: number, low: number, high: number): number {
  finite('value', value);
  if (finite('low', low) > finite('high', high)) {
    throw new PolicyError('INVALID_ARGUMENT', `clamp needs low <= high, got ${low} and ${high}`, {
      path: 'high',
    });
  }
  return Math.min(Math.max(value, low), high);
}
