import { Divider, Stack } from '@mui/material';
import { Labeled, Show, TextField, useRecordContext } from 'react-admin';
import { type Column, FactGrid, Section, SimpleTable } from '../common/SimpleTable';
import type { Decision } from '../dataProvider/decisions';
import {
  AprField,
  BorrowerLinkField,
  DateTimeField,
  EMPTY,
  LatencyField,
  MoneyField,
  MonthsField,
  OutcomeField,
  OverflowField,
  PolicyKindLabel,
  ReferralStatusField,
} from './fields';
import { JsonBlock, TraceView } from './TraceView';
import { formatValue } from './trace';

type Reason = NonNullable<Decision['reasons']>[number];
type Revision = NonNullable<Decision['revisions']>[number];

export const reasonColumns: Column<Reason>[] = [
  { label: 'spillway.reason.code', render: (reason) => reason.code, mono: true },
  { label: 'spillway.reason.message', render: (reason) => reason.message },
  { label: 'spillway.reason.policyKind', render: (reason) => <PolicyKindLabel kind={reason.policyKind} /> },
  { label: 'spillway.reason.rule', render: (reason) => reason.rule, mono: true },
];

const revisionColumns: Column<Revision>[] = [
  { label: 'spillway.revision.kind', render: (revision) => <PolicyKindLabel kind={revision.kind} /> },
  { label: 'spillway.revision.number', render: (revision) => `v${revision.number}` },
  {
    label: 'spillway.revision.revision',
    // The full sha256 is noise in a table; the title keeps it one hover away.
    render: (revision) => <span title={revision.revision}>{revision.revision.slice(0, 12)}</span>,
    mono: true,
  },
];

/** Catalog facts by name, as a decision snapshot or a borrower profile holds them. */
export const factColumns: Column<[string, unknown]>[] = [
  { label: 'spillway.fact.key', render: ([key]) => key, mono: true },
  {
    label: 'spillway.fact.value',
    render: ([, value]) =>
      typeof value === 'object' && value !== null ? <JsonBlock value={value} /> : formatValue(value),
    mono: true,
  },
];

export const sortedFacts = (facts: Record<string, unknown> | undefined) =>
  Object.entries(facts ?? {}).sort(([a], [b]) => a.localeCompare(b));

/** Facts as a two-column table, keys in order. */
export const FactTable = ({
  name,
  facts,
  empty = 'spillway.empty.facts',
}: {
  name: string;
  facts: Record<string, unknown> | null | undefined;
  empty?: string;
}) => <SimpleTable name={name} rows={sortedFacts(facts ?? undefined)} columns={factColumns} empty={empty} />;

const ResolutionSection = () => (
  <Section title="resources.decisions.fields.resolution.title">
    <FactGrid testId="referral-resolution">
      <Labeled source="resolution.status">
        <ReferralStatusField source="resolution.status" />
      </Labeled>
      <Labeled source="resolution.limit">
        <MoneyField source="resolution.limit" />
      </Labeled>
      <Labeled source="resolution.resolvedBy">
        <TextField source="resolution.resolvedBy" />
      </Labeled>
      <Labeled source="resolution.resolvedAt">
        <DateTimeField source="resolution.resolvedAt" />
      </Labeled>
      <Labeled source="resolution.note">
        <TextField source="resolution.note" />
      </Labeled>
    </FactGrid>
  </Section>
);

/** Everything a stored decision says; the referral page shows the same, with its actions above. */
export const DecisionDetail = () => {
  const record = useRecordContext<Decision>();
  if (!record) return null;
  return (
    <Stack spacing={3} sx={{ p: 2 }} divider={<Divider flexItem />}>
      <FactGrid testId="decision-summary">
        <Labeled>
          <OutcomeField source="outcome" />
        </Labeled>
        <Labeled>
          <MoneyField source="approvedLimit" />
        </Labeled>
        <Labeled>
          <AprField source="aprBps" />
        </Labeled>
        <Labeled>
          <MonthsField source="termMonths" />
        </Labeled>
        <Labeled>
          <TextField source="riskTier" emptyText={EMPTY} />
        </Labeled>
        <Labeled>
          <MoneyField source="affordableLimit" />
        </Labeled>
        <Labeled>
          <OverflowField source="overflow" />
        </Labeled>
        <Labeled source="borrower.externalRef">
          <BorrowerLinkField source="borrower" />
        </Labeled>
        <Labeled>
          <TextField source="productKey" />
        </Labeled>
        <Labeled>
          <MoneyField source="application.requestedAmount" />
        </Labeled>
        <Labeled>
          <DateTimeField source="decidedAt" />
        </Labeled>
        <Labeled>
          <LatencyField source="latencyMs" />
        </Labeled>
        {record.referralStatus && (
          <Labeled>
            <ReferralStatusField source="referralStatus" />
          </Labeled>
        )}
      </FactGrid>
      {record.resolution && <ResolutionSection />}
      <Section title="resources.decisions.fields.reasons">
        <SimpleTable
          name="reasons"
          rows={record.reasons ?? []}
          columns={reasonColumns}
          empty="spillway.empty.reasons"
        />
      </Section>
      <Section title="resources.decisions.fields.revisions">
        <SimpleTable
          name="revisions"
          rows={record.revisions ?? []}
          columns={revisionColumns}
          empty="spillway.empty.revisions"
        />
      </Section>
      <Section title="resources.decisions.fields.facts">
        <SimpleTable
          name="facts"
          rows={sortedFacts(record.facts)}
          columns={factColumns}
          empty="spillway.empty.facts"
        />
      </Section>
      <Section title="resources.decisions.fields.trace">
        <TraceView trace={record.trace} />
      </Section>
    </Stack>
  );
};

export const DecisionShow = () => (
  <Show>
    <DecisionDetail />
  </Show>
);
