import { Box, Chip, type ChipProps, LinearProgress, Stack, Typography } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import type { BacktestPolicy, ChangeKind, JobStatus } from '../dataProvider/backtests';
import { EMPTY } from '../decisions/fields';
import { intlLocale } from '../i18n';

const statusColors: Record<JobStatus, ChipProps['color']> = {
  QUEUED: 'default',
  RUNNING: 'info',
  COMPLETED: 'success',
  FAILED: 'error',
  CANCELLED: 'warning',
};

export const JobStatusChip = ({ status }: { status: JobStatus }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={statusColors[status] ?? 'default'}
      label={translate(`spillway.jobStatus.${status}`, { _: status })}
      data-job-status={status}
      sx={{ alignSelf: 'flex-start' }}
    />
  );
};

const changeColors: Partial<Record<ChangeKind, ChipProps['color']>> = {
  SWAP_IN: 'success',
  SWAP_OUT: 'error',
  REFERRAL_CHANGE: 'warning',
};

export const ChangeKindChip = ({ kind }: { kind: ChangeKind }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={changeColors[kind] ?? 'default'}
      label={translate(`spillway.changeKind.${kind}`, { _: kind })}
      data-change-kind={kind}
    />
  );
};

/** Cases done of total, as a bar with the counts beside it. */
export const JobProgress = ({ progress, done, total }: { progress: number; done: number; total: number }) => {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', minWidth: 160 }}>
      <Box sx={{ flexGrow: 1 }}>
        <LinearProgress
          variant="determinate"
          value={Math.round(progress * 100)}
          aria-label={translate('spillway.backtest.progress')}
        />
      </Box>
      <Typography variant="caption" sx={{ whiteSpace: 'nowrap' }} data-testid="job-progress">
        {translate('spillway.backtest.casesOf', { done, total })}
      </Typography>
    </Stack>
  );
};

/** Formats rates (0 to 1) as percentages in the console's language; null is "no figure". */
export function usePercent(): (value: number | null | undefined) => string {
  const [locale] = useLocaleState();
  const format = new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 1 });
  return (value) => (value == null ? EMPTY : format.format(value));
}

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

/** How often a page asks for a running job's progress. */
export const POLL_MS = 1000;

/** A react-query refetchInterval that polls while `running` says the record still changes. */
export function pollWhile<T>(running: (record: T) => boolean) {
  return (query: { state: { data?: T } }) =>
    query.state.data && running(query.state.data) ? POLL_MS : false;
}
