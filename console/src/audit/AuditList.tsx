import EntityIcon from '@mui/icons-material/Category';
import VerifiedIcon from '@mui/icons-material/VerifiedUser';
import { Alert, Button, Stack } from '@mui/material';
import { useState } from 'react';
import {
  DataTable,
  ExportButton,
  FilterButton,
  FilterList,
  FilterListItem,
  List,
  SelectInput,
  SimpleList,
  TextInput,
  TopToolbar,
  useDataProvider,
  useTranslate,
} from 'react-admin';
import { errorMessage } from '../common/errors';
import { DateTimeField, DateTimeText, Verbatim } from '../common/fields';
import { useFormat } from '../common/format';
import { ListAside, useCsvExporter, useIsSmall } from '../common/lists';
import type { SpillwayDataProvider } from '../dataProvider';
import type { AuditEvent, AuditVerification } from '../dataProvider/audit';
import { AuditEntity, AuditSummary } from './AuditSummary';

const VerificationResult = ({ result }: { result: AuditVerification }) => {
  const translate = useTranslate();
  const format = useFormat();
  return result.valid ? (
    <Alert severity="success" data-testid="audit-verification" data-valid="true">
      {translate('spillway.audit.valid', {
        smart_count: result.checked,
        count: format.count(result.checked),
      })}
    </Alert>
  ) : (
    <Alert severity="error" data-testid="audit-verification" data-valid="false">
      {translate('spillway.audit.broken', { seq: result.brokenAt ?? '?', reason: result.reason ?? '' })}
    </Alert>
  );
};

/** Walks the whole hash chain on the server: a read, so no confirmation. */
const VerifyChainButton = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const verify = async () => {
    setPending(true);
    setError(null);
    try {
      setResult((await dataProvider.verifyAuditLog()).data);
    } catch (failure) {
      setResult(null);
      setError(errorMessage(failure));
    } finally {
      setPending(false);
    }
  };
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      {result && <VerificationResult result={result} />}
      {error && <Alert severity="error">{error}</Alert>}
      <Button size="small" startIcon={<VerifiedIcon />} onClick={verify} disabled={pending}>
        {translate('spillway.audit.verify')}
      </Button>
    </Stack>
  );
};

/** Every action the API audits, for the filters. */
const AUDIT_ACTIONS = [
  'seed',
  'create',
  'update',
  'submit',
  'approve',
  'reject',
  'publish',
  'rollback',
  'schedule',
  'challenger',
  'alert.acknowledge',
  'alert.approve',
  'alert.dismiss',
  'referral.resolve',
  'backtest.start',
  'backtest.cancel',
  'replay.start',
  'replay.cancel',
  'caseSet.import',
  'user.create',
  'user.deactivate',
  'apiKey.create',
  'apiKey.revoke',
  'portfolioReview.start',
  'reviewSchedule.set',
  'compliance.run',
  'compliance.annotate',
] as const;

const ENTITY_TYPES = [
  'PolicyVersion',
  'Policy',
  'Alert',
  'Decision',
  'Backtest',
  'CaseSet',
  'PortfolioReview',
  'ComplianceRun',
  'ComplianceFinding',
  'User',
  'ApiKey',
  'Product',
] as const;

/** An action's i18n key: the API's dots would read as nesting. */
const actionKey = (action: string) => `spillway.auditAction.${action.replaceAll('.', '_')}`;

const ActionText = ({ action }: { action: string }) => {
  const translate = useTranslate();
  return <span data-action={action}>{translate(actionKey(action), { _: action })}</span>;
};

const filters = [
  <SelectInput
    key="action"
    source="action"
    choices={AUDIT_ACTIONS.map((id) => ({ id, name: actionKey(id) }))}
    alwaysOn
  />,
  <SelectInput
    key="entityType"
    source="entityType"
    choices={ENTITY_TYPES.map((id) => ({ id, name: `spillway.entityType.${id}` }))}
    alwaysOn
  />,
  <TextInput key="actor" source="actor" />,
  <TextInput key="entityId" source="entityId" />,
];

const AuditAside = () => (
  <ListAside>
    <FilterList label="resources.audit.fields.entityType" icon={<EntityIcon />}>
      {ENTITY_TYPES.map((type) => (
        <FilterListItem key={type} label={`spillway.entityType.${type}`} value={{ entityType: type }} />
      ))}
    </FilterList>
  </ListAside>
);

function useAuditExporter() {
  const translate = useTranslate();
  return useCsvExporter<AuditEvent>('audit-log', [
    { label: 'resources.audit.fields.seq', value: (event) => event.seq },
    { label: 'resources.audit.fields.at', value: (event) => event.at },
    { label: 'resources.audit.fields.actor', value: (event) => event.actor },
    {
      label: 'resources.audit.fields.action',
      value: (event) => translate(actionKey(event.action), { _: event.action }),
    },
    {
      label: 'resources.audit.fields.entityType',
      value: (event) => translate(`spillway.entityType.${event.entityType}`, { _: event.entityType }),
    },
    { label: 'resources.audit.fields.entityId', value: (event) => event.entityId },
    { label: 'resources.audit.fields.summary', value: (event) => JSON.stringify(event.summary) },
  ]);
}

const Column = DataTable.Col<AuditEvent>;

// The API lists newest first and offers no other order, so no column is sortable.
export const AuditList = () => {
  const isSmall = useIsSmall();
  const exporter = useAuditExporter();
  return (
    <List
      filters={filters}
      aside={<AuditAside />}
      perPage={25}
      exporter={exporter}
      sort={{ field: 'seq', order: 'DESC' }}
      actions={
        <TopToolbar>
          <VerifyChainButton />
          <FilterButton />
          <ExportButton />
        </TopToolbar>
      }
    >
      {isSmall ? (
        <SimpleList<AuditEvent>
          primaryText={(event) => <ActionText action={event.action} />}
          secondaryText={(event) => <AuditEntity event={event} />}
          tertiaryText={(event) => <DateTimeText value={event.at} />}
          linkType={false}
        />
      ) : (
        <DataTable<AuditEvent> bulkActionButtons={false} rowClick={false}>
          <Column source="seq" disableSort />
          <Column source="at" field={DateTimeField} disableSort />
          <Column source="actor" render={(event) => <Verbatim>{event.actor}</Verbatim>} disableSort />
          <Column source="action" render={(event) => <ActionText action={event.action} />} disableSort />
          <Column source="entityType" render={(event) => <AuditEntity event={event} />} disableSort />
          <Column source="summary" render={(event) => <AuditSummary event={event} />} disableSort />
        </DataTable>
      )}
    </List>
  );
};
