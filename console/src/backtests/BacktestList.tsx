import KindIcon from '@mui/icons-material/Category';
import StatusIcon from '@mui/icons-material/Flag';
import ReplayIcon from '@mui/icons-material/Replay';
import {
  DataTable,
  DateInput,
  List,
  SelectInput,
  SimpleList,
  TopToolbar,
  useCreatePath,
  useDataProvider,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { useNavigate } from 'react-router';
import { ActionDialogButton } from '../common/ActionDialogButton';
import { unsortedColumns } from '../common/columns';
import { DateTimeField, Verbatim } from '../common/fields';
import { JobProgress, JobStatusChip, pollWhile } from '../common/jobs';
import { EnumFilter, ListAside, useCsvExporter, useIsSmall } from '../common/lists';
import type { SpillwayDataProvider } from '../dataProvider';
import { BACKTEST_KINDS, type Backtest, isRunning, JOB_STATUSES } from '../dataProvider/backtests';
import { OUTCOMES } from '../dataProvider/dashboard';
import { canDo } from '../permissions';
import { BacktestKindText, PolicyChips, RecordedDecisionsText } from './fields';
import { type ReplayFormValues, toReplayParams } from './replayForm';

const filters = [
  <SelectInput
    key="kind"
    source="kind"
    label="spillway.backtest.kind"
    choices={BACKTEST_KINDS.map((id) => ({ id, name: `spillway.backtestKind.${id}` }))}
    alwaysOn
  />,
  <SelectInput
    key="status"
    source="status"
    label="spillway.backtest.status"
    choices={JOB_STATUSES.map((id) => ({ id, name: `spillway.jobStatus.${id}` }))}
    alwaysOn
  />,
];

const BacktestAside = () => (
  <ListAside>
    <EnumFilter
      label="spillway.backtest.status"
      source="status"
      group="jobStatus"
      values={JOB_STATUSES}
      icon={<StatusIcon />}
    />
    <EnumFilter
      label="spillway.backtest.kind"
      source="kind"
      group="backtestKind"
      values={BACKTEST_KINDS}
      icon={<KindIcon />}
    />
  </ListAside>
);

function useBacktestExporter() {
  const translate = useTranslate();
  const side = (job: Backtest) =>
    job.candidate
      .map((policy) => `${translate(`spillway.policyKind.${policy.kind}`)} v${policy.number ?? '?'}`)
      .join('; ');
  return useCsvExporter<Backtest>('backtests', [
    { label: 'spillway.backtest.createdAt', value: (job) => job.createdAt },
    { label: 'spillway.backtest.kind', value: (job) => translate(`spillway.backtestKind.${job.kind}`) },
    { label: 'spillway.backtest.status', value: (job) => translate(`spillway.jobStatus.${job.status}`) },
    { label: 'spillway.backtest.side.candidate', value: side },
    { label: 'spillway.backtest.caseSet', value: (job) => job.caseSet?.name },
    { label: 'spillway.backtest.progress', value: (job) => job.casesDone },
    { label: 'spillway.backtest.cases', value: (job) => job.casesTotal },
    { label: 'spillway.backtest.createdBy', value: (job) => job.createdBy },
  ]);
}

/**
 * Decides recorded decisions again on the revisions they recorded: any difference is a mismatch. Replays
 * with candidate versions start from a version's Backtest tab.
 */
export const ReplayButton = () => {
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const { permissions } = usePermissions();
  if (!canDo(permissions, 'runBacktest')) return null;
  return (
    <ActionDialogButton<ReplayFormValues, { data: Backtest }>
      label="spillway.replay.label"
      title="spillway.replay.title"
      description="spillway.replay.description"
      successMessage="spillway.replay.done"
      icon={<ReplayIcon />}
      action={(values) => dataProvider.replayDecisions(toReplayParams(values))}
      onDone={({ data }) => navigate(createPath({ resource: 'backtests', id: data.id, type: 'show' }))}
    >
      <SelectInput
        source="outcome"
        label="resources.decisions.fields.outcome"
        choices={OUTCOMES.map((id) => ({ id, name: `spillway.outcome.${id}` }))}
      />
      <DateInput source="from" label="spillway.replay.from" />
      <DateInput source="to" label="spillway.replay.to" />
    </ActionDialogButton>
  );
};

const Actions = () => (
  <TopToolbar>
    <ReplayButton />
  </TopToolbar>
);

type ListQuery = { state: { data?: { data: Backtest[] } } };
const anyRunning = pollWhile<{ data: Backtest[] }>((page) => page.data.some((job) => isRunning(job.status)));

// Newest first, as the API lists them; the page polls while a job on it is still running.
export const BacktestList = () => {
  const isSmall = useIsSmall();
  const exporter = useBacktestExporter();
  return (
    <List
      // With nothing listed yet, the page keeps its actions: starting the first one is what it is for.
      empty={false}
      filters={filters}
      aside={<BacktestAside />}
      actions={<Actions />}
      perPage={25}
      exporter={exporter}
      sort={{ field: 'createdAt', order: 'DESC' }}
      queryOptions={{ refetchInterval: (query: ListQuery) => anyRunning(query) }}
    >
      {isSmall ? (
        <SimpleList<Backtest>
          primaryText={(job) => <BacktestKindText kind={job.kind} />}
          secondaryText={(job) => <PolicyChips policies={job.candidate} />}
          tertiaryText={(job) => <JobStatusChip status={job.status} />}
          linkType="show"
        />
      ) : (
        <DataTable<Backtest> rowClick="show" bulkActionButtons={false}>
          {unsortedColumns<Backtest>([
            { source: 'createdAt', label: 'spillway.backtest.createdAt', field: DateTimeField },
            {
              source: 'kind',
              label: 'spillway.backtest.kind',
              render: (record) => <BacktestKindText kind={record.kind} />,
            },
            {
              source: 'status',
              label: 'spillway.backtest.status',
              render: (record) => <JobStatusChip status={record.status} />,
            },
            {
              source: 'progress',
              label: 'spillway.backtest.progress',
              render: (record) => (
                <JobProgress progress={record.progress} done={record.casesDone} total={record.casesTotal} />
              ),
            },
            {
              source: 'candidate',
              label: 'spillway.backtest.side.candidate',
              render: (record) => <PolicyChips policies={record.candidate} />,
            },
            {
              source: 'caseSet.name',
              label: 'spillway.backtest.caseSet',
              render: (record) =>
                record.caseSet ? <Verbatim>{record.caseSet.name}</Verbatim> : <RecordedDecisionsText />,
            },
            {
              source: 'createdBy',
              label: 'spillway.backtest.createdBy',
              render: (record) => <Verbatim>{record.createdBy}</Verbatim>,
            },
          ])}
        </DataTable>
      )}
    </List>
  );
};
