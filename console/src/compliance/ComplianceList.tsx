import StatusIcon from '@mui/icons-material/Flag';
import RuleIcon from '@mui/icons-material/Gavel';
import PlayIcon from '@mui/icons-material/PlayArrow';
import CodeIcon from '@mui/icons-material/ReportProblem';
import { Alert, Box, Card, CardContent, Stack, Typography } from '@mui/material';
import { LineChart } from '@mui/x-charts/LineChart';
import { useEffect, useRef } from 'react';
import {
  BulkExportButton,
  DataTable,
  ExportButton,
  List,
  SelectInput,
  SimpleList,
  TextInput,
  TopToolbar,
  useDataProvider,
  useGetList,
  usePermissions,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { ActionDialogButton } from '../common/ActionDialogButton';
import { unsortedColumns } from '../common/columns';
import { CountText, DateTimeField, DateTimeText, MoneyField, MoneyText, Verbatim } from '../common/fields';
import { useFormat } from '../common/format';
import { JobProgress, JobStatusChip, POLL_MS } from '../common/jobs';
import { EnumFilter, ListAside, useCsvExporter, useIsSmall } from '../common/lists';
import { RecordLink } from '../common/RecordLink';
import { SimpleTable } from '../common/SimpleTable';
import type { SpillwayDataProvider } from '../dataProvider';
import {
  CHECK_IDS,
  type CheckSummary,
  type ComplianceFinding,
  type ComplianceRun,
  FINDING_CODES,
  FINDING_STATUSES,
} from '../dataProvider/compliance';
import { PRODUCT_KEY } from '../dataProvider/monitoring';
import { canDo } from '../permissions';
import { CheckText, FindingCodeChip, FindingStatusChip } from './fields';

/** Runs the trend chart spans, newest last. */
const TREND_RUNS = 20;

const RunButton = () => {
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const { permissions } = usePermissions();
  if (!canDo(permissions, 'runCompliance')) return null;
  return (
    <ActionDialogButton
      label="spillway.compliance.run.label"
      testId="run-compliance"
      title="spillway.compliance.run.title"
      description="spillway.compliance.run.description"
      messageArgs={{ product: PRODUCT_KEY }}
      successMessage="spillway.compliance.run.done"
      icon={<PlayIcon />}
      action={() => dataProvider.runComplianceCheck()}
    />
  );
};

const summaryKey = (row: Pick<CheckSummary, 'check' | 'code'>) => `${row.check}:${row.code}`;

/** The latest run's count and exposure per check, and what is new or resolved since the one before. */
const Summary = ({ run }: { run: ComplianceRun }) => {
  const format = useFormat();
  return (
    <Box data-testid="compliance-summary">
      <SimpleTable<CheckSummary>
        name="compliance-summary"
        rows={run.checks}
        empty="spillway.compliance.noFindings"
        columns={[
          {
            label: 'spillway.compliance.check',
            render: (row) => (
              <Stack spacing={0.5} data-summary={summaryKey(row)}>
                <CheckText check={row.check} />
                {row.code !== 'BREACH' && <FindingCodeChip code={row.code} />}
              </Stack>
            ),
          },
          {
            label: 'spillway.compliance.findings',
            align: 'right',
            render: (row) => (
              <span data-testid={`findings-${summaryKey(row)}`}>{format.count(row.findings)}</span>
            ),
          },
          {
            label: 'spillway.compliance.exposure',
            align: 'right',
            render: (row) => <MoneyText value={row.exposure} />,
          },
          {
            label: 'spillway.compliance.new',
            align: 'right',
            render: (row) => format.signedCount(row.newFindings),
          },
          {
            label: 'spillway.compliance.resolved',
            align: 'right',
            render: (row) => <CountText value={row.resolved} />,
          },
        ]}
      />
    </Box>
  );
};

/** Findings per check over the runs, oldest first: whether the portfolio drifts into breach or out of it. */
const Trend = ({ runs }: { runs: ComplianceRun[] }) => {
  const translate = useTranslate();
  const format = useFormat();
  const completed = runs.filter((run) => run.status === 'COMPLETED').reverse();
  if (completed.length === 0) return null;
  const keys = [...new Set(completed.flatMap((run) => run.checks.map(summaryKey)))];
  const dataset = completed.map((run) => ({
    run: format.dateTime(run.startedAt),
    ...Object.fromEntries(
      keys.map((key) => [key, run.checks.find((row) => summaryKey(row) === key)?.findings ?? 0]),
    ),
  }));
  const label = (key: string) => {
    const [check, code] = key.split(':');
    const name = translate(`spillway.complianceCheck.${check}`, { _: check });
    return code === 'BREACH' ? name : `${name} (${translate(`spillway.findingCode.${code}`)})`;
  };
  return (
    <Box data-testid="compliance-trend">
      <LineChart
        dataset={dataset}
        xAxis={[{ scaleType: 'point', dataKey: 'run' }]}
        yAxis={[{ valueFormatter: (value: number | null) => format.count(value) }]}
        series={keys.map((key) => ({
          dataKey: key,
          label: label(key),
          showMark: true,
          valueFormatter: (value: number | null) => format.count(value),
        }))}
        height={280}
      />
    </Box>
  );
};

/** The latest run with its progress, its summary per check, and the trend over the runs before it. */
const RunsOverview = () => {
  const translate = useTranslate();
  const refresh = useRefresh();
  const {
    data: runs = [],
    error,
    isPending,
  } = useGetList<ComplianceRun>(
    'complianceRuns',
    { pagination: { page: 1, perPage: TREND_RUNS }, sort: { field: 'startedAt', order: 'DESC' } },
    {
      refetchInterval: (query) =>
        query.state.data?.data.some((run) => run.status === 'RUNNING' || run.status === 'QUEUED')
          ? POLL_MS
          : false,
    },
  );
  const [latest] = runs;
  const lastCompleted = runs.find((run) => run.status === 'COMPLETED');
  // A run that completes while the page is open changes the findings below it: the list is read again.
  const latestKey = isPending ? null : latest ? `${latest.id}:${latest.status}` : '';
  const seen = useRef<string | null>(null);
  useEffect(() => {
    if (latestKey === null) return;
    if (seen.current !== null && latestKey !== seen.current && latestKey.endsWith(':COMPLETED')) refresh();
    seen.current = latestKey;
  }, [latestKey, refresh]);
  return (
    <Card sx={{ mb: 2 }}>
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="h6" sx={{ flexGrow: 1 }}>
              {translate('spillway.compliance.title')}
            </Typography>
            {latest && (
              <Stack
                direction="row"
                spacing={1}
                sx={{ alignItems: 'center' }}
                data-testid="compliance-latest"
              >
                <JobStatusChip status={latest.status} />
                <JobProgress
                  progress={latest.borrowersTotal > 0 ? latest.borrowersChecked / latest.borrowersTotal : 0}
                  done={latest.borrowersChecked}
                  total={latest.borrowersTotal}
                />
                <DateTimeText value={latest.startedAt} />
              </Stack>
            )}
            <RunButton />
          </Stack>
          {error && <Alert severity="error">{translate('spillway.compliance.loadFailed')}</Alert>}
          {latest?.error && <Alert severity="error">{latest.error}</Alert>}
          {!latest && (
            <Typography color="text.secondary">{translate('spillway.compliance.noRuns')}</Typography>
          )}
          {lastCompleted && <Summary run={lastCompleted} />}
          <Trend runs={runs} />
        </Stack>
      </CardContent>
    </Card>
  );
};

const choices = (group: string, values: readonly string[]) =>
  values.map((id) => ({ id, name: `spillway.${group}.${id}` }));

const filters = [
  <SelectInput key="status" source="status" choices={choices('findingStatus', FINDING_STATUSES)} alwaysOn />,
  <SelectInput key="checkId" source="checkId" choices={choices('complianceCheck', CHECK_IDS)} alwaysOn />,
  <SelectInput key="code" source="code" choices={choices('findingCode', FINDING_CODES)} />,
  <TextInput key="borrowerId" source="borrowerId" />,
];

const FindingAside = () => (
  <ListAside>
    <EnumFilter
      label="resources.complianceFindings.fields.status"
      source="status"
      group="findingStatus"
      values={FINDING_STATUSES}
      icon={<StatusIcon />}
    />
    <EnumFilter
      label="resources.complianceFindings.fields.checkId"
      source="checkId"
      group="complianceCheck"
      values={CHECK_IDS}
      icon={<RuleIcon />}
    />
    <EnumFilter
      label="resources.complianceFindings.fields.code"
      source="code"
      group="findingCode"
      values={FINDING_CODES}
      icon={<CodeIcon />}
    />
  </ListAside>
);

const BorrowerCell = ({ finding }: { finding: ComplianceFinding }) => (
  <RecordLink resource="borrowers" id={finding.borrower.id}>
    <Verbatim>{finding.borrower.externalRef}</Verbatim>
  </RecordLink>
);

function useFindingExporter() {
  const translate = useTranslate();
  return useCsvExporter<ComplianceFinding>('compliance-findings', [
    {
      label: 'resources.complianceFindings.fields.checkId',
      value: (finding) => translate(`spillway.complianceCheck.${finding.checkId}`, { _: finding.checkId }),
    },
    { label: 'spillway.compliance.checkId', value: (finding) => finding.checkId },
    {
      label: 'resources.complianceFindings.fields.code',
      value: (finding) => translate(`spillway.findingCode.${finding.code}`),
    },
    {
      label: 'resources.complianceFindings.fields.status',
      value: (finding) => translate(`spillway.findingStatus.${finding.status}`),
    },
    {
      label: 'resources.complianceFindings.fields.borrowerId',
      value: (finding) => finding.borrower.externalRef,
    },
    { label: 'resources.complianceFindings.fields.creditLineId', value: (finding) => finding.creditLineId },
    { label: 'resources.complianceFindings.fields.exposure', value: (finding) => finding.exposure },
    { label: 'resources.complianceFindings.fields.firstFoundAt', value: (finding) => finding.firstFoundAt },
    { label: 'resources.complianceFindings.fields.resolvedAt', value: (finding) => finding.resolvedAt },
    {
      label: 'resources.complianceFindings.fields.setByDecisionId',
      value: (finding) => finding.setByDecisionId,
    },
    { label: 'resources.complianceFindings.fields.revision', value: (finding) => finding.revision },
    { label: 'resources.complianceFindings.fields.facts', value: (finding) => JSON.stringify(finding.facts) },
    { label: 'resources.complianceFindings.fields.note', value: (finding) => finding.note },
  ]);
}

// Largest exposure first, as the API lists them; open findings unless the filter says otherwise.
export const ComplianceList = () => {
  const isSmall = useIsSmall();
  const exporter = useFindingExporter();
  return (
    <>
      <RunsOverview />
      <List
        empty={false}
        filters={filters}
        filterDefaultValues={{ status: 'OPEN' }}
        aside={<FindingAside />}
        actions={
          <TopToolbar>
            <ExportButton maxResults={10_000} />
          </TopToolbar>
        }
        perPage={25}
        exporter={exporter}
        sort={{ field: 'exposure', order: 'DESC' }}
      >
        {isSmall ? (
          <SimpleList<ComplianceFinding>
            primaryText={(finding) => <CheckText check={finding.checkId} />}
            secondaryText={(finding) => <Verbatim>{finding.borrower.externalRef}</Verbatim>}
            tertiaryText={(finding) => <FindingStatusChip status={finding.status} />}
            linkType="show"
          />
        ) : (
          <DataTable<ComplianceFinding> rowClick="show" bulkActionButtons={<BulkExportButton />}>
            {unsortedColumns<ComplianceFinding>([
              {
                source: 'checkId',
                render: (finding) => (
                  <Stack spacing={0.5}>
                    <CheckText check={finding.checkId} />
                    {finding.code !== 'BREACH' && <FindingCodeChip code={finding.code} />}
                  </Stack>
                ),
              },
              { source: 'borrowerId', render: (finding) => <BorrowerCell finding={finding} /> },
              { source: 'exposure', field: MoneyField, align: 'right' },
              { source: 'status', render: (finding) => <FindingStatusChip status={finding.status} /> },
              { source: 'firstFoundAt', field: DateTimeField },
              {
                source: 'setByDecisionId',
                render: (finding) =>
                  finding.setByDecisionId ? (
                    <RecordLink resource="decisions" id={finding.setByDecisionId}>
                      <Verbatim mono>{finding.setByDecisionId.slice(0, 8)}</Verbatim>
                    </RecordLink>
                  ) : null,
              },
            ])}
          </DataTable>
        )}
      </List>
    </>
  );
};
