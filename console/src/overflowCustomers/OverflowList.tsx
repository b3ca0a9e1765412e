import { Stack } from '@mui/material';
import { DataTable, List, SimpleList, useTranslate } from 'react-admin';
import { unsortedColumns } from '../common/columns';
import { AprField, LineStatusText, MoneyField, MoneyText, Verbatim } from '../common/fields';
import { useCsvExporter, useIsSmall } from '../common/lists';
import { RecordLink } from '../common/RecordLink';
import type { CreditLine } from '../dataProvider/monitoring';
import { excessOf } from './excess';

const BorrowerCell = ({ line }: { line: CreditLine }) =>
  line.borrower ? (
    <Stack>
      <RecordLink resource="borrowers" id={line.borrower.id}>
        <Verbatim>{line.borrower.externalRef}</Verbatim>
      </RecordLink>
      <Verbatim>{line.borrower.name}</Verbatim>
    </Stack>
  ) : null;

function useOverflowExporter() {
  const translate = useTranslate();
  return useCsvExporter<CreditLine>('overflow-customers', [
    { label: 'resources.overflowCustomers.fields.borrower', value: (line) => line.borrower?.externalRef },
    { label: 'spillway.alert.borrowerName', value: (line) => line.borrower?.name },
    {
      label: 'resources.overflowCustomers.fields.status',
      value: (line) => translate(`spillway.lineStatus.${line.status}`),
    },
    { label: 'resources.overflowCustomers.fields.limit', value: (line) => line.limit },
    { label: 'resources.overflowCustomers.fields.affordableLimit', value: (line) => line.affordableLimit },
    { label: 'resources.overflowCustomers.fields.excess', value: (line) => excessOf(line) },
    { label: 'resources.overflowCustomers.fields.drawnBalance', value: (line) => line.drawnBalance },
    { label: 'resources.overflowCustomers.fields.aprBps', value: (line) => line.aprBps },
    { label: 'resources.overflowCustomers.fields.id', value: (line) => line.id },
  ]);
}

// The API lists the largest limits first; each line names its borrower, whose page shows the line in full.
export const OverflowList = () => {
  const isSmall = useIsSmall();
  const exporter = useOverflowExporter();
  return (
    <List perPage={25} exporter={exporter} sort={{ field: 'limit', order: 'DESC' }}>
      {isSmall ? (
        <SimpleList<CreditLine>
          primaryText={(line) => <Verbatim>{line.borrower?.externalRef ?? ''}</Verbatim>}
          secondaryText={(line) => <MoneyText value={line.limit} />}
          tertiaryText={(line) => <MoneyText value={excessOf(line)} />}
          linkType={(line) => `/borrowers/${line.borrower?.id ?? ''}/show`}
        />
      ) : (
        <DataTable<CreditLine>
          bulkActionButtons={false}
          rowClick={(_id, _resource, line) => (line.borrower ? `/borrowers/${line.borrower.id}/show` : false)}
        >
          {unsortedColumns<CreditLine>([
            { source: 'borrower', render: (line) => <BorrowerCell line={line} /> },
            { source: 'status', render: (line) => <LineStatusText status={line.status} /> },
            { source: 'limit', field: MoneyField, align: 'right' },
            { source: 'affordableLimit', field: MoneyField, align: 'right' },
            { source: 'excess', render: (line) => <MoneyText value={excessOf(line)} />, align: 'right' },
            { source: 'drawnBalance', field: MoneyField, align: 'right' },
            { source: 'aprBps', field: AprField, align: 'right' },
          ])}
        </DataTable>
      )}
    </List>
  );
};
