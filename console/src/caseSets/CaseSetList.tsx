import { CreateButton, DataTable, List, SimpleList, TopToolbar, usePermissions } from 'react-admin';
import { unsortedColumns } from '../common/columns';
import { CountField, CountText, DateTimeField, Verbatim, VerbatimField } from '../common/fields';
import { useIsSmall } from '../common/lists';
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

export const CaseSetList = () => {
  const isSmall = useIsSmall();
  return (
    <List
      empty={false}
      actions={<Actions />}
      perPage={25}
      exporter={false}
      sort={{ field: 'createdAt', order: 'DESC' }}
    >
      {isSmall ? (
        <SimpleList<CaseSet>
          primaryText={(record) => <Verbatim>{record.name}</Verbatim>}
          secondaryText={(record) => <CountText value={record.caseCount} />}
          tertiaryText={(record) => <CaseSetStatusChip status={record.status} />}
          linkType="show"
        />
      ) : (
        <DataTable<CaseSet> rowClick="show" bulkActionButtons={false}>
          {unsortedColumns<CaseSet>([
            { source: 'name', field: VerbatimField },
            { source: 'caseCount', field: CountField, align: 'right' },
            { source: 'defaultCount', field: CountField, align: 'right' },
            { source: 'unknownOutcomeCount', field: CountField, align: 'right' },
            { source: 'failedRowCount', field: CountField, align: 'right' },
            { source: 'status', render: (record) => <CaseSetStatusChip status={record.status} /> },
            { source: 'createdBy', field: VerbatimField },
            { source: 'createdAt', field: DateTimeField },
          ])}
        </DataTable>
      )}
    </List>
  );
};
