import { Box, type ChipProps, LinearProgress, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { JobStatus } from '../dataProvider/backtests';
import { EnumChip } from './chips';
import { useFormat } from './format';

const statusColors: Record<JobStatus, ChipProps['color']> = {
  QUEUED: 'default',
  RUNNING: 'info',
  COMPLETED: 'success',
  FAILED: 'error',
  CANCELLED: 'warning',
};

export const JobStatusChip = ({ status }: { status: JobStatus }) => (
  <EnumChip group="jobStatus" value={status} colors={statusColors} dataName="job-status" />
);

/** Cases (or lines) done of total, as a bar with the counts beside it. */
export const JobProgress = ({ progress, done, total }: { progress: number; done: number; total: number }) => {
  const translate = useTranslate();
  const format = useFormat();
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
        {translate('spillway.backtest.casesOf', { done: format.count(done), total: format.count(total) })}
      </Typography>
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
