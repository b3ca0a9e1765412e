import { Chip, type ChipProps, Link } from '@mui/material';
import { type FieldProps, useCreatePath, useFieldValue, useLocaleState, useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router';
import type { Decision, DecisionOutcome, ReferralStatus } from '../dataProvider/decisions';
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

export const PolicyKindLabel = ({ kind }: { kind: string }) => {
  const translate = useTranslate();
  return <>{translate(`spillway.policyKind.${kind}`, { _: kind })}</>;
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

/** For values outside a record context, e.g. the rows of a nested table. */
export const MoneyText = ({ value }: { value: string | null | undefined }) => {
  const [locale] = useLocaleState();
  return <span>{value == null ? EMPTY : formatMoney(value, locale)}</span>;
};

export const MoneyField = (props: FieldProps) => (
  <MoneyText value={useFieldValue(props) as string | null | undefined} />
);

export function formatBps(bps: number): string {
  return `${(bps / 100).toFixed(2)}%`;
}

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

export const OverflowField = (props: FieldProps) => (
  <OverflowChip overflow={useFieldValue(props) as boolean | undefined} />
);

export const OverflowChip = ({ overflow: value }: { overflow: boolean | undefined }) => {
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

const referralColors: Record<ReferralStatus, ChipProps['color']> = {
  PENDING: 'warning',
  APPROVED: 'success',
  DECLINED: 'error',
};

export const ReferralStatusField = (props: FieldProps) => (
  <ReferralStatusChip status={useFieldValue(props) as ReferralStatus | null | undefined} />
);

export const ReferralStatusChip = ({ status: value }: { status: ReferralStatus | null | undefined }) => {
  const translate = useTranslate();
  if (!value) return null;
  return (
    <Chip
      size="small"
      variant="outlined"
      color={referralColors[value] ?? 'default'}
      label={translate(`spillway.referralStatus.${value}`, { _: value })}
      data-referral-status={value}
      sx={chipSx}
    />
  );
};

/** The borrower a decision is about, linking to their page; a plain link, so no second fetch. */
export const BorrowerLinkField = (props: FieldProps) => {
  const borrower = useFieldValue(props) as Decision['borrower'] | undefined;
  const createPath = useCreatePath();
  if (!borrower) return null;
  return (
    <Link
      component={RouterLink}
      to={createPath({ resource: 'borrowers', id: borrower.id, type: 'show' })}
      onClick={(event) => event.stopPropagation()}
    >
      {borrower.externalRef}
    </Link>
  );
};
