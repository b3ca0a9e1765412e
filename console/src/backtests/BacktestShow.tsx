import CancelIcon from '@mui/icons-material/Cancel';
import { Alert, Box, Chip, Divider, Link, Stack, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import type { BacktestMetrics, DecisionSummary, FieldDifference } from '@spillway/rules';
import {
  BooleanInput,
  DataTable,
  FilterForm,
  ListBase,
  ListButton,
  Pagination,
  SelectArrayInput,
  Show,
  TopToolbar,
  useCreatePath,
  useDataProvider,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { Link as RouterLink } from 'react-router';
import { ActionDialogButton } from '../common/ActionDialogButton';
import { OutcomeChip } from '../common/chips';
import { unsortedColumns } from '../common/columns';
import { DateTimeText, MoneyText, ObservedText } from '../common/fields';
import { EMPTY, formatBps, usePercent } from '../common/format';
import { JobProgress, JobStatusChip, pollWhile } from '../common/jobs';
import { type Column, FactGrid, Figure, Section, SimpleTable, TableSection } from '../common/SimpleTable';
import type { SpillwayDataProvider } from '../dataProvider';
import { type Backtest, type BacktestDifference, CHANGE_KINDS, isRunning } from '../dataProvider/backtests';
import { OUTCOMES } from '../dataProvider/dashboard';
import type { DecisionOutcome } from '../dataProvider/decisions';
import { canDo } from '../permissions';
import { HeadlineFigures } from './Figures';
import { ChangeKindChip, PolicyChips } from './fields';
import {
  type LimitRow,
  limitRows,
  psiLevel,
  type RuleHitRow,
  rateDataset,
  ruleHitRows,
  SIDES,
  type SidePair,
  type SwapRow,
  swapRows,
  tierRows,
} from './metrics';

/** A baseline-vs-candidate bar chart of rates (0 to 1). */
const SideChart = ({
  rows,
  label,
  testId,
}: {
  rows: SidePair[];
  label: (id: string) => string;
  testId: string;
}) => {
  const translate = useTranslate();
  const percent = usePercent();
  return (
    <Box data-testid={testId}>
      <BarChart
        dataset={rows.map((row) => ({ ...row, group: label(row.id) }))}
        xAxis={[{ scaleType: 'band', dataKey: 'group' }]}
        yAxis={[{ valueFormatter: (value: number | null) => percent(value) }]}
        series={SIDES.map((side) => ({
          dataKey: side,
          label: translate(`spillway.backtest.side.${side}`),
          valueFormatter: (value: number | null) => percent(value),
        }))}
        height={260}
      />
    </Box>
  );
};

const Count = ({ value }: { value: number }) => <>{value}</>;

const swapColumns = (percent: (value: number | null) => string): Column<SwapRow>[] => [
  { label: 'spillway.backtest.swaps.kind', render: (row) => <SwapKindLabel id={row.id} /> },
  { label: 'spillway.backtest.swaps.count', render: (row) => <Count value={row.count} />, align: 'right' },
  { label: 'spillway.backtest.swaps.known', render: (row) => <Count value={row.known} />, align: 'right' },
  {
    label: 'spillway.backtest.swaps.defaults',
    render: (row) => <Count value={row.defaults} />,
    align: 'right',
  },
  { label: 'spillway.backtest.swaps.badRate', render: (row) => percent(row.badRate), align: 'right' },
];

const SwapKindLabel = ({ id }: { id: string }) => {
  const translate = useTranslate();
  return <span data-swap={id}>{translate(`spillway.backtest.swaps.${id}`)}</span>;
};

const Swaps = ({ metrics }: { metrics: BacktestMetrics }) => {
  const translate = useTranslate();
  const percent = usePercent();
  const columns = swapColumns(percent);
  const matrixColumns: Column<DecisionOutcome>[] = [
    { label: 'spillway.backtest.matrix.from', render: (from) => <OutcomeChip outcome={from} /> },
    ...OUTCOMES.map((to) => ({
      label: `spillway.outcome.${to}`,
      render: (from: DecisionOutcome) => metrics.swaps.matrix[from][to].count,
      align: 'right' as const,
    })),
  ];
  return (
    <Section title="spillway.backtest.section.swaps">
      <Stack spacing={2}>
        <SimpleTable name="swaps" rows={swapRows(metrics)} columns={columns} empty="spillway.empty.facts" />
        <FactGrid>
          <Figure label="spillway.backtest.swaps.swapInUnknown">
            <span data-testid="swap-in-unknown">{metrics.swaps.swapIn.unknown}</span>
          </Figure>
          <Figure label="spillway.backtest.swaps.referralChanges">{metrics.swaps.referralChanges}</Figure>
        </FactGrid>
        <Typography variant="subtitle2">{translate('spillway.backtest.matrix.title')}</Typography>
        <SimpleTable
          name="outcome-matrix"
          rows={OUTCOMES}
          columns={matrixColumns}
          empty="spillway.empty.facts"
        />
      </Stack>
    </Section>
  );
};

const limitValue = (row: LimitRow, value: LimitRow['baseline']) =>
  row.money ? <MoneyText value={value == null ? null : String(value)} /> : (value ?? EMPTY);

const limitColumns: Column<LimitRow>[] = [
  {
    label: 'spillway.backtest.figure',
    render: (row) => <FigureLabel id={`spillway.backtest.limits.${row.id}`} />,
  },
  ...SIDES.map((side) => ({
    label: `spillway.backtest.side.${side}`,
    render: (row: LimitRow) => limitValue(row, row[side]),
    align: 'right' as const,
  })),
];

const FigureLabel = ({ id }: { id: string }) => <>{useTranslate()(id)}</>;

const ruleColumns: Column<RuleHitRow>[] = [
  { label: 'spillway.backtest.rule', render: (row) => row.id, mono: true },
  ...SIDES.map((side) => ({
    label: `spillway.backtest.side.${side}`,
    render: (row: RuleHitRow) => row[side],
    align: 'right' as const,
  })),
  {
    label: 'spillway.backtest.change',
    render: (row) => (row.change > 0 ? `+${row.change}` : row.change),
    align: 'right',
  },
];

const Pricing = ({ metrics }: { metrics: BacktestMetrics }) => {
  const translate = useTranslate();
  const level = psiLevel(metrics.tierPsi);
  const tiers = tierRows(metrics).map((row) => ({
    id: row.id,
    baseline: row.baselineShare,
    candidate: row.candidateShare,
  }));
  return (
    <Section title="spillway.backtest.section.pricing">
      <Stack spacing={2}>
        <FactGrid testId="backtest-pricing">
          {SIDES.map((side) => (
            <Figure key={side} label={`spillway.backtest.averageApr.${side}`}>
              {metrics[side].pricing.averageAprBps == null
                ? EMPTY
                : formatBps(Math.round(metrics[side].pricing.averageAprBps))}
            </Figure>
          ))}
          <Figure label="spillway.backtest.psi">
            <span data-testid="tier-psi">
              {metrics.tierPsi == null
                ? EMPTY
                : `${metrics.tierPsi.toFixed(4)} · ${translate(`spillway.backtest.psiLevel.${level}`)}`}
            </span>
          </Figure>
        </FactGrid>
        {tiers.length > 0 && (
          <>
            <Typography variant="subtitle2">{translate('spillway.backtest.tiers')}</Typography>
            <SideChart rows={tiers} label={(id) => id} testId="tier-chart" />
          </>
        )}
      </Stack>
    </Section>
  );
};

const MetricsSections = ({ metrics }: { metrics: BacktestMetrics }) => {
  const translate = useTranslate();
  return (
    <>
      <Section title="spillway.backtest.section.rates">
        <Stack spacing={2}>
          <HeadlineFigures metrics={metrics} />
          <SideChart
            rows={rateDataset(metrics)}
            label={(id) => translate(`spillway.backtest.${id}`)}
            testId="rates-chart"
          />
        </Stack>
      </Section>
      <Swaps metrics={metrics} />
      <TableSection
        title="spillway.backtest.section.limits"
        name="limits"
        rows={limitRows(metrics)}
        columns={limitColumns}
        empty="spillway.empty.facts"
      />
      <Pricing metrics={metrics} />
      <TableSection
        title="spillway.backtest.section.ruleHits"
        name="rule-hits"
        rows={ruleHitRows(metrics)}
        columns={ruleColumns}
        empty="spillway.backtest.noRuleHits"
      />
    </>
  );
};

/** Outcome, limit and APR of one side of a difference, in one cell. */
const SummaryCell = ({ summary }: { summary: DecisionSummary }) => (
  <Stack spacing={0.5}>
    <OutcomeChip outcome={summary.outcome} />
    <Typography variant="caption">
      <MoneyText value={summary.approvedLimit == null ? null : String(summary.approvedLimit)} />
      {summary.aprBps == null ? '' : ` · ${formatBps(summary.aprBps)}`}
      {summary.riskTier ? ` · ${summary.riskTier}` : ''}
    </Typography>
  </Stack>
);

const fieldDifferences = (differences: FieldDifference[]) =>
  differences.map((difference) => (
    <Typography key={difference.field} variant="caption" component="div" sx={{ fontFamily: 'monospace' }}>
      {`${difference.field}: ${JSON.stringify(difference.expected)} → ${JSON.stringify(difference.actual)}`}
    </Typography>
  ));

/** A regression (missed expectation) or a mismatch (replay), with the fields that differ. */
const Flag = ({ flag, differences }: { flag: 'regression' | 'mismatch'; differences: FieldDifference[] }) => {
  const translate = useTranslate();
  return (
    <>
      <Chip size="small" color="error" label={translate(`spillway.backtest.${flag}`)} data-flag={flag} />
      {fieldDifferences(differences)}
    </>
  );
};

const DifferenceFlags = ({ record }: { record: BacktestDifference }) => (
  <Stack spacing={0.5}>
    {record.regression && <Flag flag="regression" differences={record.expectationFailures ?? []} />}
    {record.mismatch && <Flag flag="mismatch" differences={record.mismatches ?? []} />}
  </Stack>
);

const CaseCell = ({ record }: { record: BacktestDifference }) => {
  const createPath = useCreatePath();
  if (record.decisionId)
    return (
      <Link
        component={RouterLink}
        to={createPath({ resource: 'decisions', id: record.decisionId, type: 'show' })}
      >
        {record.externalRef ?? record.decisionId.slice(0, 8)}
      </Link>
    );
  return (
    <>{`${record.line == null ? '' : `#${record.line}`}${record.externalRef ? ` · ${record.externalRef}` : ''}`}</>
  );
};

/** The cases that changed, a page at a time, filtered by change kind (and regressions or mismatches). */
const Differences = ({ backtest }: { backtest: Backtest }) => {
  const suite = (backtest.expectationsChecked ?? 0) > 0;
  const checked = suite || backtest.kind === 'REPLAY';
  const filters = [
    <SelectArrayInput
      key="changeKinds"
      source="changeKinds"
      label="spillway.backtest.changeKinds"
      choices={CHANGE_KINDS.map((id) => ({ id, name: `spillway.changeKind.${id}` }))}
      alwaysOn
      sx={{ minWidth: 240 }}
    />,
    ...(suite
      ? [
          <BooleanInput
            key="regressionsOnly"
            source="regressionsOnly"
            label="spillway.backtest.regressionsOnly"
            alwaysOn
          />,
        ]
      : []),
    ...(backtest.kind === 'REPLAY'
      ? [
          <BooleanInput
            key="mismatchesOnly"
            source="mismatchesOnly"
            label="spillway.backtest.mismatchesOnly"
            alwaysOn
          />,
        ]
      : []),
  ];
  return (
    <Section title="spillway.backtest.section.differences">
      <ListBase
        resource="backtestDifferences"
        filter={{ backtestId: backtest.id }}
        perPage={25}
        sort={{ field: 'line', order: 'ASC' }}
        disableSyncWithLocation
      >
        <FilterForm filters={filters} />
        <DataTable<BacktestDifference> bulkActionButtons={false} rowClick={false} empty={<NoDifferences />}>
          {unsortedColumns<BacktestDifference>([
            {
              source: 'line',
              label: 'spillway.backtest.case',
              render: (record) => <CaseCell record={record} />,
            },
            {
              source: 'changeKind',
              label: 'spillway.backtest.changeKind',
              render: (record) => <ChangeKindChip kind={record.changeKind} />,
            },
            ...SIDES.map((side) => ({
              source: side,
              label: `spillway.backtest.side.${side}`,
              render: (record: BacktestDifference) => <SummaryCell summary={record[side]} />,
            })),
            {
              source: 'observedDefault',
              label: 'spillway.backtest.observed',
              render: (record) => <ObservedText value={record.observedDefault} />,
            },
            // Expectations and mismatches exist only for regression suites and replays.
            ...(checked
              ? [
                  {
                    source: 'regression',
                    label: 'spillway.backtest.expectations',
                    render: (record: BacktestDifference) => <DifferenceFlags record={record} />,
                  },
                ]
              : []),
          ])}
        </DataTable>
        <Pagination rowsPerPageOptions={[10, 25, 50, 100]} />
      </ListBase>
    </Section>
  );
};

const NoDifferences = () => {
  const translate = useTranslate();
  return (
    <Typography color="text.secondary" sx={{ p: 2 }}>
      {translate('spillway.backtest.noDifferences')}
    </Typography>
  );
};

/** Expectations of a regression suite and mismatches of a replay: what decides whether the run passed. */
const Verdict = ({ backtest }: { backtest: Backtest }) => {
  const translate = useTranslate();
  return (
    <FactGrid testId="backtest-verdict">
      <Figure label="spillway.backtest.passed">
        {backtest.passed == null ? (
          EMPTY
        ) : (
          <Chip
            size="small"
            color={backtest.passed ? 'success' : 'error'}
            label={translate(backtest.passed ? 'spillway.backtest.pass' : 'spillway.backtest.fail')}
            data-passed={backtest.passed}
          />
        )}
      </Figure>
      <Figure label="spillway.backtest.expectationsChecked">{backtest.expectationsChecked}</Figure>
      <Figure label="spillway.backtest.regressions">{backtest.regressions}</Figure>
      {backtest.kind === 'REPLAY' && (
        <Figure label="spillway.backtest.mismatches">
          <span data-testid="mismatches">{backtest.mismatches}</span>
        </Figure>
      )}
    </FactGrid>
  );
};

const Summary = ({ backtest }: { backtest: Backtest }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  return (
    <FactGrid testId="backtest-summary">
      <Figure label="spillway.backtest.kind">{translate(`spillway.backtestKind.${backtest.kind}`)}</Figure>
      <Figure label="spillway.backtest.status">
        <JobStatusChip status={backtest.status} />
      </Figure>
      <Figure label="spillway.backtest.progress">
        <JobProgress progress={backtest.progress} done={backtest.casesDone} total={backtest.casesTotal} />
      </Figure>
      <Figure label="spillway.backtest.caseSet">
        {backtest.caseSet ? (
          <Link
            component={RouterLink}
            to={createPath({ resource: 'caseSets', id: backtest.caseSet.id, type: 'show' })}
          >
            {backtest.caseSet.name}
          </Link>
        ) : (
          translate('spillway.backtest.recordedDecisions')
        )}
      </Figure>
      <Figure label="spillway.backtest.side.baseline">
        {backtest.kind === 'REPLAY' ? (
          translate('spillway.backtest.recordedRevisions')
        ) : (
          <PolicyChips policies={backtest.baseline ?? []} />
        )}
      </Figure>
      <Figure label="spillway.backtest.side.candidate">
        <PolicyChips policies={backtest.candidate ?? []} />
      </Figure>
      <Figure label="spillway.backtest.createdBy">{backtest.createdBy}</Figure>
      <Figure label="spillway.backtest.createdAt">
        <DateTimeText value={backtest.createdAt} />
      </Figure>
      <Figure label="spillway.backtest.finishedAt">
        {backtest.finishedAt ? <DateTimeText value={backtest.finishedAt} /> : EMPTY}
      </Figure>
      <Figure label="spillway.backtest.asOf">
        <DateTimeText value={backtest.asOf} />
      </Figure>
      {backtest.cancelledBy && <Figure label="spillway.backtest.cancelledBy">{backtest.cancelledBy}</Figure>}
    </FactGrid>
  );
};

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
