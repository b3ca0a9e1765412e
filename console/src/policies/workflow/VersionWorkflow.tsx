import ApproveIcon from '@mui/icons-material/CheckCircle';
import RejectIcon from '@mui/icons-material/HighlightOff';
import PublishIcon from '@mui/icons-material/Publish';
import SubmitIcon from '@mui/icons-material/Send';
import ChallengerIcon from '@mui/icons-material/SplitscreenOutlined';
import { Typography } from '@mui/material';
import {
  DateTimeInput,
  FormDataConsumer,
  maxValue,
  minValue,
  NumberInput,
  required,
  SelectInput,
  TextInput,
  useCreatePath,
  useDataProvider,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { useNavigate } from 'react-router';
import { ActionDialogButton } from '../../common/ActionDialogButton';
import type { SpillwayDataProvider } from '../../dataProvider';
import type { PolicyVersion } from '../../dataProvider/policies';
import { canDo } from '../../permissions';
import { getUser } from '../../session';
import { RollbackButton } from './PolicyButtons';
import { texts, useVersionArgs } from './texts';

const commentInput = (validate?: ReturnType<typeof required>) => (
  <TextInput source="comment" label="spillway.workflow.comment" multiline minRows={2} validate={validate} />
);

const challengerModes = ['SHADOW', 'SPLIT'].map((id) => ({ id, name: `spillway.challengerMode.${id}` }));

/** Why a draft cannot be submitted yet, as an i18n key; null when it can. */
export function submitBlocker(
  version: Pick<PolicyVersion, 'revision' | 'policy'>,
  unsaved: boolean,
  errors: number,
): string | null {
  if (unsaved) return 'spillway.workflow.saveFirst';
  if (errors > 0) return 'spillway.workflow.fixErrors';
  // An unchanged copy of the published version would only put the same policy through review again.
  if (version.revision === version.policy.publishedVersion?.revision) return 'spillway.workflow.noChanges';
  return null;
}

/**
 * What may happen to a version next, for the signed-in person: each action behind a confirmation, run
 * pessimistically, with the API's refusal shown as it words it. `unsaved` holds back what acts on the
 * stored document while the editor has changes the API has not seen.
 */
export const VersionWorkflow = ({
  version,
  unsaved,
  errors,
}: {
  version: PolicyVersion;
  unsaved: boolean;
  /** Errors in the document as the editor shows it: a draft with any cannot be submitted. */
  errors: number;
}) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const { permissions } = usePermissions();
  const createPath = useCreatePath();
  const navigate = useNavigate();
  const policy = version.policy;
  const seen = { versionId: version.id, expectedLockVersion: version.lockVersion };
  const args = useVersionArgs(policy.kind, version.number);
  const userId = getUser()?.id;
  const ownWork =
    userId !== undefined && (version.author?.id === userId || version.submittedBy?.id === userId);
  const backToPolicy = () => navigate(createPath({ resource: 'policies', id: policy.id, type: 'show' }));

  switch (version.status) {
    case 'DRAFT':
      return canDo(permissions, 'editPolicy') ? (
        <ActionDialogButton
          {...texts('submit')}
          messageArgs={args}
          icon={<SubmitIcon />}
          color="primary"
          disabledReason={submitBlocker(version, unsaved, errors)}
          action={() => dataProvider.submitVersion(seen)}
        />
      ) : null;
    case 'IN_REVIEW':
      if (!canDo(permissions, 'reviewPolicy')) return null;
      if (ownWork) {
        return (
          <Typography variant="body2" color="text.secondary">
            {translate('spillway.workflow.ownWork')}
          </Typography>
        );
      }
      return (
        <>
          <ActionDialogButton
            {...texts('approve')}
            messageArgs={args}
            icon={<ApproveIcon />}
            color="success"
            action={(values: { comment?: string }) =>
              dataProvider.approveVersion({ ...seen, comment: values.comment })
            }
          >
            {commentInput()}
          </ActionDialogButton>
          <ActionDialogButton
            {...texts('reject')}
            messageArgs={args}
            icon={<RejectIcon />}
            color="error"
            action={(values: { comment: string }) =>
              dataProvider.rejectVersion({ ...seen, comment: values.comment })
            }
          >
            {commentInput(required())}
          </ActionDialogButton>
        </>
      );
    case 'APPROVED':
      if (!canDo(permissions, 'publishPolicy')) return null;
      return (
        <>
          <ActionDialogButton
            {...texts('publish')}
            messageArgs={args}
            icon={<PublishIcon />}
            color="primary"
            action={(values: { effectiveAt?: string | null }) =>
              dataProvider.publishVersion({
                versionId: version.id,
                // The input holds local wall-clock time; the API wants an instant.
                effectiveAt: values.effectiveAt ? new Date(values.effectiveAt).toISOString() : null,
              })
            }
          >
            <DateTimeInput
              source="effectiveAt"
              label="spillway.workflow.effectiveAt"
              helperText="spillway.workflow.effectiveAtHelp"
            />
          </ActionDialogButton>
          <ActionDialogButton
            {...texts('setChallenger')}
            messageArgs={args}
            icon={<ChallengerIcon />}
            defaultValues={{ mode: 'SHADOW' }}
            action={(values: { mode: 'SHADOW' | 'SPLIT'; share?: number }) =>
              dataProvider.setChallenger({
                policyId: policy.id,
                versionId: version.id,
                mode: values.mode,
                share: values.mode === 'SPLIT' ? values.share : undefined,
              })
            }
            onDone={backToPolicy}
          >
            <SelectInput
              source="mode"
              label="spillway.workflow.challengerMode"
              choices={challengerModes}
              validate={required()}
            />
            <FormDataConsumer<{ mode?: string }>>
              {({ formData }) =>
                formData.mode === 'SPLIT' && (
                  <NumberInput
                    source="share"
                    label="spillway.workflow.share"
                    helperText="spillway.workflow.shareHelp"
                    step={0.05}
                    validate={[required(), minValue(0.01), maxValue(1)]}
                  />
                )
              }
            </FormDataConsumer>
          </ActionDialogButton>
        </>
      );
    case 'RETIRED':
      return <RollbackButton policy={policy} version={version} />;
    default:
      return null;
  }
};
