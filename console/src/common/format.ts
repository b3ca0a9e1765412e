import { useMemo } from 'react';
import { useLocaleState } from 'react-admin';
import { intlLocale } from '../i18n/locales';

/** Shown where a record has no value, e.g. the limit of a decline: language-neutral, so not translated. */
export const EMPTY = '—';

type Numeric = number | string | null | undefined;

/** A catalog unit and how its values read: money, a rate, a count of days... */
export type FactUnit = string | null | undefined;

/** Units Intl words itself in every language (`45 days`, `45天`). */
const INTL_UNITS: Record<string, Intl.NumberFormatOptions['unit']> = {
  days: 'day',
  months: 'month',
  years: 'year',
};

/**
 * Every number, amount, rate, duration and date the console shows, worded for one locale through Intl: the
 * one place where a value becomes text, so fields, tables, charts and reason texts read alike.
 */
export interface Formatter {
  locale: string;
  /** Money arrives as a decimal string (formatted as it is: no float rounding creeps in) or, computed by
   * rules/ in the browser, as a number of CNY. */
  money(value: Numeric): string;
  /** Whole numbers with the locale's grouping: 17,276. */
  count(value: Numeric): string;
  /** A change in a count, signed: +3, −2. */
  signedCount(value: Numeric): string;
  /** A measured or computed number, rounded to what a person reads: 1,666.67, 0.35. */
  number(value: Numeric): string;
  /** A fraction as a percentage: 0.125 -> 12.5%. */
  percent(value: Numeric): string;
  /** A rate in basis points as a percentage: 2350 -> 23.5%. */
  bps(value: Numeric): string;
  /** A change in basis points, signed: +200 bps. */
  bpsChange(value: Numeric, unit: string): string;
  /** Milliseconds, in the largest unit that keeps them readable: 26.1 s, 2.5 min, 340 ms. */
  duration(ms: Numeric): string;
  dateTime(iso: string | null | undefined): string;
  /** The time of day alone: 13:05. */
  time(iso: string | null | undefined): string;
  date(iso: string | null | undefined): string;
  /** A short day label for chart axes: 3 Dec. */
  day(iso: string): string;
  /** A value of a catalog fact in its unit: money for CNY, a percentage for a fraction, days... */
  fact(value: unknown, unit: FactUnit): string;
}

const toNumber = (value: Numeric): number | null => {
  if (value == null || value === '') return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : null;
};

const cache = new Map<string, Formatter>();

export function createFormatter(consoleLocale: string): Formatter {
  const cached = cache.get(consoleLocale);
  if (cached) return cached;
  const locale = intlLocale(consoleLocale);
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' });
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const small = new Intl.NumberFormat(locale, { maximumSignificantDigits: 3 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const bpsPercent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
  const signed = new Intl.NumberFormat(locale, { signDisplay: 'exceptZero', maximumFractionDigits: 0 });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' });
  const unit = (name: Intl.NumberFormatOptions['unit'], digits = 1) =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: name,
      unitDisplay: 'short',
      maximumFractionDigits: digits,
    });
  const milliseconds = unit('millisecond', 0);
  const seconds = unit('second');
  const minutes = unit('minute');
  const hours = unit('hour');
  const units = Object.fromEntries(
    Object.entries(INTL_UNITS).map(([name, intl]) => [
      name,
      new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: intl,
        unitDisplay: 'long',
        maximumFractionDigits: 1,
      }),
    ]),
  );
  const of =
    (format: (value: number) => string) =>
    (value: Numeric): string => {
      const parsed = toNumber(value);
      return parsed === null ? EMPTY : format(parsed);
    };
  const readable = (value: number) =>
    value !== 0 && Math.abs(value) < 0.01 ? small.format(value) : number.format(value);
  const formatter: Formatter = {
    locale,
    money: (value) =>
      value == null || value === '' ? EMPTY : money.format(value as Intl.StringNumericLiteral),
    count: of((value) => count.format(value)),
    signedCount: of((value) => signed.format(value)),
    number: of(readable),
    percent: of((value) => percent.format(value)),
    bps: of((value) => bpsPercent.format(value / 10_000)),
    bpsChange: (value, unitText) => {
      const parsed = toNumber(value);
      return parsed === null ? EMPTY : `${signed.format(parsed)} ${unitText}`;
    },
    duration: of((ms) => {
      if (ms < 1000) return milliseconds.format(ms);
      if (ms < 60_000) return seconds.format(ms / 1000);
      if (ms < 3_600_000) return minutes.format(ms / 60_000);
      return hours.format(ms / 3_600_000);
    }),
    dateTime: (iso) => (iso ? dateTime.format(new Date(iso)) : EMPTY),
    date: (iso) => (iso ? date.format(new Date(iso)) : EMPTY),
    time: (iso) => (iso ? time.format(new Date(iso)) : EMPTY),
    day: (iso) => day.format(new Date(iso)),
    fact: (value, factUnit) => {
      if (typeof value !== 'number') {
        if (value == null) return EMPTY;
        return typeof value === 'string' || typeof value === 'boolean'
          ? String(value)
          : JSON.stringify(value);
      }
      if (factUnit === 'CNY') return money.format(value);
      if (factUnit === 'fraction') return percent.format(value);
      const intl = factUnit ? units[factUnit] : undefined;
      return intl ? intl.format(value) : readable(value);
    },
  };
  cache.set(consoleLocale, formatter);
  return formatter;
}

/** The formatter of the console's chosen language. */
export function useFormat(): Formatter {
  const [locale] = useLocaleState();
  return useMemo(() => createFormatter(locale), [locale]);
}
