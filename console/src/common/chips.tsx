import { Chip, type ChipProps } from '@mui/material';
import { type FieldProps, useFieldValue, useTranslate } from 'react-admin';
import type { DecisionOutcome, ReferralStatus } from '../dataProvider/decisions';
import type { AlertSeverity, AlertStatus, CutStatus } from '../dataProvider/monitoring';

// Labeled stacks its child in a column: without this a chip stretches to the column's width.
const chipSx = { alignSelf: 'flex-start' } as const;

/**
 * A chip for one value of an enum, labelled `spillway.<group>.<value>` (the value itself when untranslated)
 * and tagged with `data-<dataName>` for tests to find it.
 */
export function EnumChip<T extends string>({
  group,
  value,
  colors,
  dataName,
}: {
  group: string;
  value: T;
  colors: Partial<Record<T, ChipProps['color']>>;
  dataName: string;
}) {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={colors[value] ?? 'default'}
      label={translate(`spillway.${group}.${value}`, { _: value })}
      {...{ [`data-${dataName}`]: value }}
      sx={chipSx}
    />
  );
}

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

export const OverflowField = (props: FieldProps) => (
  <OverflowChip overflow={useFieldValue(props) as boolean | undefined} />
);

const referralColors: Record<ReferralStatus, ChipProps['color']> = {
  PENDING: 'warning',
  APPROVED: 'success',
  DECLINED: 'error',
};

export const ReferralStatusChip = ({ status }: { status: ReferralStatus | null | undefined }) =>
  status ? (
    <EnumChip group="referralStatus" value={status} colors={referralColors} dataName="referral-status" />
  ) : null;

const severityColors: Record<AlertSeverity, ChipProps['color']> = {
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'info',
};
const alertStatusColors: Record<AlertStatus, ChipProps['color']> = {
  OPEN: 'warning',
  ACKNOWLEDGED: 'info',
  APPROVED: 'success',
  DISMISSED: 'default',
};
const cutColors: Record<CutStatus, ChipProps['color']> = {
  NONE: 'default',
  PENDING_APPROVAL: 'warning',
  APPLIED: 'success',
  REJECTED: 'default',
};

export const SeverityChip = ({ severity }: { severity: AlertSeverity }) => (
  <EnumChip group="severity" value={severity} colors={severityColors} dataName="severity" />
);

export const AlertStatusChip = ({ status }: { status: AlertStatus }) => (
  <EnumChip group="alertStatus" value={status} colors={alertStatusColors} dataName="alertstatus" />
);

export const CutStatusChip = ({ status }: { status: CutStatus }) => (
  <EnumChip group="cutStatus" value={status} colors={cutColors} dataName="cutstatus" />
);
