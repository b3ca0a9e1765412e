import type { ReactNode } from 'react';
import { type FieldProps, useFieldValue, useTranslate } from 'react-admin';
import type { CreditLine } from '../dataProvider/monitoring';
import { EMPTY, useFormat } from './format';

/** For values outside a record context, e.g. the rows of a nested table. */
export const MoneyText = ({ value }: { value: string | number | null | undefined }) => (
  <span>{useFormat().money(value)}</span>
);

export const MoneyField = (props: FieldProps) => (
  <MoneyText value={useFieldValue(props) as string | null | undefined} />
);

export const AprText = ({ bps }: { bps: number | null | undefined }) => <span>{useFormat().bps(bps)}</span>;

export const AprField = (props: FieldProps) => (
  <AprText bps={useFieldValue(props) as number | null | undefined} />
);

export const CountText = ({ value }: { value: number | null | undefined }) => (
  <span>{useFormat().count(value)}</span>
);

export const PercentText = ({ value }: { value: number | null | undefined }) => (
  <span>{useFormat().percent(value)}</span>
);

export const CountField = (props: FieldProps) => (
  <CountText value={useFieldValue(props) as number | null | undefined} />
);

export const DurationField = (props: FieldProps) => (
  <span>{useFormat().duration(useFieldValue(props) as number | null | undefined)}</span>
);

export const DateTimeText = ({ value }: { value: string | null | undefined }) => {
  const format = useFormat();
  if (!value) return null;
  return <time dateTime={value}>{format.dateTime(value)}</time>;
};

/** In a table column: the date over the time, each kept on one line, so the column stays narrow. */
export const DateTimeField = (props: FieldProps) => {
  const value = useFieldValue(props) as string | null | undefined;
  const format = useFormat();
  if (!value) return null;
  return (
    <time dateTime={value} style={{ display: 'inline-flex', flexDirection: 'column', whiteSpace: 'nowrap' }}>
      <span>{format.date(value)}</span>
      <span>{format.time(value)}</span>
    </time>
  );
};

/** Codes, names and user-written text: shown as they are, and never taken for an untranslated phrase. */
export const Verbatim = ({ children, mono }: { children: ReactNode; mono?: boolean }) => (
  <span translate="no" style={mono ? { fontFamily: 'monospace' } : undefined}>
    {children}
  </span>
);

/** A field of names or user-written text (a borrower's name, a note). */
export const VerbatimField = (props: FieldProps & { mono?: boolean }) => {
  const value = useFieldValue(props) as string | null | undefined;
  return value == null || value === '' ? EMPTY : <Verbatim mono={props.mono}>{value}</Verbatim>;
};

export const PolicyKindLabel = ({ kind }: { kind: string }) => {
  const translate = useTranslate();
  return <>{translate(`spillway.policyKind.${kind}`, { _: kind })}</>;
};

export const LineStatusText = ({ status }: { status: CreditLine['status'] }) => {
  const translate = useTranslate();
  return <>{translate(`spillway.lineStatus.${status}`, { _: status })}</>;
};

/** A monitoring indicator (overflow, delinquency...) in words. */
export const IndicatorText = ({ indicator }: { indicator: string }) => {
  const translate = useTranslate();
  return <>{translate(`spillway.indicator.${indicator}`, { _: indicator })}</>;
};

/** What became of a historical case: defaulted, repaid, or not known. */
export const ObservedText = ({ value }: { value: boolean | null | undefined }) => {
  const translate = useTranslate();
  if (value == null) return <>{EMPTY}</>;
  return <>{translate(value ? 'spillway.backtest.defaulted' : 'spillway.backtest.repaid')}</>;
};

/** A count of months in words: "12 months", "12个月". */
export const MonthsText = ({ value }: { value: number | null | undefined }) => {
  const translate = useTranslate();
  return <span>{value == null ? EMPTY : translate('spillway.units.months', { smart_count: value })}</span>;
};
