import { CreateButton, DataTable, List, TopToolbar, usePermissions } from 'react-admin';
import { unsortedColumns } from '../common/columns';
import { DateTimeField } from '../common/fields';
import type { CaseSet } from '../dataProvider/caseSets';
import { canDo } from '../permissions';
import { CaseSetStatusChip } from './fields';

const Actions = () => {
  const { permissions } = usePermissions();
  return (
    <TopToolbar>
      {canDo(permissions, 'importCaseSet') && <CreateButton label="spillway.caseSet.import" />}
    </TopToolbar>
  );
};

export const CaseSetList = () => (
  <List
    empty={false}
    actions={<Actions />}
    perPage={25}
    exporter={false}
    sort={{ field: 'createdAt', order: 'DESC' }}
  >
    <DataTable<CaseSet> rowClick="show" bulkActionButtons={false}>
      {unsortedColumns<CaseSet>([
        { source: 'name' },
        { source: 'caseCount', align: 'right' },
        { source: 'defaultCount', align: 'right' },
        { source: 'unknownOutcomeCount', align: 'right' },
        { source: 'failedRowCount', align: 'right' },
        { source: 'status', render: (record) => <CaseSetStatusChip status={record.status} /> },
        { source: 'createdBy' },
        { source: 'createdAt', field: DateTimeField },
      ])}
    </DataTable>
  </List>
);
