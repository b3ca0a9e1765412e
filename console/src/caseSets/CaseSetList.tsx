import { CreateButton, DataTable, List, TopToolbar, usePermissions } from 'react-admin';
import type { CaseSet } from '../dataProvider/caseSets';
import { DateTimeField } from '../decisions/fields';
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

const Column = DataTable.Col<CaseSet>;

export const CaseSetList = () => (
  <List actions={<Actions />} perPage={25} exporter={false} sort={{ field: 'createdAt', order: 'DESC' }}>
    <DataTable<CaseSet> rowClick="show" bulkActionButtons={false}>
      <Column source="name" disableSort />
      <Column source="caseCount" align="right" disableSort />
      <Column source="defaultCount" align="right" disableSort />
      <Column source="unknownOutcomeCount" align="right" disableSort />
      <Column source="failedRowCount" align="right" disableSort />
      <Column source="status" render={(record) => <CaseSetStatusChip status={record.status} />} disableSort />
      <Column source="createdBy" disableSort />
      <Column source="createdAt" field={DateTimeField} disableSort />
    </DataTable>
  </List>
);
