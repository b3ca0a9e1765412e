import { useLocaleState } from 'react-admin';
import { intlLocale } from '../i18n';

/** Shown where a record has no value, e.g. the limit of a decline: language-neutral, so not translated. */
export const EMPTY = '—';

/** Money arrives as a decimal string; Intl formats the string itself, so no float rounding creeps in. */
export function formatMoney(value: string, locale: string): string {
  const amount = value as Intl.StringNumericLiteral;
  return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency: 'CNY' }).format(amount);
}

/** An APR in basis points as a percentage: 2350 -> "23.50%". */
export function formatBps(bps: number): string {
  return `${(bps / 100).toFixed(2)}%`;
}

/** Formats rates (0 to 1) as percentages in the console's language; null is "no figure". */
export function usePercent(): (value: number | null | undefined) => string {
  const [locale] = useLocaleState();
  const format = new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 1 });
  return (value) => (value == null ? EMPTY : format.format(value));
}
