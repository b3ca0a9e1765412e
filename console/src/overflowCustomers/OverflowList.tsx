import { DataTable, List } from 'react-admin';
import { unsortedColumns } from '../common/columns';
import { AprField, LineStatusText, MoneyField, MoneyText } from '../common/fields';
import type { CreditLine } from '../dataProvider/monitoring';
import { excessOf } from './excess';

// The API lists the largest limits first. It names no borrower on a credit line, so rows do not link to one.
export const OverflowList = () => (
  <List perPage={25} exporter={false} sort={{ field: 'limit', order: 'DESC' }}>
    <DataTable<CreditLine> bulkActionButtons={false} rowClick={false}>
      {unsortedColumns<CreditLine>([
        { source: 'id', render: (record) => String(record.id).slice(0, 8) },
        { source: 'status', render: (record) => <LineStatusText status={record.status} /> },
        { source: 'limit', field: MoneyField, align: 'right' },
        { source: 'affordableLimit', field: MoneyField, align: 'right' },
        { source: 'excess', render: (record) => <MoneyText value={excessOf(record)} />, align: 'right' },
        { source: 'drawnBalance', field: MoneyField, align: 'right' },
        { source: 'aprBps', field: AprField, align: 'right' },
      ])}
    </DataTable>
  </List>
);
