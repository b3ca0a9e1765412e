import SaveIcon from '@mui/icons-material/Save';
import { Button } from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import { errorMessage } from '../../common/errors';
import type { JsonObject } from '../../common/json';
import type { SpillwayDataProvider } from '../../dataProvider';
import type { PolicyVersion } from '../../dataProvider/policies';

/** Saves the edited document over the stored draft; a draft changed meanwhile is the API's CONFLICT. */
export const SaveButton = ({
  version,
  document,
  disabled,
}: {
  version: PolicyVersion;
  document: JsonObject;
  disabled: boolean;
}) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [pending, setPending] = useState(false);
  const save = async () => {
    setPending(true);
    try {
      await dataProvider.updateDraft({
        versionId: version.id,
        document,
        expectedLockVersion: version.lockVersion,
      });
      notify('spillway.editor.saved', { type: 'success' });
      refresh();
    } catch (error) {
      notify(errorMessage(error), { type: 'error' });
    } finally {
      setPending(false);
    }
  };
  return (
    <Button
      variant="contained"
      size="small"
      startIcon={<SaveIcon />}
      onClick={save}
      disabled={disabled || pending}
      data-testid="save-draft"
    >
      {translate('ra.action.save')}
    </Button>
  );
};
