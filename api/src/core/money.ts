import { DomainError } from './errors.js';

/**
 * Amounts travel as decimal strings and are stored as integer minor units (fen), so no amount is
 * ever the result of float arithmetic. Policies see CNY numbers; the conversions below are exact for
 * every amount with at most two decimals.
 */
const DECIMAL = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

/** `value` is typed a string, but an explicit GraphQL null for an optional amount arrives here too. */
export function parseMoney(value: string, field: string): number {
  const match = typeof value === 'string' ? DECIMAL.exec(value.trim()) : null;
  if (!match) {
    throw new DomainError('BAD_USER_INPUT', `${field} must be a decimal amount with at most two decimals`, {
      field,
    });
  }
  const [, sign, whole, fraction = ''] = match;
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign ? -minor : minor;
}

export function formatMoney(minor: number | null | undefined): string | null {
  if (minor === null || minor === undefined) return null;
  const sign = minor < 0 ? '-' : '';
  const absolute = Math.abs(minor);
  const whole = Math.trunc(absolute / 100);
  const cents = String(absolute % 100).padStart(2, '0');
  return `${sign}${whole}.${cents}`;
}

/** Policies speak CNY; amounts they return are whole multiples of the product step, so this is exact. */
export function cnyToMinor(amount: number): number {
  return Math.round(amount * 100);
}

export function minorToCny(minor: number): number {
  return minor / 100;
}
