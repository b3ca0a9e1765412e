import { Divider, Stack } from '@mui/material';
import { Labeled, Show, useRecordContext, useTranslate } from 'react-admin';
import { OutcomeChip, OverflowChip, OverflowField, ReferralStatusChip } from '../common/chips';
import { FactTable } from '../common/FactTable';
import {
  AprText,
  DateTimeText,
  LineStatusText,
  MoneyField,
  MoneyText,
  Verbatim,
  VerbatimField,
} from '../common/fields';
import { EMPTY } from '../common/format';
import { RecordLink } from '../common/RecordLink';
import { ReasonCodeText } from '../common/reasons';
import { type Column, FactGrid, Section, SimpleTable } from '../common/SimpleTable';
import type { Borrower, LimitChange } from '../dataProvider/borrowers';
import type { Decision } from '../dataProvider/decisions';
import type { CreditLine } from '../dataProvider/monitoring';
import { LineMonitoring } from './LineMonitoring';

const lineColumns: Column<CreditLine>[] = [
  { label: 'spillway.creditLine.status', render: (line) => <LineStatusText status={line.status} /> },
  { label: 'spillway.creditLine.limit', render: (line) => <MoneyText value={line.limit} />, align: 'right' },
  {
    label: 'spillway.creditLine.drawnBalance',
    render: (line) => <MoneyText value={line.drawnBalance} />,
    align: 'right',
  },
  { label: 'spillway.creditLine.aprBps', render: (line) => <AprText bps={line.aprBps} />, align: 'right' },
  {
    label: 'spillway.creditLine.affordableLimit',
    render: (line) => <MoneyText value={line.affordableLimit} />,
    align: 'right',
  },
  { label: 'spillway.creditLine.overflow', render: (line) => <OverflowChip overflow={line.overflow} /> },
];

/**
 * Why a limit changed, as the API records it: its own reasons worded here; a monitoring cut carries the
 * alert's reason code after "Monitoring: ".
 */
const LimitChangeReason = ({ reason }: { reason: string }) => {
  const translate = useTranslate();
  const monitoring = /^Monitoring: ([A-Z0-9_]+)$/.exec(reason);
  if (monitoring) {
    return (
      <>
        {translate('spillway.limitChange.monitoring')}: <ReasonCodeText code={monitoring[1]} />
      </>
    );
  }
  return <>{translate(`spillway.limitChange.why.${reason.replace(/\W+/g, '_')}`, { _: reason })}</>;
};

const historyColumns: Column<LimitChange>[] = [
  {
    label: 'spillway.limitChange.from',
    render: (change) => <MoneyText value={change.from} />,
    align: 'right',
  },
  { label: 'spillway.limitChange.to', render: (change) => <MoneyText value={change.to} />, align: 'right' },
  { label: 'spillway.limitChange.reason', render: (change) => <LimitChangeReason reason={change.reason} /> },
  {
    label: 'spillway.limitChange.approvedBy',
    render: (change) => <Verbatim>{change.approvedBy ?? EMPTY}</Verbatim>,
  },
  {
    label: 'spillway.limitChange.source',
    render: (change) =>
      change.decisionId ? (
        <RecordLink resource="decisions" id={change.decisionId}>
          {change.decisionId.slice(0, 8)}
        </RecordLink>
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
      <RecordLink resource="decisions" id={decision.id}>
        <DateTimeText value={decision.decidedAt} />
      </RecordLink>
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
    render: (decision) => <AprText bps={decision.aprBps} />,
    align: 'right',
  },
];

const BorrowerDetail = () => {
  const record = useRecordContext<Borrower>();
  if (!record) return null;
  return (
    <Stack spacing={3} sx={{ p: 2 }} divider={<Divider flexItem />}>
      <FactGrid testId="borrower-summary">
        <Labeled>
          <VerbatimField source="externalRef" />
        </Labeled>
        <Labeled>
          <VerbatimField source="name" />
        </Labeled>
        <Labeled>
          <VerbatimField source="phone" />
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
