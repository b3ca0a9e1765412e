import { BooleanInput, DataTable, List, SearchInput } from 'react-admin';
import { OverflowField } from '../common/chips';
import { MoneyField } from '../common/fields';
import type { Borrower } from '../dataProvider/borrowers';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <BooleanInput key="overflowOnly" source="overflowOnly" alwaysOn />,
];

const Column = DataTable.Col<Borrower>;

// The API lists newest first and offers no other order, so no column is sortable.
export const BorrowerList = () => (
  <List filters={filters} perPage={25} exporter={false} sort={{ field: 'id', order: 'DESC' }}>
    <DataTable<Borrower> rowClick="show" bulkActionButtons={false}>
      <Column source="externalRef" disableSort />
      <Column source="name" disableSort />
      <Column source="overflow" field={OverflowField} disableSort />
      <Column source="monthlyIncome" field={MoneyField} align="right" disableSort />
      <Column source="creditLines" render={(record) => record.creditLines.length} align="right" disableSort />
    </DataTable>
  </List>
);
