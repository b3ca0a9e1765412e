import { Box, Divider, Stack } from '@mui/material';
import {
  DataTable,
  DateField,
  Labeled,
  ListBase,
  NumberField,
  Pagination,
  Show,
  TextField,
  useRecordContext,
} from 'react-admin';
import { unsortedColumns } from '../common/columns';
import { ObservedText } from '../common/fields';
import { FactGrid, Section } from '../common/SimpleTable';
import type { CaseSet, HistoricalCase } from '../dataProvider/caseSets';
import { CaseSetStatusChip, compactJson } from './fields';

/** The set's cases in file order, a page at a time. */
const Cases = ({ caseSetId }: { caseSetId: string }) => (
  <ListBase resource="cases" filter={{ caseSetId }} perPage={25} disableSyncWithLocation>
    <DataTable<HistoricalCase> bulkActionButtons={false} rowClick={false}>
      {unsortedColumns<HistoricalCase>([
        { source: 'line', label: 'spillway.caseSet.line' },
        { source: 'externalRef', label: 'spillway.caseSet.externalRef' },
        {
          source: 'observedDefault',
          label: 'spillway.backtest.observed',
          render: (record) => <ObservedText value={record.observedDefault} />,
        },
        {
          source: 'facts',
          label: 'spillway.caseSet.facts',
          render: (record) => (
            <Box sx={{ fontFamily: 'monospace', fontSize: 12 }}>{compactJson(record.facts)}</Box>
          ),
        },
        {
          source: 'application',
          label: 'spillway.caseSet.application',
          render: (record) => compactJson(record.application),
        },
        {
          source: 'expected',
          label: 'spillway.caseSet.expected',
          render: (record) => compactJson(record.expected),
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
          <TextField source="name" />
        </Labeled>
        <Labeled source="status">
          <CaseSetStatusChip status={record.status} />
        </Labeled>
        <Labeled>
          <NumberField source="caseCount" />
        </Labeled>
        <Labeled>
          <NumberField source="defaultCount" />
        </Labeled>
        <Labeled>
          <NumberField source="unknownOutcomeCount" />
        </Labeled>
        <Labeled>
          <NumberField source="failedRowCount" />
        </Labeled>
        <Labeled>
          <TextField source="source" />
        </Labeled>
        <Labeled>
          <TextField source="createdBy" />
        </Labeled>
        <Labeled>
          <DateField source="createdAt" showTime />
        </Labeled>
      </FactGrid>
      <Section title="resources.caseSets.fields.cases">
        <Cases caseSetId={String(record.id)} />
      </Section>
      <Section title="resources.caseSets.fields.mapping">
        <Box component="pre" sx={{ fontSize: 12, overflow: 'auto', m: 0 }} data-testid="case-set-mapping">
          {JSON.stringify(record.mapping ?? {}, null, 2)}
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
