import { type FieldProps, useFieldValue, useLocaleState, useTranslate } from 'react-admin';
import type { CreditLine } from '../dataProvider/monitoring';
import { intlLocale } from '../i18n';
import { EMPTY, formatBps, formatMoney } from './format';

/**
 * For values outside a record context, e.g. the rows of a nested table. The API's decimal strings are
 * formatted as they are; numbers (computed in the browser by rules/) as JavaScript writes them.
 */
export const MoneyText = ({ value }: { value: string | number | null | undefined }) => {
  const [locale] = useLocaleState();
  return <span>{value == null ? EMPTY : formatMoney(String(value), locale)}</span>;
};

export const MoneyField = (props: FieldProps) => (
  <MoneyText value={useFieldValue(props) as string | null | undefined} />
);

export const AprField = (props: FieldProps) => {
  const value = useFieldValue(props) as number | null | undefined;
  return <span>{value == null ? EMPTY : formatBps(value)}</span>;
};

export const DateTimeText = ({ value }: { value: string | null | undefined }) => {
  const [locale] = useLocaleState();
  if (!value) return null;
  const date = new Date(value);
  return (
    <time dateTime={value}>
      {date.toLocaleString(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'medium' })}
    </time>
  );
};

export const DateTimeField = (props: FieldProps) => (
  <DateTimeText value={useFieldValue(props) as string | null | undefined} />
);

export const PolicyKindLabel = ({ kind }: { kind: string }) => {
  const translate = useTranslate();
  return <>{translate(`spillway.policyKind.${kind}`, { _: kind })}</>;
};

export const LineStatusText = ({ status }: { status: CreditLine['status'] }) => {
  const translate = useTranslate();
  return <>{translate(`spillway.lineStatus.${status}`, { _: status })}</>;
};

/** What became of a historical case: defaulted, repaid, or not known. */
export const ObservedText = ({ value }: { value: boolean | null | undefined }) => {
  const translate = useTranslate();
  if (value == null) return <>{EMPTY}</>;
  return <>{translate(value ? 'spillway.backtest.defaulted' : 'spillway.backtest.repaid')}</>;
};
