import VerifiedIcon from '@mui/icons-material/VerifiedUser';
import { Alert, Button, Stack } from '@mui/material';
import { useState } from 'react';
import { DataTable, List, TextInput, TopToolbar, useDataProvider, useTranslate } from 'react-admin';
import { errorMessage } from '../common/errors';
import { DateTimeField } from '../common/fields';
import type { SpillwayDataProvider } from '../dataProvider';
import type { AuditEvent, AuditVerification } from '../dataProvider/audit';

const VerificationResult = ({ result }: { result: AuditVerification }) => {
  const translate = useTranslate();
  return result.valid ? (
    <Alert severity="success" data-testid="audit-verification" data-valid="true">
      {translate('spillway.audit.valid', { smart_count: result.checked })}
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

const filters = [
  <TextInput key="action" source="action" alwaysOn />,
  <TextInput key="entityType" source="entityType" alwaysOn />,
  <TextInput key="actor" source="actor" />,
];

const Column = DataTable.Col<AuditEvent>;

const mono = { fontFamily: 'monospace', fontSize: 12 } as const;

// The API lists newest first and offers no other order, so no column is sortable.
export const AuditList = () => (
  <List
    filters={filters}
    perPage={25}
    exporter={false}
    sort={{ field: 'seq', order: 'DESC' }}
    actions={
      <TopToolbar>
        <VerifyChainButton />
      </TopToolbar>
    }
  >
    <DataTable<AuditEvent> bulkActionButtons={false} rowClick={false}>
      <Column source="seq" disableSort />
      <Column source="at" field={DateTimeField} disableSort />
      <Column source="actor" disableSort />
      <Column source="action" disableSort />
      <Column
        source="entityType"
        render={(event) => (
          <span>
            {event.entityType} <span style={mono}>{event.entityId}</span>
          </span>
        )}
        disableSort
      />
      <Column
        source="summary"
        render={(event) => (
          <span style={{ ...mono, wordBreak: 'break-word' }}>{JSON.stringify(event.summary)}</span>
        )}
        disableSort
      />
    </DataTable>
  </List>
);
