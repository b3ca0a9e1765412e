import { Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { AlertStatusChip, CutStatusChip, SeverityChip } from '../common/chips';
import { FactTable } from '../common/FactTable';
import { CountText, DateTimeText, IndicatorText, MoneyText, Verbatim } from '../common/fields';
import { RecordLink } from '../common/RecordLink';
import { ReasonCodeText } from '../common/reasons';
import { type Column, Section, TableSection } from '../common/SimpleTable';
import type { Alert, CreditLine } from '../dataProvider/monitoring';
import { type Statement, statementsOf } from './statements';

const statementColumns: Column<Statement>[] = [
  { label: 'spillway.statement.month', render: (row) => <Verbatim>{row.month}</Verbatim>, mono: true },
  { label: 'spillway.statement.billed', render: (row) => <MoneyText value={row.billed} />, align: 'right' },
  { label: 'spillway.statement.paid', render: (row) => <MoneyText value={row.paid} />, align: 'right' },
  {
    label: 'spillway.statement.delayMonths',
    render: (row) => <CountText value={row.delayMonths} />,
    align: 'right',
  },
];

const AlertLink = ({ alert }: { alert: Alert }) => (
  <RecordLink resource="alerts" id={alert.id}>
    <DateTimeText value={alert.createdAt} />
  </RecordLink>
);

const alertColumns: Column<Alert>[] = [
  { label: 'resources.alerts.fields.createdAt', render: (alert) => <AlertLink alert={alert} /> },
  {
    label: 'resources.alerts.fields.severity',
    render: (alert) => <SeverityChip severity={alert.severity} />,
  },
  {
    label: 'resources.alerts.fields.indicator',
    render: (alert) => <IndicatorText indicator={alert.indicator} />,
  },
  { label: 'resources.alerts.fields.reason', render: (alert) => <ReasonCodeText code={alert.reason} /> },
  { label: 'resources.alerts.fields.status', render: (alert) => <AlertStatusChip status={alert.status} /> },
  {
    label: 'resources.alerts.fields.cutStatus',
    render: (alert) => <CutStatusChip status={alert.cutStatus} />,
  },
  {
    label: 'resources.alerts.fields.proposedLimit',
    render: (alert) => <MoneyText value={alert.proposedLimit} />,
    align: 'right',
  },
];

/** What monitoring knows of one line: its alerts, the behaviour last reported and the statements behind it. */
export const LineMonitoring = ({ line }: { line: CreditLine }) => {
  const translate = useTranslate();
  return (
    <Stack spacing={2} data-credit-line={line.id}>
      <Typography variant="subtitle1">
        {translate('spillway.creditLine.title', { id: '' })}
        <Verbatim mono>{line.id.slice(0, 8)}</Verbatim>
      </Typography>
      <TableSection
        title="spillway.creditLine.alerts"
        name="line-alerts"
        rows={line.alerts ?? []}
        columns={alertColumns}
        empty="spillway.empty.alerts"
      />
      <Section title="spillway.creditLine.behaviour">
        <Stack spacing={1}>
          {line.behaviourAsOf && (
            <Typography variant="caption" color="text.secondary">
              {translate('spillway.creditLine.behaviourAsOf')} <DateTimeText value={line.behaviourAsOf} />
            </Typography>
          )}
          <FactTable name="line-behaviour" facts={line.behaviour} empty="spillway.empty.behaviour" />
        </Stack>
      </Section>
      <TableSection
        title="spillway.creditLine.statements"
        name="line-statements"
        rows={statementsOf(line.history)}
        columns={statementColumns}
        empty="spillway.empty.statements"
      />
    </Stack>
  );
};
