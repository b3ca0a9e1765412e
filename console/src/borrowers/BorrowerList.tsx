import OverflowIcon from '@mui/icons-material/TrendingUp';
import {
  BooleanInput,
  BulkExportButton,
  DataTable,
  FilterList,
  FilterListItem,
  List,
  SearchInput,
  SimpleList,
  useTranslate,
} from 'react-admin';
import { OverflowChip, OverflowField } from '../common/chips';
import { CountText, MoneyField, MoneyText, Verbatim, VerbatimField } from '../common/fields';
import { ListAside, useCsvExporter, useIsSmall } from '../common/lists';
import type { Borrower } from '../dataProvider/borrowers';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <BooleanInput key="overflowOnly" source="overflowOnly" alwaysOn />,
];

const BorrowerAside = () => (
  <ListAside>
    <FilterList label="resources.borrowers.fields.overflow" icon={<OverflowIcon />}>
      <FilterListItem label="resources.borrowers.fields.overflowOnly" value={{ overflowOnly: true }} />
    </FilterList>
  </ListAside>
);

function useBorrowerExporter() {
  const translate = useTranslate();
  return useCsvExporter<Borrower>('borrowers', [
    { label: 'resources.borrowers.fields.externalRef', value: (record) => record.externalRef },
    { label: 'resources.borrowers.fields.name', value: (record) => record.name },
    { label: 'resources.borrowers.fields.monthlyIncome', value: (record) => record.monthlyIncome },
    {
      label: 'resources.borrowers.fields.overflow',
      value: (record) => translate(record.overflow ? 'spillway.overflow.yes' : 'spillway.overflow.no'),
    },
    { label: 'resources.borrowers.fields.creditLineCount', value: (record) => record.creditLines.length },
  ]);
}

const Column = DataTable.Col<Borrower>;

// The API lists newest first and offers no other order, so no column is sortable.
export const BorrowerList = () => {
  const isSmall = useIsSmall();
  const exporter = useBorrowerExporter();
  return (
    <List
      filters={filters}
      aside={<BorrowerAside />}
      perPage={25}
      exporter={exporter}
      sort={{ field: 'id', order: 'DESC' }}
    >
      {isSmall ? (
        <SimpleList<Borrower>
          primaryText={(record) => <Verbatim>{record.externalRef}</Verbatim>}
          secondaryText={(record) => <Verbatim>{record.name}</Verbatim>}
          tertiaryText={(record) => <MoneyText value={record.monthlyIncome} />}
          leftAvatar={(record) => <OverflowChip overflow={record.overflow} />}
          linkType="show"
        />
      ) : (
        <DataTable<Borrower> rowClick="show" bulkActionButtons={<BulkExportButton />}>
          <Column source="externalRef" field={VerbatimField} disableSort />
          <Column source="name" field={VerbatimField} disableSort />
          <Column source="overflow" field={OverflowField} disableSort />
          <Column source="monthlyIncome" field={MoneyField} align="right" disableSort />
          <Column
            source="creditLineCount"
            render={(record) => <CountText value={record.creditLines.length} />}
            align="right"
            disableSort
          />
        </DataTable>
      )}
    </List>
  );
};
