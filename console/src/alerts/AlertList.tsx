import { DataTable, List, SelectInput, TextInput } from 'react-admin';
import { AlertStatusChip, CutStatusChip, SeverityChip } from '../common/chips';
import { unsortedColumns } from '../common/columns';
import { DateTimeField, MoneyField } from '../common/fields';
import { ALERT_STATUSES, type Alert, CUT_STATUSES, SEVERITIES } from '../dataProvider/monitoring';

const choices = (group: string, values: string[]) =>
  values.map((id) => ({ id, name: `spillway.${group}.${id}` }));

const filters = [
  <SelectInput key="severity" source="severity" choices={choices('severity', SEVERITIES)} alwaysOn />,
  <TextInput key="indicator" source="indicator" alwaysOn />,
  <SelectInput key="status" source="status" choices={choices('alertStatus', ALERT_STATUSES)} alwaysOn />,
  <SelectInput key="cutStatus" source="cutStatus" choices={choices('cutStatus', CUT_STATUSES)} alwaysOn />,
];

// Newest first, as the API lists them.
export const AlertList = () => (
  <List filters={filters} perPage={25} exporter={false} sort={{ field: 'createdAt', order: 'DESC' }}>
    <DataTable<Alert> rowClick="show" bulkActionButtons={false}>
      {unsortedColumns<Alert>([
        { source: 'createdAt', field: DateTimeField },
        { source: 'severity', render: (record) => <SeverityChip severity={record.severity} /> },
        { source: 'indicator' },
        { source: 'reason' },
        { source: 'status', render: (record) => <AlertStatusChip status={record.status} /> },
        { source: 'cutStatus', render: (record) => <CutStatusChip status={record.cutStatus} /> },
        { source: 'limitAtAlert', field: MoneyField, align: 'right' },
        { source: 'proposedLimit', field: MoneyField, align: 'right' },
      ])}
    </DataTable>
  </List>
);
