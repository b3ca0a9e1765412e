import OpenIcon from '@mui/icons-material/OpenInNew';
import PlayIcon from '@mui/icons-material/PlayArrow';
import ReplayIcon from '@mui/icons-material/Replay';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import {
  Form,
  ReferenceInput,
  required,
  SelectInput,
  useCreatePath,
  useDataProvider,
  useGetList,
  useGetOne,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { Link as RouterLink } from 'react-router';
import { BacktestKindText, HeadlineFigures, RecordedDecisionsText } from '../../backtests';
import { errorMessage } from '../../common/errors';
import { DateTimeText, Verbatim } from '../../common/fields';
import { JobProgress, JobStatusChip, pollWhile } from '../../common/jobs';
import { RecordLink } from '../../common/RecordLink';
import { Section, SimpleTable } from '../../common/SimpleTable';
import type { SpillwayDataProvider } from '../../dataProvider';
import { type Backtest, isRunning } from '../../dataProvider/backtests';
import type { PolicyVersion } from '../../dataProvider/policies';
import { canDo } from '../../permissions';
import { useDraftEditing } from './DraftEditing';

/** Progress of the job this tab started, polled until it finishes, then its headline figures. */
const JobWatch = ({ id }: { id: string }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { data: job, error } = useGetOne<Backtest>(
    'backtests',
    { id },
    { refetchInterval: pollWhile<Backtest>((record) => isRunning(record.status)) },
  );
  if (error) return <Alert severity="error">{error.message}</Alert>;
  if (!job) return null;
  return (
    <Stack spacing={2} data-testid="backtest-job">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <JobStatusChip status={job.status} />
        <Box sx={{ flexGrow: 1, maxWidth: 480 }}>
          <JobProgress progress={job.progress} done={job.casesDone} total={job.casesTotal} />
        </Box>
        <Button
          component={RouterLink}
          to={createPath({ resource: 'backtests', id: job.id, type: 'show' })}
          startIcon={<OpenIcon />}
          variant={isRunning(job.status) ? 'text' : 'contained'}
          size="small"
        >
          {translate('spillway.backtest.openResults')}
        </Button>
      </Stack>
      {job.error && <Alert severity="error">{job.error}</Alert>}
      {job.metrics && <HeadlineFigures metrics={job.metrics} />}
    </Stack>
  );
};

/** Every backtest and replay this version ran in, newest first, each opening its results. */
const EarlierRuns = ({ runs }: { runs: Backtest[] }) => (
  <Section title="spillway.backtest.tab.runs">
    <SimpleTable
      name="version-backtests"
      rows={runs}
      empty="spillway.backtest.tab.noRuns"
      columns={[
        {
          label: 'spillway.backtest.createdAt',
          render: (job) => (
            <RecordLink resource="backtests" id={job.id}>
              <DateTimeText value={job.createdAt} />
            </RecordLink>
          ),
        },
        { label: 'spillway.backtest.kind', render: (job) => <BacktestKindText kind={job.kind} /> },
        { label: 'spillway.backtest.status', render: (job) => <JobStatusChip status={job.status} /> },
        {
          label: 'spillway.backtest.progress',
          render: (job) => (
            <JobProgress progress={job.progress} done={job.casesDone} total={job.casesTotal} />
          ),
        },
        {
          label: 'spillway.backtest.caseSet',
          render: (job) =>
            job.caseSet ? <Verbatim>{job.caseSet.name}</Verbatim> : <RecordedDecisionsText />,
        },
        { label: 'spillway.backtest.createdBy', render: (job) => <Verbatim>{job.createdBy}</Verbatim> },
      ]}
    />
  </Section>
);

/**
 * Backtests this version: every case of a case set decided by the published policies (baseline) and by
 * them with this version in its stage (candidate); or the recorded decisions replayed with it. The job runs
 * on the server from the saved document; its page has every figure.
 */
export const BacktestTab = ({ version }: { version: PolicyVersion }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const { permissions } = usePermissions();
  const { unsaved } = useDraftEditing();
  // The runs of this version are the API's to list, so they outlive the session that started them.
  const { data: runs, refetch } = useGetList<Backtest>('backtests', {
    filter: { candidateVersionId: version.id },
    pagination: { page: 1, perPage: 20 },
  });
  const [startedId, setStartedId] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const watched = startedId ?? runs?.[0]?.id ?? null;
  const [failure, setFailure] = useState<string | null>(null);

  if (version.policy.kind === 'MONITORING')
    return <Alert severity="info">{translate('spillway.backtest.tab.monitoring')}</Alert>;

  const allowed = canDo(permissions, 'runBacktest');
  const start = async (run: () => Promise<{ data: Backtest }>) => {
    setPending(true);
    setFailure(null);
    try {
      const { data } = await run();
      setStartedId(data.id);
      await refetch();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setPending(false);
    }
  };
  const disabled = !allowed || unsaved || pending;

  return (
    <Stack spacing={3} data-testid="backtest-tab">
      <Typography variant="body2" color="text.secondary">
        {translate('spillway.backtest.tab.description', { number: version.number })}
      </Typography>
      {!allowed && <Alert severity="info">{translate('spillway.backtest.tab.notAllowed')}</Alert>}
      {allowed && unsaved && <Alert severity="warning">{translate('spillway.backtest.tab.saveFirst')}</Alert>}
      <Form
        onSubmit={(values: Record<string, unknown>) =>
          start(() =>
            dataProvider.startBacktest({
              caseSetId: String(values.caseSetId),
              candidateVersionIds: [version.id],
            }),
          )
        }
      >
        <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <ReferenceInput source="caseSetId" reference="caseSets" perPage={100}>
            <SelectInput
              optionText="name"
              label="spillway.backtest.caseSet"
              validate={required()}
              helperText={false}
              sx={{ minWidth: 280 }}
            />
          </ReferenceInput>
          <Button type="submit" variant="contained" startIcon={<PlayIcon />} disabled={disabled}>
            {translate('spillway.backtest.tab.start')}
          </Button>
          {/* Budgets pace a case set's approvals in time order; recorded decisions were paced when made. */}
          {version.policy.kind !== 'EXPOSURE' && (
            <Button
              variant="outlined"
              startIcon={<ReplayIcon />}
              disabled={disabled}
              onClick={() => start(() => dataProvider.replayDecisions({ candidateVersionIds: [version.id] }))}
            >
              {translate('spillway.backtest.tab.replay')}
            </Button>
          )}
        </Stack>
      </Form>
      {failure && (
        <Alert severity="error" data-testid="backtest-error">
          {failure}
        </Alert>
      )}
      {watched && <JobWatch id={String(watched)} />}
      {runs && runs.length > 0 && <EarlierRuns runs={runs} />}
    </Stack>
  );
};
