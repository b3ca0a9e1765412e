import { Chip, type ChipProps, Stack } from '@mui/material';
import { useTranslate } from 'react-admin';
import { EnumChip } from '../common/chips';
import { EMPTY } from '../common/format';
import { VersionLink } from '../common/VersionLink';
import type { BacktestKind, BacktestPolicy, ChangeKind } from '../dataProvider/backtests';

const changeColors: Partial<Record<ChangeKind, ChipProps['color']>> = {
  SWAP_IN: 'success',
  SWAP_OUT: 'error',
  REFERRAL_CHANGE: 'warning',
};

export const ChangeKindChip = ({ kind }: { kind: ChangeKind }) => (
  <EnumChip group="changeKind" value={kind} colors={changeColors} dataName="change-kind" />
);

/** "Admission v2" for each policy of a side, each opening its version where the job names it. */
export const PolicyChips = ({ policies }: { policies: BacktestPolicy[] }) => {
  const translate = useTranslate();
  if (policies.length === 0) return <>{EMPTY}</>;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {policies.map((policy) => {
        const key = `${policy.kind}:${policy.revision}`;
        const label = `${translate(`spillway.policyKind.${policy.kind}`)}${policy.number == null ? '' : ` v${policy.number}`}`;
        const chip = <Chip key={key} size="small" title={policy.revision} label={label} clickable />;
        return policy.policyId && policy.versionId ? (
          <VersionLink key={key} policyId={policy.policyId} versionId={policy.versionId}>
            {chip}
          </VersionLink>
        ) : (
          <Chip key={key} size="small" title={policy.revision} label={label} />
        );
      })}
    </Stack>
  );
};

export const BacktestKindText = ({ kind }: { kind: BacktestKind }) => {
  const translate = useTranslate();
  return <>{translate(`spillway.backtestKind.${kind}`)}</>;
};

/** What a replay decides again in place of a case set. */
export const RecordedDecisionsText = () => <>{useTranslate()('spillway.backtest.recordedDecisions')}</>;
