import ReferralIcon from '@mui/icons-material/AssignmentInd';
import OutcomeIcon from '@mui/icons-material/FactCheck';
import OverflowIcon from '@mui/icons-material/TrendingUp';
import { Stack } from '@mui/material';
import {
  BulkExportButton,
  DataTable,
  DateInput,
  FilterList,
  FilterListItem,
  List,
  NullableBooleanInput,
  SelectInput,
  SimpleList,
  TextInput,
  useTranslate,
} from 'react-admin';
import { OutcomeChip, OutcomeField, OverflowField } from '../common/chips';
import { AprField, DateTimeField, DateTimeText, MoneyField, MoneyText, Verbatim } from '../common/fields';
import { EMPTY } from '../common/format';
import { EnumFilter, ListAside, useCsvExporter, useIsSmall } from '../common/lists';
import { OUTCOMES } from '../dataProvider/dashboard';
import type { Decision, ReferralStatus } from '../dataProvider/decisions';

const REFERRAL_STATUSES: ReferralStatus[] = ['PENDING', 'APPROVED', 'DECLINED'];

const filters = [
  <SelectInput
    key="outcome"
    source="outcome"
    choices={OUTCOMES.map((id) => ({ id, name: `spillway.outcome.${id}` }))}
    alwaysOn
  />,
  <NullableBooleanInput key="overflow" source="overflow" alwaysOn />,
  <SelectInput
    key="referralStatus"
    source="referralStatus"
    choices={REFERRAL_STATUSES.map((id) => ({ id, name: `spillway.referralStatus.${id}` }))}
  />,
  <TextInput key="reason" source="reason" />,
  <DateInput key="from" source="from" label="spillway.replay.from" />,
  <DateInput key="to" source="to" label="spillway.replay.to" />,
];

const DecisionAside = () => (
  <ListAside>
    <EnumFilter
      label="resources.decisions.fields.outcome"
      source="outcome"
      group="outcome"
      values={OUTCOMES}
      icon={<OutcomeIcon />}
    />
    <FilterList label="resources.decisions.fields.overflow" icon={<OverflowIcon />}>
      <FilterListItem label="spillway.overflow.yes" value={{ overflow: true }} />
      <FilterListItem label="spillway.overflow.no" value={{ overflow: false }} />
    </FilterList>
    <EnumFilter
      label="resources.decisions.fields.referralStatus"
      source="referralStatus"
      group="referralStatus"
      values={REFERRAL_STATUSES}
      icon={<ReferralIcon />}
    />
  </ListAside>
);

const BorrowerCell = ({ record }: { record: Decision }) => (
  <Stack>
    <Verbatim>{record.borrower.externalRef}</Verbatim>
    <Verbatim>{record.borrower.name}</Verbatim>
  </Stack>
);

function useDecisionExporter() {
  const translate = useTranslate();
  return useCsvExporter<Decision>('decisions', [
    { label: 'resources.decisions.fields.decidedAt', value: (record) => record.decidedAt },
    {
      label: 'resources.decisions.fields.borrower.externalRef',
      value: (record) => record.borrower.externalRef,
    },
    { label: 'resources.decisions.fields.borrower.name', value: (record) => record.borrower.name },
    {
      label: 'resources.decisions.fields.outcome',
      value: (record) => translate(`spillway.outcome.${record.outcome}`),
    },
    { label: 'resources.decisions.fields.approvedLimit', value: (record) => record.approvedLimit },
    { label: 'resources.decisions.fields.aprBps', value: (record) => record.aprBps },
    { label: 'resources.decisions.fields.riskTier', value: (record) => record.riskTier },
    { label: 'resources.decisions.fields.affordableLimit', value: (record) => record.affordableLimit },
    {
      label: 'resources.decisions.fields.overflow',
      value: (record) => translate(record.overflow ? 'spillway.overflow.yes' : 'spillway.overflow.no'),
    },
    { label: 'resources.decisions.fields.id', value: (record) => record.id },
  ]);
}

const Column = DataTable.Col<Decision>;

// The API lists newest first and offers no other order, so no column is sortable.
export const DecisionList = () => {
  const isSmall = useIsSmall();
  const exporter = useDecisionExporter();
  return (
    <List
      filters={filters}
      aside={<DecisionAside />}
      sort={{ field: 'decidedAt', order: 'DESC' }}
      perPage={25}
      exporter={exporter}
    >
      {isSmall ? (
        <SimpleList<Decision>
          primaryText={(record) => <Verbatim>{record.borrower.externalRef}</Verbatim>}
          secondaryText={(record) => <DateTimeText value={record.decidedAt} />}
          tertiaryText={(record) =>
            record.approvedLimit ? <MoneyText value={record.approvedLimit} /> : EMPTY
          }
          leftAvatar={(record) => <OutcomeChip outcome={record.outcome} />}
          linkType="show"
        />
      ) : (
        <DataTable<Decision> rowClick="show" bulkActionButtons={<BulkExportButton />}>
          <Column source="decidedAt" field={DateTimeField} disableSort />
          <Column
            source="borrower.externalRef"
            render={(record) => <BorrowerCell record={record} />}
            disableSort
          />
          <Column source="outcome" field={OutcomeField} disableSort />
          <Column source="approvedLimit" field={MoneyField} align="right" disableSort />
          <Column source="aprBps" field={AprField} align="right" disableSort />
          <Column source="riskTier" render={(record) => record.riskTier ?? EMPTY} disableSort />
          <Column source="overflow" field={OverflowField} disableSort />
        </DataTable>
      )}
    </List>
  );
};
