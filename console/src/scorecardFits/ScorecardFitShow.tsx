import { Alert, Box, Divider, Stack, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import type { CalibrationBand, CharacteristicReport, ScorecardFitReport } from '@spillway/rules';
import { ListButton, Show, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { DateTimeText, Verbatim } from '../common/fields';
import { EMPTY, useFormat } from '../common/format';
import { JobProgress, JobStatusChip, pollWhile } from '../common/jobs';
import { RecordLink } from '../common/RecordLink';
import { type Column, FactGrid, Figure, Section, SimpleTable } from '../common/SimpleTable';
import { VersionLink } from '../common/VersionLink';
import { isRunning } from '../dataProvider/backtests';
import type { ScorecardFit } from '../dataProvider/scorecardFits';

type Bin = CharacteristicReport['bins'][number];

/** How the job went and what it found, at a glance. */
const Summary = ({ fit }: { fit: ScorecardFit }) => {
  const translate = useTranslate();
  const format = useFormat();
  const test = fit.report?.test;
  const number = (value: number | null | undefined, digits = 3) =>
    value == null ? EMPTY : value.toFixed(digits);
  return (
    <FactGrid testId="fit-summary">
      <Figure label="spillway.fit.status">
        <JobStatusChip status={fit.status} />
      </Figure>
      <Figure label="spillway.fit.progress">
        <JobProgress progress={fit.progress} done={fit.casesRead + fit.casesSkipped} total={fit.casesTotal} />
      </Figure>
      <Figure label="spillway.fit.caseSet">
        {fit.caseSet ? (
          <RecordLink resource="caseSets" id={fit.caseSet.id}>
            <Verbatim>{fit.caseSet.name}</Verbatim>
          </RecordLink>
        ) : (
          EMPTY
        )}
      </Figure>
      <Figure label="spillway.fit.name">
        <Verbatim mono>{fit.name}</Verbatim>
      </Figure>
      <Figure label="spillway.fit.outcome">
        {fit.outcome === 'observedDefault' ? (
          translate('spillway.fit.observedDefault')
        ) : (
          <Verbatim mono>{fit.outcome}</Verbatim>
        )}
      </Figure>
      <Figure label="spillway.fit.split">
        {fit.report
          ? translate('spillway.fit.splitCounts', {
              train: format.count(fit.report.split.train.count),
              test: format.count(fit.report.split.test.count),
              bads: format.count(fit.report.split.test.bads),
            })
          : translate('spillway.fit.splitAsked', { percent: format.percent(fit.testShare), seed: fit.seed })}
      </Figure>
      <Figure label="spillway.fit.auc">
        <span data-testid="fit-auc">{number(test?.auc, 4)}</span>
      </Figure>
      <Figure label="spillway.fit.gini">{number(test?.gini)}</Figure>
      <Figure label="spillway.fit.ks">
        <span data-testid="fit-ks">{number(test?.ks)}</span>
      </Figure>
      <Figure label="spillway.fit.psi">{number(fit.report?.psi, 4)}</Figure>
      <Figure label="spillway.fit.draft">
        {fit.draftVersion ? (
          <span data-testid="fit-draft">
            <VersionLink
              policyId={fit.policyId}
              versionId={fit.draftVersion.id}
              number={fit.draftVersion.number}
            >
              {translate('spillway.fit.openDraft', {
                kind: translate(`spillway.policyKind.${fit.policyKind}`),
                number: fit.draftVersion.number,
              })}
            </VersionLink>
          </span>
        ) : (
          EMPTY
        )}
      </Figure>
      <Figure label="spillway.fit.createdBy">
        <Verbatim>{fit.createdBy}</Verbatim>
      </Figure>
      <Figure label="spillway.fit.finishedAt">
        <DateTimeText value={fit.finishedAt} />
      </Figure>
    </FactGrid>
  );
};

/** Information value per candidate, strongest first, with what the fit did with it. */
const InformationValues = ({ report }: { report: ScorecardFitReport }) => {
  const translate = useTranslate();
  const rows = [...report.characteristics].sort((a, b) => b.iv - a.iv);
  const columns: Column<CharacteristicReport>[] = [
    { label: 'spillway.fit.characteristic', render: (row) => <Verbatim mono>{row.name}</Verbatim> },
    { label: 'spillway.fit.iv', render: (row) => row.iv.toFixed(3), align: 'right' },
    {
      label: 'spillway.fit.characteristicStatus',
      render: (row) => translate(`spillway.fit.statuses.${row.status}`),
    },
    {
      label: 'spillway.fit.coefficient',
      render: (row) => (row.coefficient == null ? EMPTY : row.coefficient.toFixed(3)),
      align: 'right',
    },
    {
      label: 'spillway.fit.pValue',
      // Far below any threshold a p-value reads as a bound, not as thirty zeros.
      render: (row) => (row.pValue == null ? EMPTY : row.pValue < 0.001 ? '< 0.001' : row.pValue.toFixed(3)),
      align: 'right',
    },
  ];
  return (
    <Stack spacing={2}>
      <Box data-testid="iv-chart">
        <BarChart
          dataset={rows.map((row) => ({ name: row.name, iv: row.iv }))}
          yAxis={[{ scaleType: 'band', dataKey: 'name', width: 140 }]}
          xAxis={[{ label: translate('spillway.fit.iv') }]}
          series={[{ dataKey: 'iv', label: translate('spillway.fit.iv') }]}
          layout="horizontal"
          height={Math.max(160, 28 * rows.length + 60)}
        />
      </Box>
      <SimpleTable name="iv-table" rows={rows} columns={columns} empty="spillway.fit.noReport" />
    </Stack>
  );
};

/** One characteristic's bins: WoE and bad rate per bin as charts, and the counts and points as a table. */
const CharacteristicBins = ({ row }: { row: CharacteristicReport }) => {
  const translate = useTranslate();
  const format = useFormat();
  const bins = row.bins.filter((bin) => bin.count > 0 || bin.points !== undefined);
  const columns: Column<Bin>[] = [
    { label: 'spillway.fit.bin', render: (bin) => <Verbatim mono>{bin.bin}</Verbatim> },
    { label: 'spillway.fit.count', render: (bin) => format.count(bin.count), align: 'right' },
    { label: 'spillway.fit.share', render: (bin) => format.percent(bin.share), align: 'right' },
    { label: 'spillway.fit.badRate', render: (bin) => format.percent(bin.badRate), align: 'right' },
    { label: 'spillway.fit.woe', render: (bin) => bin.woe.toFixed(3), align: 'right' },
    {
      label: 'spillway.fit.points',
      render: (bin) => (bin.points === undefined ? EMPTY : format.number(bin.points)),
      align: 'right',
    },
  ];
  const dataset = bins.map((bin) => ({ bin: bin.bin, woe: bin.woe, badRate: bin.badRate ?? 0 }));
  return (
    <Box data-testid="fit-bins" data-characteristic={row.name}>
      <Typography variant="subtitle1">
        <Verbatim mono>{row.name}</Verbatim>{' '}
        <Typography component="span" variant="body2" color="text.secondary">
          {translate('spillway.fit.binsOf', {
            iv: row.iv.toFixed(3),
            status: translate(`spillway.fit.statuses.${row.status}`),
          })}
        </Typography>
      </Typography>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <Box sx={{ flex: 1, minWidth: 0 }} data-testid="woe-chart">
          <BarChart
            dataset={dataset}
            xAxis={[{ scaleType: 'band', dataKey: 'bin' }]}
            series={[{ dataKey: 'woe', label: translate('spillway.fit.woe') }]}
            height={220}
          />
        </Box>
        <Box sx={{ flex: 1, minWidth: 0 }} data-testid="bad-rate-chart">
          <BarChart
            dataset={dataset}
            xAxis={[{ scaleType: 'band', dataKey: 'bin' }]}
            yAxis={[{ valueFormatter: (value: number | null) => format.percent(value) }]}
            series={[
              {
                dataKey: 'badRate',
                label: translate('spillway.fit.badRate'),
                valueFormatter: (value: number | null) => format.percent(value),
              },
            ]}
            height={220}
          />
        </Box>
      </Stack>
      <SimpleTable name="fit-bins" rows={bins} columns={columns} empty="spillway.fit.noReport" />
    </Box>
  );
};

/** The held-out ROC curve against the diagonal of a ranking by chance, with KS beside it. */
const RocCurve = ({ report }: { report: ScorecardFitReport }) => {
  const translate = useTranslate();
  const format = useFormat();
  return (
    <Box data-testid="roc-chart">
      <Typography variant="body2">
        {translate('spillway.fit.rocCaption', {
          auc: report.test.auc?.toFixed(4) ?? EMPTY,
          ks: report.test.ks?.toFixed(3) ?? EMPTY,
        })}
      </Typography>
      <LineChart
        dataset={report.roc.map((point) => ({ ...point, chance: point.falsePositiveRate }))}
        xAxis={[
          {
            dataKey: 'falsePositiveRate',
            min: 0,
            max: 1,
            label: translate('spillway.fit.falsePositiveRate'),
            valueFormatter: (value: number) => format.percent(value),
          },
        ]}
        yAxis={[{ min: 0, max: 1, valueFormatter: (value: number) => format.percent(value) }]}
        series={[
          {
            dataKey: 'truePositiveRate',
            label: translate('spillway.fit.truePositiveRate'),
            showMark: false,
            curve: 'linear',
          },
          { dataKey: 'chance', label: translate('spillway.fit.chance'), showMark: false, curve: 'linear' },
        ]}
        height={320}
      />
    </Box>
  );
};

/** Observed against expected default rates by score band on the held-out cases, and the capture upwards. */
const Calibration = ({ report }: { report: ScorecardFitReport }) => {
  const translate = useTranslate();
  const format = useFormat();
  const columns: Column<CalibrationBand>[] = [
    { label: 'spillway.fit.band', render: (band) => <Verbatim mono>{band.band}</Verbatim> },
    { label: 'spillway.fit.count', render: (band) => format.count(band.count), align: 'right' },
    { label: 'spillway.fit.bads', render: (band) => format.count(band.bads), align: 'right' },
    {
      label: 'spillway.fit.observed',
      render: (band) => format.percent(band.observedBadRate),
      align: 'right',
    },
    {
      label: 'spillway.fit.expected',
      render: (band) => format.percent(band.expectedBadRate),
      align: 'right',
    },
    {
      label: 'spillway.fit.cumulativeCapture',
      render: (band) => format.percent(band.cumulativeCapture),
      align: 'right',
    },
  ];
  const percent = (value: number | null) => format.percent(value);
  return (
    <Stack spacing={2}>
      <Box data-testid="calibration-chart">
        <BarChart
          dataset={report.calibration.map((band) => ({
            band: band.band,
            observed: band.observedBadRate ?? 0,
            expected: band.expectedBadRate ?? 0,
          }))}
          xAxis={[{ scaleType: 'band', dataKey: 'band' }]}
          yAxis={[{ valueFormatter: percent }]}
          series={[
            { dataKey: 'observed', label: translate('spillway.fit.observed'), valueFormatter: percent },
            { dataKey: 'expected', label: translate('spillway.fit.expected'), valueFormatter: percent },
          ]}
          height={260}
        />
      </Box>
      <SimpleTable
        name="calibration"
        rows={report.calibration}
        columns={columns}
        empty="spillway.fit.noReport"
      />
      <Typography variant="body2" data-testid="fit-capture">
        {report.capture
          .map((entry) =>
            translate('spillway.fit.captureAt', {
              share: format.percent(entry.flagShare),
              capture: format.percent(entry.capture),
            }),
          )
          .join(' · ')}
      </Typography>
    </Stack>
  );
};

const FitDetail = () => {
  const fit = useRecordContext<ScorecardFit>();
  const translate = useTranslate();
  if (!fit) return null;
  const { report } = fit;
  return (
    <Stack spacing={3} sx={{ p: 2 }} divider={<Divider flexItem />}>
      <Summary fit={fit} />
      {fit.error && (
        <Alert severity="error" data-testid="fit-failure">
          {fit.error}
          {fit.failure?.field && (
            <Typography variant="caption" component="div" translate="no" sx={{ fontFamily: 'monospace' }}>
              {fit.failure.field}
            </Typography>
          )}
        </Alert>
      )}
      {!report && !fit.error && (
        <Typography color="text.secondary">{translate('spillway.fit.noReport')}</Typography>
      )}
      {report && (
        <Section title="spillway.fit.ivTitle">
          <InformationValues report={report} />
        </Section>
      )}
      {report && (
        <Section title="spillway.fit.binsTitle">
          <Stack spacing={3}>
            {report.characteristics
              .filter((row) => row.status === 'selected')
              .map((row) => (
                <CharacteristicBins key={row.name} row={row} />
              ))}
          </Stack>
        </Section>
      )}
      {report && (
        <Section title="spillway.fit.rocTitle">
          <RocCurve report={report} />
        </Section>
      )}
      {report && (
        <Section title="spillway.fit.calibrationTitle">
          <Calibration report={report} />
        </Section>
      )}
    </Stack>
  );
};

const Actions = () => (
  <TopToolbar>
    <ListButton />
  </TopToolbar>
);

/** A fit's results page: it polls while the job runs, then shows the report and links to the draft. */
export const ScorecardFitShow = () => (
  <Show
    actions={<Actions />}
    queryOptions={{ refetchInterval: pollWhile<ScorecardFit>((fit) => isRunning(fit.status)) }}
  >
    <FitDetail />
  </Show>
);
