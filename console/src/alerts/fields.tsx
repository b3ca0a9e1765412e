import { Chip, type ChipProps } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { AlertSeverity, AlertStatus, CutStatus } from '../dataProvider/monitoring';

const severityColors: Record<AlertSeverity, ChipProps['color']> = {
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'info',
};
const statusColors: Record<AlertStatus, ChipProps['color']> = {
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

/** A chip for one of the alert's enums, labelled `spillway.<group>.<value>` and tagged `data-<group>`. */
function EnumChip<T extends string>({
  group,
  value,
  colors,
}: {
  group: 'severity' | 'alertStatus' | 'cutStatus';
  value: T;
  colors: Record<T, ChipProps['color']>;
}) {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={colors[value] ?? 'default'}
      label={translate(`spillway.${group}.${value}`, { _: value })}
      {...{ [`data-${group.toLowerCase()}`]: value }}
      sx={{ alignSelf: 'flex-start' }}
    />
  );
}

export const SeverityChip = ({ severity }: { severity: AlertSeverity }) => (
  <EnumChip group="severity" value={severity} colors={severityColors} />
);

export const AlertStatusChip = ({ status }: { status: AlertStatus }) => (
  <EnumChip group="alertStatus" value={status} colors={statusColors} />
);

export const CutStatusChip = ({ status }: { status: CutStatus }) => (
  <EnumChip group="cutStatus" value={status} colors={cutColors} />
);
