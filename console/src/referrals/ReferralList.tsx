import ApproveIcon from '@mui/icons-material/CheckCircle';
import DeclineIcon from '@mui/icons-material/HighlightOff';
import OverflowIcon from '@mui/icons-material/TrendingUp';
import { Chip, Stack } from '@mui/material';
import {
  BulkExportButton,
  DataTable,
  FilterList,
  FilterListItem,
  List,
  NullableBooleanInput,
  required,
  SimpleList,
  TextInput,
  useDataProvider,
  usePermissions,
} from 'react-admin';
import { BulkActionButton } from '../common/BulkActionButton';
import { DateTimeField, MoneyField, Verbatim } from '../common/fields';
import { EMPTY } from '../common/format';
import { ListAside, useCsvExporter, useIsSmall } from '../common/lists';
import { useReasonText } from '../common/reasons';
import type { SpillwayDataProvider } from '../dataProvider';
import type { Decision } from '../dataProvider/decisions';
import { canDo } from '../permissions';

const Column = DataTable.Col<Decision>;

/** One chip per code, worded: several rules may give the same reason (a missing fact, say). */
const ReasonChips = ({ record }: { record: Decision }) => {
  const reasonText = useReasonText();
  const byCode = new Map((record.reasons ?? []).map((reason) => [reason.code, reason]));
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {[...byCode.values()].map((reason) => (
        <Chip
          key={reason.code}
          size="small"
          label={reasonText(reason)}
          title={reason.code}
          data-reason={reason.code}
        />
      ))}
    </Stack>
  );
};

const BorrowerCell = ({ record }: { record: Decision }) => (
  <Stack>
    <Verbatim>{record.borrower.externalRef}</Verbatim>
    <Verbatim>{record.borrower.name}</Verbatim>
  </Stack>
);

const filters = [<NullableBooleanInput key="overflow" source="overflow" alwaysOn />];

const ReferralAside = () => (
  <ListAside>
    <FilterList label="resources.referrals.fields.overflow" icon={<OverflowIcon />}>
      <FilterListItem label="spillway.overflow.yes" value={{ overflow: true }} />
      <FilterListItem label="spillway.overflow.no" value={{ overflow: false }} />
    </FilterList>
  </ListAside>
);

const noteInput = (
  <TextInput
    source="note"
    label="spillway.referral.note"
    multiline
    minRows={2}
    validate={required()}
    fullWidth
  />
);

/** Approve each selected referral at the most it may be granted, or decline them all; each audited alone. */
const ReferralBulkActions = () => {
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const { permissions } = usePermissions();
  const resolve = (action: 'APPROVE' | 'DECLINE') => (ids: string[], values: { note: string }) =>
    dataProvider.resolveReferrals({ decisionIds: ids, action, note: values.note });
  return (
    <>
      {canDo(permissions, 'resolveReferral') && (
        <>
          <BulkActionButton<{ note: string }>
            label="spillway.referral.bulk.approve.label"
            testId="bulk-approveReferrals"
            title="spillway.referral.bulk.approve.title"
            description="spillway.referral.bulk.approve.description"
            icon={<ApproveIcon />}
            color="success"
            action={resolve('APPROVE')}
          >
            {noteInput}
          </BulkActionButton>
          <BulkActionButton<{ note: string }>
            label="spillway.referral.bulk.decline.label"
            testId="bulk-declineReferrals"
            title="spillway.referral.bulk.decline.title"
            description="spillway.referral.bulk.decline.description"
            icon={<DeclineIcon />}
            color="error"
            action={resolve('DECLINE')}
          >
            {noteInput}
          </BulkActionButton>
        </>
      )}
      <BulkExportButton />
    </>
  );
};

function useReferralExporter() {
  const reasonText = useReasonText();
  return useCsvExporter<Decision>('referrals', [
    { label: 'resources.referrals.fields.decidedAt', value: (record) => record.decidedAt },
    {
      label: 'resources.referrals.fields.borrower.externalRef',
      value: (record) => record.borrower.externalRef,
    },
    { label: 'resources.referrals.fields.borrower.name', value: (record) => record.borrower.name },
    {
      label: 'resources.referrals.fields.reasons',
      value: (record) => (record.reasons ?? []).map((reason) => reasonText(reason)).join('; '),
    },
    { label: 'resources.referrals.fields.approvedLimit', value: (record) => record.approvedLimit },
    { label: 'resources.referrals.fields.affordableLimit', value: (record) => record.affordableLimit },
    { label: 'resources.referrals.fields.riskTier', value: (record) => record.riskTier },
    { label: 'resources.referrals.fields.id', value: (record) => record.id },
  ]);
}

// Oldest-first would suit a queue, but the API lists newest first and offers no other order.
export const ReferralList = () => {
  const isSmall = useIsSmall();
  const exporter = useReferralExporter();
  return (
    <List
      filters={filters}
      aside={<ReferralAside />}
      perPage={25}
      exporter={exporter}
      sort={{ field: 'decidedAt', order: 'DESC' }}
    >
      {isSmall ? (
        <SimpleList<Decision>
          primaryText={(record) => <Verbatim>{record.borrower.externalRef}</Verbatim>}
          secondaryText={(record) => <ReasonChips record={record} />}
          linkType="show"
        />
      ) : (
        <DataTable<Decision> rowClick="show" bulkActionButtons={<ReferralBulkActions />}>
          <Column source="decidedAt" field={DateTimeField} disableSort />
          <Column
            source="borrower.externalRef"
            render={(record) => <BorrowerCell record={record} />}
            disableSort
          />
          <Column source="reasons" render={(record) => <ReasonChips record={record} />} disableSort />
          <Column source="approvedLimit" field={MoneyField} align="right" disableSort />
          <Column source="affordableLimit" field={MoneyField} align="right" disableSort />
          <Column source="riskTier" render={(record) => record.riskTier ?? EMPTY} disableSort />
        </DataTable>
      )}
    </List>
  );
};
