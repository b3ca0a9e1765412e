import { Box, Divider, Stack } from '@mui/material';
import { DataTable, Labeled, ListBase, Pagination, Show, useRecordContext } from 'react-admin';
import { unsortedColumns } from '../common/columns';
import { CountField, DateTimeField, ObservedText, Verbatim, VerbatimField } from '../common/fields';
import { JsonBlock } from '../common/JsonBlock';
import { FactGrid, Section } from '../common/SimpleTable';
import type { CaseSet, HistoricalCase } from '../dataProvider/caseSets';
import { CaseSetStatusChip, CompactJson } from './fields';

/** The set's cases in file order, a page at a time. */
const Cases = ({ caseSetId }: { caseSetId: string }) => (
  <ListBase resource="cases" filter={{ caseSetId }} perPage={25} disableSyncWithLocation>
    <DataTable<HistoricalCase> bulkActionButtons={false} rowClick={false}>
      {unsortedColumns<HistoricalCase>([
        { source: 'line', label: 'spillway.caseSet.line' },
        {
          source: 'externalRef',
          label: 'spillway.caseSet.externalRef',
          render: (record) => <Verbatim>{record.externalRef ?? ''}</Verbatim>,
        },
        {
          source: 'observedDefault',
          label: 'spillway.backtest.observed',
          render: (record) => <ObservedText value={record.observedDefault} />,
        },
        {
          source: 'facts',
          label: 'spillway.caseSet.facts',
          render: (record) => <CompactJson value={record.facts} />,
        },
        {
          source: 'application',
          label: 'spillway.caseSet.application',
          render: (record) => <CompactJson value={record.application} />,
        },
        {
          source: 'expected',
          label: 'spillway.caseSet.expected',
          render: (record) => <CompactJson value={record.expected} />,
        },
      ])}
    </DataTable>
    <Pagination rowsPerPageOptions={[10, 25, 50, 100]} />
  </ListBase>
);

const CaseSetDetail = () => {
  const record = useRecordContext<CaseSet>();
  if (!record) return null;
  return (
    <Stack spacing={3} sx={{ p: 2 }} divider={<Divider flexItem />}>
      <FactGrid testId="case-set-summary">
        <Labeled>
          <VerbatimField source="name" />
        </Labeled>
        <Labeled source="status">
          <CaseSetStatusChip status={record.status} />
        </Labeled>
        <Labeled>
          <CountField source="caseCount" />
        </Labeled>
        <Labeled>
          <CountField source="defaultCount" />
        </Labeled>
        <Labeled>
          <CountField source="unknownOutcomeCount" />
        </Labeled>
        <Labeled>
          <CountField source="failedRowCount" />
        </Labeled>
        <Labeled>
          <VerbatimField source="source" />
        </Labeled>
        <Labeled>
          <VerbatimField source="createdBy" />
        </Labeled>
        <Labeled>
          <DateTimeField source="createdAt" />
        </Labeled>
      </FactGrid>
      <Section title="resources.caseSets.fields.cases">
        <Cases caseSetId={String(record.id)} />
      </Section>
      <Section title="resources.caseSets.fields.mapping">
        <Box data-testid="case-set-mapping">
          <JsonBlock value={record.mapping ?? {}} />
        </Box>
      </Section>
    </Stack>
  );
};

export const CaseSetShow = () => (
  <Show>
    <CaseSetDetail />
  </Show>
);
