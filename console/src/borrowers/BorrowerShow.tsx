import { Divider, Link, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Labeled, Show, TextField, useCreatePath, useRecordContext, useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router';
import {
  AlertStatusChip,
  CutStatusChip,
  OutcomeChip,
  OverflowChip,
  OverflowField,
  ReferralStatusChip,
  SeverityChip,
} from '../common/chips';
import { FactTable } from '../common/FactTable';
import { DateTimeText, LineStatusText, MoneyField, MoneyText } from '../common/fields';
import { EMPTY, formatBps } from '../common/format';
import { type Column, FactGrid, Section, SimpleTable, TableSection } from '../common/SimpleTable';
import type { Borrower, LimitChange } from '../dataProvider/borrowers';
import type { Decision } from '../dataProvider/decisions';
import type { Alert, CreditLine } from '../dataProvider/monitoring';
import { type Statement, statementsOf } from './statements';

const lineColumns: Column<CreditLine>[] = [
  { label: 'spillway.creditLine.status', render: (line) => <LineStatusText status={line.status} /> },
  { label: 'spillway.creditLine.limit', render: (line) => <MoneyText value={line.limit} />, align: 'right' },
  {
    label: 'spillway.creditLine.drawnBalance',
    render: (line) => <MoneyText value={line.drawnBalance} />,
    align: 'right',
  },
  { label: 'spillway.creditLine.aprBps', render: (line) => formatBps(line.aprBps), align: 'right' },
  {
    label: 'spillway.creditLine.affordableLimit',
    render: (line) => <MoneyText value={line.affordableLimit} />,
    align: 'right',
  },
  { label: 'spillway.creditLine.overflow', render: (line) => <OverflowChip overflow={line.overflow} /> },
];

const RecordLink = ({
  resource,
  id,
  children,
}: {
  resource: 'decisions' | 'alerts';
  id: string;
  children: ReactNode;
}) => {
  const createPath = useCreatePath();
  return (
    <Link component={RouterLink} to={createPath({ resource, id, type: 'show' })}>
      {children}
    </Link>
  );
};

const DecisionLink = ({ id, children }: { id: string; children: ReactNode }) => (
  <RecordLink resource="decisions" id={id}>
    {children}
  </RecordLink>
);

const historyColumns: Column<LimitChange>[] = [
  {
    label: 'spillway.limitChange.from',
    render: (change) => <MoneyText value={change.from} />,
    align: 'right',
  },
  { label: 'spillway.limitChange.to', render: (change) => <MoneyText value={change.to} />, align: 'right' },
  { label: 'spillway.limitChange.reason', render: (change) => change.reason },
  { label: 'spillway.limitChange.approvedBy', render: (change) => change.approvedBy ?? EMPTY },
  {
    label: 'spillway.limitChange.source',
    render: (change) =>
      change.decisionId ? (
        <DecisionLink id={change.decisionId}>{change.decisionId.slice(0, 8)}</DecisionLink>
      ) : change.alertId ? (
        <RecordLink resource="alerts" id={change.alertId}>
          {change.alertId.slice(0, 8)}
        </RecordLink>
      ) : (
        EMPTY
      ),
    mono: true,
  },
];

const decisionColumns: Column<Decision>[] = [
  {
    label: 'resources.decisions.fields.decidedAt',
    render: (decision) => (
      <DecisionLink id={decision.id}>
        <DateTimeText value={decision.decidedAt} />
      </DecisionLink>
    ),
  },
  {
    label: 'resources.decisions.fields.outcome',
    render: (decision) => <OutcomeChip outcome={decision.outcome} />,
  },
  {
    label: 'resources.decisions.fields.referralStatus',
    render: (decision) => <ReferralStatusChip status={decision.referralStatus} />,
  },
  {
    label: 'resources.decisions.fields.approvedLimit',
    render: (decision) => <MoneyText value={decision.approvedLimit} />,
    align: 'right',
  },
  {
    label: 'resources.decisions.fields.aprBps',
    render: (decision) => (decision.aprBps == null ? EMPTY : formatBps(decision.aprBps)),
    align: 'right',
  },
];

const statementColumns: Column<Statement>[] = [
  { label: 'spillway.statement.month', render: (row) => row.month, mono: true },
  { label: 'spillway.statement.billed', render: (row) => <MoneyText value={row.billed} />, align: 'right' },
  { label: 'spillway.statement.paid', render: (row) => <MoneyText value={row.paid} />, align: 'right' },
  {
    label: 'spillway.statement.delayMonths',
    render: (row) => (row.delayMonths == null ? EMPTY : row.delayMonths),
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
  { label: 'resources.alerts.fields.indicator', render: (alert) => alert.indicator },
  { label: 'resources.alerts.fields.reason', render: (alert) => alert.reason },
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
const LineMonitoring = ({ line }: { line: CreditLine }) => {
  const translate = useTranslate();
  return (
    <Stack spacing={2} data-credit-line={line.id}>
      <Typography variant="subtitle1">
        {translate('spillway.creditLine.title', { id: line.id.slice(0, 8) })}
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

const BorrowerDetail = () => {
  const record = useRecordContext<Borrower>();
  if (!record) return null;
  return (
    <Stack spacing={3} sx={{ p: 2 }} divider={<Divider flexItem />}>
      <FactGrid testId="borrower-summary">
        <Labeled>
          <TextField source="externalRef" />
        </Labeled>
        <Labeled>
          <TextField source="name" />
        </Labeled>
        <Labeled>
          <TextField source="phone" emptyText={EMPTY} />
        </Labeled>
        <Labeled>
          <MoneyField source="monthlyIncome" />
        </Labeled>
        <Labeled>
          <OverflowField source="overflow" />
        </Labeled>
      </FactGrid>
      <Section title="resources.borrowers.fields.creditLines">
        <SimpleTable
          name="credit-lines"
          rows={record.creditLines}
          columns={lineColumns}
          empty="spillway.empty.creditLines"
        />
      </Section>
      {record.creditLines.map((line) => (
        <LineMonitoring key={line.id} line={line} />
      ))}
      <Section title="resources.borrowers.fields.limitHistory">
        <SimpleTable
          name="limit-history"
          rows={record.limitHistory ?? []}
          columns={historyColumns}
          empty="spillway.empty.limitHistory"
        />
      </Section>
      <Section title="resources.borrowers.fields.decisions">
        <SimpleTable
          name="borrower-decisions"
          rows={record.decisions ?? []}
          columns={decisionColumns}
          empty="spillway.empty.decisions"
        />
      </Section>
      <Section title="resources.borrowers.fields.profile">
        <FactTable name="profile" facts={record.profile} />
      </Section>
    </Stack>
  );
};

export const BorrowerShow = () => (
  <Show>
    <BorrowerDetail />
  </Show>
);
