import ApproveIcon from '@mui/icons-material/CheckCircle';
import CutIcon from '@mui/icons-material/ContentCut';
import DismissIcon from '@mui/icons-material/DoNotDisturb';
import StatusIcon from '@mui/icons-material/Flag';
import IndicatorIcon from '@mui/icons-material/Insights';
import SeverityIcon from '@mui/icons-material/PriorityHigh';
import AcknowledgeIcon from '@mui/icons-material/Visibility';
import { Stack } from '@mui/material';
import type { ReactElement } from 'react';
import {
  BulkExportButton,
  DataTable,
  List,
  SelectInput,
  SimpleList,
  TextInput,
  useDataProvider,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { BulkActionButton } from '../common/BulkActionButton';
import { AlertStatusChip, CutStatusChip, SeverityChip } from '../common/chips';
import { unsortedColumns } from '../common/columns';
import { DateTimeField, IndicatorText, MoneyField, Verbatim } from '../common/fields';
import { EnumFilter, ListAside, useCsvExporter, useIsSmall } from '../common/lists';
import { RecordLink } from '../common/RecordLink';
import { ReasonCodeText, useReasonText } from '../common/reasons';
import type { SpillwayDataProvider } from '../dataProvider';
import {
  ALERT_STATUSES,
  type Alert,
  type BulkAlertAction,
  CUT_STATUSES,
  INDICATORS,
  SEVERITIES,
} from '../dataProvider/monitoring';
import { canDo } from '../permissions';
import { NoteInput } from './NoteInput';

const choices = (group: string, values: readonly string[]) =>
  values.map((id) => ({ id, name: `spillway.${group}.${id}` }));

const filters = [
  <SelectInput key="status" source="status" choices={choices('alertStatus', ALERT_STATUSES)} alwaysOn />,
  <SelectInput key="cutStatus" source="cutStatus" choices={choices('cutStatus', CUT_STATUSES)} alwaysOn />,
  <SelectInput key="severity" source="severity" choices={choices('severity', SEVERITIES)} />,
  <SelectInput key="indicator" source="indicator" choices={choices('indicator', INDICATORS)} />,
  <TextInput key="borrowerId" source="borrowerId" />,
];

const AlertAside = () => (
  <ListAside>
    <EnumFilter
      label="resources.alerts.fields.status"
      source="status"
      group="alertStatus"
      values={ALERT_STATUSES}
      icon={<StatusIcon />}
    />
    <EnumFilter
      label="resources.alerts.fields.cutStatus"
      source="cutStatus"
      group="cutStatus"
      values={CUT_STATUSES}
      icon={<CutIcon />}
    />
    <EnumFilter
      label="resources.alerts.fields.severity"
      source="severity"
      group="severity"
      values={SEVERITIES}
      icon={<SeverityIcon />}
    />
    <EnumFilter
      label="resources.alerts.fields.indicator"
      source="indicator"
      group="indicator"
      values={INDICATORS}
      icon={<IndicatorIcon />}
    />
  </ListAside>
);

/** The same action on every selected alert, with one note, each audited alone. */
const BulkAlertButton = ({
  action,
  icon,
  color,
}: {
  action: BulkAlertAction;
  icon: ReactElement;
  color?: 'primary' | 'success' | 'error';
}) => {
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  return (
    <BulkActionButton<{ note?: string }>
      label={`spillway.alert.bulk.${action}.label`}
      testId={`bulk-${action}`}
      title={`spillway.alert.bulk.${action}.title`}
      description={`spillway.alert.bulk.${action}.description`}
      icon={icon}
      color={color}
      action={(ids, values) => dataProvider[action]({ ids, note: values.note })}
    >
      <NoteInput />
    </BulkActionButton>
  );
};

const AlertBulkActions = () => {
  const { permissions } = usePermissions();
  return (
    <>
      {canDo(permissions, 'actOnAlert') && (
        <BulkAlertButton action="acknowledgeAlerts" icon={<AcknowledgeIcon />} />
      )}
      {canDo(permissions, 'approveCut') && (
        <BulkAlertButton action="approveAlerts" icon={<ApproveIcon />} color="success" />
      )}
      {canDo(permissions, 'actOnAlert') && (
        <BulkAlertButton action="dismissAlerts" icon={<DismissIcon />} color="error" />
      )}
      <BulkExportButton />
    </>
  );
};

const BorrowerCell = ({ alert }: { alert: Alert }) => (
  <RecordLink resource="borrowers" id={alert.borrower.id}>
    <Verbatim>{alert.borrower.externalRef}</Verbatim>
  </RecordLink>
);

function useAlertExporter() {
  const translate = useTranslate();
  const reasonText = useReasonText();
  return useCsvExporter<Alert>('alerts', [
    { label: 'resources.alerts.fields.createdAt', value: (alert) => alert.createdAt },
    { label: 'resources.alerts.fields.borrowerId', value: (alert) => alert.borrower.externalRef },
    { label: 'spillway.alert.borrowerName', value: (alert) => alert.borrower.name },
    {
      label: 'resources.alerts.fields.severity',
      value: (alert) => translate(`spillway.severity.${alert.severity}`),
    },
    {
      label: 'resources.alerts.fields.indicator',
      value: (alert) => translate(`spillway.indicator.${alert.indicator}`, { _: alert.indicator }),
    },
    {
      label: 'resources.alerts.fields.reason',
      value: (alert) => reasonText({ code: alert.reason, message: '' }),
    },
    { label: 'spillway.reason.code', value: (alert) => alert.reason },
    {
      label: 'resources.alerts.fields.status',
      value: (alert) => translate(`spillway.alertStatus.${alert.status}`),
    },
    {
      label: 'resources.alerts.fields.cutStatus',
      value: (alert) => translate(`spillway.cutStatus.${alert.cutStatus}`),
    },
    { label: 'resources.alerts.fields.limitAtAlert', value: (alert) => alert.limitAtAlert },
    { label: 'resources.alerts.fields.proposedLimit', value: (alert) => alert.proposedLimit },
    { label: 'resources.alerts.fields.drawnBalance', value: (alert) => alert.drawnBalance },
    { label: 'resources.alerts.fields.note', value: (alert) => alert.note },
  ]);
}

// Newest first, as the API lists them. The queues (open alerts, cuts awaiting approval) are filters here,
// worked many at a time with the bulk actions.
export const AlertList = () => {
  const isSmall = useIsSmall();
  const exporter = useAlertExporter();
  return (
    <List
      filters={filters}
      aside={<AlertAside />}
      perPage={25}
      exporter={exporter}
      sort={{ field: 'createdAt', order: 'DESC' }}
    >
      {isSmall ? (
        <SimpleList<Alert>
          primaryText={(alert) => <ReasonCodeText code={alert.reason} />}
          secondaryText={(alert) => (
            <>
              <Verbatim>{alert.borrower.externalRef}</Verbatim> ·{' '}
              <IndicatorText indicator={alert.indicator} />
            </>
          )}
          tertiaryText={(alert) => <AlertStatusChip status={alert.status} />}
          linkType="show"
        />
      ) : (
        <DataTable<Alert> rowClick="show" bulkActionButtons={<AlertBulkActions />}>
          {unsortedColumns<Alert>([
            { source: 'createdAt', field: DateTimeField },
            { source: 'borrowerId', render: (alert) => <BorrowerCell alert={alert} /> },
            {
              source: 'indicator',
              render: (alert) => (
                <Stack spacing={0.5}>
                  <SeverityChip severity={alert.severity} />
                  <IndicatorText indicator={alert.indicator} />
                </Stack>
              ),
            },
            { source: 'reason', render: (alert) => <ReasonCodeText code={alert.reason} /> },
            {
              source: 'status',
              render: (alert) => (
                <Stack spacing={0.5}>
                  <AlertStatusChip status={alert.status} />
                  <CutStatusChip status={alert.cutStatus} />
                </Stack>
              ),
            },
            { source: 'limitAtAlert', field: MoneyField, align: 'right' },
            { source: 'proposedLimit', field: MoneyField, align: 'right' },
          ])}
        </DataTable>
      )}
    </List>
  );
};
