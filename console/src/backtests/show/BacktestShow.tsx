import CancelIcon from '@mui/icons-material/Cancel';
import { Alert, Divider, Stack, Typography } from '@mui/material';
import {
  ListButton,
  Show,
  TopToolbar,
  useDataProvider,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { ActionDialogButton } from '../../common/ActionDialogButton';
import { pollWhile } from '../../common/jobs';
import type { SpillwayDataProvider } from '../../dataProvider';
import { type Backtest, isRunning } from '../../dataProvider/backtests';
import { canDo } from '../../permissions';
import { Budgets } from './Budgets';
import { Differences } from './Differences';
import { MetricsSections } from './MetricsSections';
import { Summary, Verdict } from './Summary';

const BacktestDetail = () => {
  const backtest = useRecordContext<Backtest>();
  const translate = useTranslate();
  if (!backtest) return null;
  const running = isRunning(backtest.status);
  return (
    <Stack spacing={3} sx={{ p: 2 }} divider={<Divider flexItem />} data-testid="backtest-show">
      <Stack spacing={2}>
        <Summary backtest={backtest} />
        {backtest.error && <Alert severity="error">{backtest.error}</Alert>}
      </Stack>
      {(backtest.kind === 'REPLAY' || (backtest.expectationsChecked ?? 0) > 0) && (
        <Verdict backtest={backtest} />
      )}
      {backtest.metrics ? (
        <MetricsSections metrics={backtest.metrics} />
      ) : (
        <Typography color="text.secondary">
          {translate(running ? 'spillway.backtest.metricsPending' : 'spillway.backtest.noMetrics')}
        </Typography>
      )}
      {backtest.budgets && <Budgets budgets={backtest.budgets} />}
      {running ? (
        <Typography color="text.secondary">{translate('spillway.backtest.differencesPending')}</Typography>
      ) : (
        <Differences backtest={backtest} />
      )}
    </Stack>
  );
};

/** Stops a queued or running job; a finished one is the API's CONFLICT, shown as it words it. */
export const CancelBacktestButton = ({ backtest }: { backtest: Backtest }) => {
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const { permissions } = usePermissions();
  if (!isRunning(backtest.status) || !canDo(permissions, 'runBacktest')) return null;
  return (
    <ActionDialogButton
      label="spillway.backtest.cancel.label"
      title="spillway.backtest.cancel.title"
      description="spillway.backtest.cancel.description"
      successMessage="spillway.backtest.cancel.done"
      color="error"
      icon={<CancelIcon />}
      action={() => dataProvider.cancelBacktest({ id: backtest.id })}
    />
  );
};

const Actions = () => {
  const backtest = useRecordContext<Backtest>();
  return (
    <TopToolbar>
      {backtest && <CancelBacktestButton backtest={backtest} />}
      <ListButton />
    </TopToolbar>
  );
};

export const BacktestShow = () => (
  <Show
    actions={<Actions />}
    queryOptions={{ refetchInterval: pollWhile<Backtest>((job) => isRunning(job.status)) }}
  >
    <BacktestDetail />
  </Show>
);
