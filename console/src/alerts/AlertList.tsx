import { DataTable, List, SelectInput, TextInput } from 'react-admin';
import { ALERT_STATUSES, type Alert, CUT_STATUSES, SEVERITIES } from '../dataProvider/monitoring';
import { DateTimeField, MoneyField } from '../decisions/fields';
import { AlertStatusChip, CutStatusChip, SeverityChip } from './fields';

const choices = (group: string, values: string[]) =>
  values.map((id) => ({ id, name: `spillway.${group}.${id}` }));

const filters = [
  <SelectInput key="severity" source="severity" choices={choices('severity', SEVERITIES)} alwaysOn />,
  <TextInput key="indicator" source="indicator" alwaysOn />,
  <SelectInput key="status" source="status" choices={choices('alertStatus', ALERT_STATUSES)} alwaysOn />,
  <SelectInput key="cutStatus" source="cutStatus" choices={choices('cutStatus', CUT_STATUSES)} alwaysOn />,
];

const Column = DataTable.Col<Alert>;

// Newest first, as the API lists them.
export const AlertList = () => (
  <List filters={filters} perPage={25} exporter={false} sort={{ field: 'createdAt', order: 'DESC' }}>
    <DataTable<Alert> rowClick="show" bulkActionButtons={false}>
      <Column source="createdAt" field={DateTimeField} disableSort />
      <Column
        source="severity"
        render={(record) => <SeverityChip severity={record.severity} />}
        disableSort
      />
      <Column source="indicator" disableSort />
      <Column source="reason" disableSort />
      <Column source="status" render={(record) => <AlertStatusChip status={record.status} />} disableSort />
      <Column
        source="cutStatus"
        render={(record) => <CutStatusChip status={record.cutStatus} />}
        disableSort
      />
      <Column source="limitAtAlert" field={MoneyField} align="right" disableSort />
      <Column source="proposedLimit" field={MoneyField} align="right" disableSort />
    </DataTable>
  </List>
);
