import AddIcon from '@mui/icons-material/Add';
import CopyIcon from '@mui/icons-material/ContentCopy';
import RevokeIcon from '@mui/icons-material/KeyOff';
import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  Stack,
  Tooltip,
} from '@mui/material';
import { useState } from 'react';
import {
  DataTable,
  List,
  required,
  TextInput,
  TopToolbar,
  useDataProvider,
  useNotify,
  useTranslate,
} from 'react-admin';
import { ActionDialogButton } from '../common/ActionDialogButton';
import { DateTimeText, VerbatimField } from '../common/fields';
import { RolesField } from '../common/RolesField';
import type { SpillwayDataProvider } from '../dataProvider';
import type { ApiKey, CreatedApiKey } from '../dataProvider/admin';

/** The plain key, once: the API keeps only its hash, so closing this dialog loses it for good. */
const NewKeyDialog = ({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      notify('spillway.apiKey.copied', { type: 'info' });
    } catch {
      // Clipboard access needs a secure context and permission; the key stays selectable on screen.
      notify('spillway.apiKey.copyFailed', { type: 'warning' });
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="new-api-key-title">
      <DialogTitle id="new-api-key-title">
        {translate('spillway.apiKey.createdTitle', { name: created.apiKey.name })}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <Alert severity="warning">{translate('spillway.apiKey.onlyOnce')}</Alert>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Box
              component="code"
              data-testid="new-api-key"
              sx={{ flex: 1, p: 1, bgcolor: 'action.hover', borderRadius: 1, wordBreak: 'break-all' }}
            >
              {created.key}
            </Box>
            <Tooltip title={translate('spillway.apiKey.copy')}>
              <IconButton onClick={copy} aria-label={translate('spillway.apiKey.copy')}>
                <CopyIcon />
              </IconButton>
            </Tooltip>
          </Stack>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} variant="contained">
          {translate('ra.action.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

const CreateKeyButton = () => {
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  return (
    <>
      <ActionDialogButton
        label="spillway.apiKey.create"
        title="spillway.apiKey.createTitle"
        description="spillway.apiKey.createDescription"
        successMessage="spillway.apiKey.createdMessage"
        icon={<AddIcon />}
        action={(values: { name: string }) => dataProvider.createApiKey({ name: values.name })}
        onDone={(result) => setCreated(result.data)}
      >
        <TextInput source="name" label="resources.apiKeys.fields.name" validate={required()} />
      </ActionDialogButton>
      {created && <NewKeyDialog created={created} onClose={() => setCreated(null)} />}
    </>
  );
};

const RevokeButton = ({ apiKey }: { apiKey: ApiKey }) => {
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  if (apiKey.revokedAt) return null;
  return (
    <ActionDialogButton
      label="spillway.apiKey.revoke"
      title="spillway.apiKey.revokeTitle"
      description="spillway.apiKey.revokeDescription"
      messageArgs={{ name: apiKey.name }}
      successMessage="spillway.apiKey.revoked"
      icon={<RevokeIcon />}
      color="error"
      action={() => dataProvider.revokeApiKey({ id: apiKey.id })}
    />
  );
};

const KeyStatus = ({ apiKey }: { apiKey: ApiKey }) => {
  const translate = useTranslate();
  return apiKey.revokedAt ? (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Chip size="small" variant="outlined" label={translate('spillway.apiKey.revokedStatus')} />
      <DateTimeText value={apiKey.revokedAt} />
    </Stack>
  ) : (
    <Chip size="small" variant="outlined" color="success" label={translate('spillway.apiKey.activeStatus')} />
  );
};

const Column = DataTable.Col<ApiKey>;

export const ApiKeyList = () => (
  <List
    perPage={25}
    exporter={false}
    sort={{ field: 'name', order: 'ASC' }}
    actions={
      <TopToolbar>
        <CreateKeyButton />
      </TopToolbar>
    }
  >
    <DataTable<ApiKey> bulkActionButtons={false} rowClick={false}>
      <Column source="name" field={VerbatimField} disableSort />
      <Column source="prefix" render={(key) => <code translate="no">{key.prefix}</code>} disableSort />
      <Column source="roles" field={RolesField} disableSort />
      <Column source="revokedAt" render={(key) => <KeyStatus apiKey={key} />} disableSort />
      <Column label="" render={(key) => <RevokeButton apiKey={key} />} disableSort />
    </DataTable>
  </List>
);
