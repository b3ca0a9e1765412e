import { Chip, type ChipProps } from '@mui/material';
import { type FieldProps, useFieldValue, useLocaleState, useTranslate } from 'react-admin';
import type { DecisionOutcome } from '../dataProvider/decisions';
import { intlLocale } from '../i18n';

/** Shown where a decision has no value, e.g. the limit of a decline: language-neutral, so not translated. */
export const EMPTY = '—';

// Labeled stacks its child in a column: without this a chip stretches to the column's width.
const chipSx = { alignSelf: 'flex-start' } as const;

const outcomeColors: Record<DecisionOutcome, ChipProps['color']> = {
  APPROVE: 'success',
  DECLINE: 'error',
  REFER: 'warning',
};

export const OutcomeChip = ({ outcome }: { outcome: DecisionOutcome }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color={outcomeColors[outcome] ?? 'default'}
      label={translate(`spillway.outcome.${outcome}`, { _: outcome })}
      data-outcome={outcome}
      sx={chipSx}
    />
  );
};

export const OutcomeField = (props: FieldProps) => {
  const value = useFieldValue(props) as DecisionOutcome | undefined;
  return value ? <OutcomeChip outcome={value} /> : null;
};

/** Money arrives as a decimal string; Intl formats the string itself, so no float rounding creeps in. */
export function formatMoney(value: string, locale: string): string {
  const amount = value as Intl.StringNumericLiteral;
  return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency: 'CNY' }).format(amount);
}

export const MoneyField = (props: FieldProps) => {
  const value = useFieldValue(props) as string | null | undefined;
  const [locale] = useLocaleState();
  return <span>{value == null ? EMPTY : formatMoney(value, locale)}</span>;
};

export function formatBps(bps: number): string {
  return `${(bps / 100).toFixed(2)}%`;
}

export const AprField = (props: FieldProps) => {
  const value = useFieldValue(props) as number | null | undefined;
  return <span>{value == null ? EMPTY : formatBps(value)}</span>;
};

export const DateTimeField = (props: FieldProps) => {
  const value = useFieldValue(props) as string | null | undefined;
  const [locale] = useLocaleState();
  if (!value) return null;
  const date = new Date(value);
  return (
    <time dateTime={value}>
      {date.toLocaleString(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'medium' })}
    </time>
  );
};

export const MonthsField = (props: FieldProps) => {
  const value = useFieldValue(props) as number | null | undefined;
  const translate = useTranslate();
  return <span>{value == null ? EMPTY : translate('spillway.units.months', { smart_count: value })}</span>;
};

export const LatencyField = (props: FieldProps) => {
  const value = useFieldValue(props) as number | null | undefined;
  const translate = useTranslate();
  return value == null ? null : <span>{translate('spillway.units.milliseconds', { value })}</span>;
};

export const OverflowField = (props: FieldProps) => {
  const value = useFieldValue(props) as boolean | undefined;
  const translate = useTranslate();
  if (value === undefined) return null;
  return value ? (
    <Chip
      size="small"
      color="error"
      variant="outlined"
      label={translate('spillway.overflow.yes')}
      sx={chipSx}
    />
  ) : (
    <Chip size="small" variant="outlined" label={translate('spillway.overflow.no')} sx={chipSx} />
  );
};
