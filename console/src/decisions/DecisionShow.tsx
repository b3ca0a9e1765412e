import { Divider, Stack } from '@mui/material';
import { Labeled, Show, TextField, useRecordContext } from 'react-admin';
import { OutcomeField, OverflowField } from '../common/chips';
import { FactTable } from '../common/FactTable';
import {
  AprField,
  DateTimeField,
  DurationField,
  MoneyField,
  PolicyKindLabel,
  Verbatim,
  VerbatimField,
} from '../common/fields';
import { EMPTY } from '../common/format';
import { ReasonsSection } from '../common/ReasonsSection';
import { ScorePoints } from '../common/ScorePoints';
import { type Column, FactGrid, Section, SimpleTable } from '../common/SimpleTable';
import { TraceView } from '../common/trace/TraceView';
import { scorecardsOf } from '../common/trace/trace';
import { VersionLink } from '../common/VersionLink';
import type { Decision } from '../dataProvider/decisions';
import { BorrowerLinkField, MonthsField, ReferralStatusField } from './fields';

type Revision = NonNullable<Decision['revisions']>[number];

const revisionColumns: Column<Revision>[] = [
  { label: 'spillway.revision.kind', render: (revision) => <PolicyKindLabel kind={revision.kind} /> },
  {
    label: 'spillway.revision.number',
    render: (revision) => (
      <VersionLink policyId={revision.policyId} versionId={revision.versionId} number={revision.number} />
    ),
  },
  {
    label: 'spillway.revision.revision',
    // The full sha256 is noise in a table; the title keeps it one hover away.
    render: (revision) => (
      <Verbatim>
        <span title={revision.revision}>{revision.revision.slice(0, 12)}</span>
      </Verbatim>
    ),
    mono: true,
  },
];

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
        <VerbatimField source="resolution.resolvedBy" />
      </Labeled>
      <Labeled source="resolution.resolvedAt">
        <DateTimeField source="resolution.resolvedAt" />
      </Labeled>
      <Labeled source="resolution.note">
        <VerbatimField source="resolution.note" />
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
          <VerbatimField source="productKey" />
        </Labeled>
        <Labeled>
          <MoneyField source="application.requestedAmount" />
        </Labeled>
        <Labeled>
          <DateTimeField source="decidedAt" />
        </Labeled>
        <Labeled>
          <DurationField source="latencyMs" />
        </Labeled>
        {record.referralStatus && (
          <Labeled>
            <ReferralStatusField source="referralStatus" />
          </Labeled>
        )}
      </FactGrid>
      {record.resolution && <ResolutionSection />}
      <ReasonsSection name="reasons" reasons={record.reasons} />
      <Section title="resources.decisions.fields.revisions">
        <SimpleTable
          name="revisions"
          rows={record.revisions ?? []}
          columns={revisionColumns}
          empty="spillway.empty.revisions"
        />
      </Section>
      <Section title="spillway.score.title">
        <ScorePoints cards={scorecardsOf(record.trace)} />
      </Section>
      <Section title="resources.decisions.fields.facts">
        <FactTable name="facts" facts={record.facts} />
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
