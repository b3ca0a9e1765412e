import { DataTable, List, NullableBooleanInput, SelectInput } from 'react-admin';
import { OutcomeField, OverflowField } from '../common/chips';
import { AprField, DateTimeField, MoneyField } from '../common/fields';
import { EMPTY } from '../common/format';
import type { Decision } from '../dataProvider/decisions';

const outcomeChoices = ['APPROVE', 'DECLINE', 'REFER'].map((id) => ({ id, name: `spillway.outcome.${id}` }));

const filters = [
  <SelectInput key="outcome" source="outcome" choices={outcomeChoices} alwaysOn />,
  <NullableBooleanInput key="overflow" source="overflow" alwaysOn />,
];

const Column = DataTable.Col<Decision>;

// The API lists newest first and offers no other order, so no column is sortable.
export const DecisionList = () => (
  <List filters={filters} sort={{ field: 'decidedAt', order: 'DESC' }} perPage={25} exporter={false}>
    <DataTable<Decision> rowClick="show" bulkActionButtons={false}>
      <Column source="decidedAt" field={DateTimeField} disableSort />
      <Column source="borrower.externalRef" disableSort />
      <Column source="outcome" field={OutcomeField} disableSort />
      <Column source="approvedLimit" field={MoneyField} align="right" disableSort />
      <Column source="aprBps" field={AprField} align="right" disableSort />
      <Column source="riskTier" render={(record) => record.riskTier ?? EMPTY} disableSort />
      <Column source="overflow" field={OverflowField} disableSort />
    </DataTable>
  </List>
);
