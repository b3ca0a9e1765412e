import { Chip, type ChipProps, Stack } from '@mui/material';
import { useTranslate } from 'react-admin';
import { EnumChip } from '../common/chips';
import { EMPTY } from '../common/format';
import type { BacktestPolicy, ChangeKind } from '../dataProvider/backtests';

const changeColors: Partial<Record<ChangeKind, ChipProps['color']>> = {
  SWAP_IN: 'success',
  SWAP_OUT: 'error',
  REFERRAL_CHANGE: 'warning',
};

export const ChangeKindChip = ({ kind }: { kind: ChangeKind }) => (
  <EnumChip group="changeKind" value={kind} colors={changeColors} dataName="change-kind" />
);

/** "Admission v2" for each policy of a side. */
export const PolicyChips = ({ policies }: { policies: BacktestPolicy[] }) => {
  const translate = useTranslate();
  if (policies.length === 0) return <>{EMPTY}</>;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {policies.map((policy) => (
        <Chip
          key={`${policy.kind}:${policy.revision}`}
          size="small"
          title={policy.revision}
          label={`${translate(`spillway.policyKind.${policy.kind}`)}${policy.number == null ? '' : ` v${policy.number}`}`}
        />
      ))}
    </Stack>
  );
};
