import type { ChipProps } from '@mui/material';
import { useTranslate } from 'react-admin';
import { EnumChip } from '../common/chips';
import type { FindingCode, FindingStatus } from '../dataProvider/compliance';

const statusColors: Record<FindingStatus, ChipProps['color']> = { OPEN: 'warning', RESOLVED: 'success' };
const codeColors: Record<FindingCode, ChipProps['color']> = { BREACH: 'error', INCOME_UNKNOWN: 'info' };

export const FindingStatusChip = ({ status }: { status: FindingStatus }) => (
  <EnumChip group="findingStatus" value={status} colors={statusColors} dataName="finding-status" />
);

export const FindingCodeChip = ({ code }: { code: FindingCode }) => (
  <EnumChip group="findingCode" value={code} colors={codeColors} dataName="finding-code" />
);

/** A check by its id in words; a check a policy added itself shows its id. */
export const CheckText = ({ check }: { check: string }) => {
  const translate = useTranslate();
  return <span data-check={check}>{translate(`spillway.complianceCheck.${check}`, { _: check })}</span>;
};
