import ApproveIcon from '@mui/icons-material/CheckCircle';
import CopyIcon from '@mui/icons-material/ContentCopy';
import RejectIcon from '@mui/icons-material/HighlightOff';
import PublishIcon from '@mui/icons-material/Publish';
import RollbackIcon from '@mui/icons-material/Restore';
import SubmitIcon from '@mui/icons-material/Send';
import ChallengerIcon from '@mui/icons-material/SplitscreenOutlined';
import StopIcon from '@mui/icons-material/StopCircleOutlined';
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
import { ActionDialogButton } from '../common/ActionDialogButton';
import type { SpillwayDataProvider } from '../dataProvider';
import type { Policy, PolicyVersion, VersionSummary } from '../dataProvider/policies';
import { canDo } from '../permissions';
import { getUser } from '../session';

type WorkflowAction =
  | 'newDraft'
  | 'draftFrom'
  | 'submit'
  | 'approve'
  | 'reject'
  | 'publish'
  | 'setChallenger'
  | 'removeChallenger'
  | 'rollback'
  | 'rollbackTo';

/** An action's button label, dialog title and description, and success notice: spillway.workflow.<action>. */
const texts = (action: WorkflowAction) => ({
  label: `spillway.workflow.${action}.label`,
  title: `spillway.workflow.${action}.title`,
  description: `spillway.workflow.${action}.description`,
  successMessage: `spillway.workflow.${action}.done`,
});

/** What the dialogs say the version is: "Admission v2". */
function useVersionArgs(kind: Policy['kind'], number?: number) {
  const translate = useTranslate();
  return { kind: translate(`spillway.policyKind.${kind}`), number };
}

/** Where a version is edited (a draft) or read (any other): under its policy. */
export const versionPath = (policyId: string, versionId: string) =>
  `/policies/${policyId}/versions/${versionId}`;

/** Copies the published version (or `from`) into a new draft and opens it. */
export const NewDraftButton = ({
  policy,
  from,
}: {
  policy: Pick<Policy, 'id' | 'kind'>;
  from?: VersionSummary;
}) => {
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const navigate = useNavigate();
  const { permissions } = usePermissions();
  const args = useVersionArgs(policy.kind, from?.number);
  if (!canDo(permissions, 'editPolicy')) return null;
  return (
    <ActionDialogButton
      {...texts(from ? 'draftFrom' : 'newDraft')}
      messageArgs={args}
      icon={<CopyIcon />}
      action={() => dataProvider.createDraft({ policyId: policy.id, fromVersionId: from?.id })}
      onDone={({ data }) => navigate(versionPath(policy.id, data.id))}
    />
  );
};

/** Publishes an earlier version again: `version`, or the most recently retired one. */
export const RollbackButton = ({
  policy,
  version,
}: {
  policy: Pick<Policy, 'id' | 'kind'>;
  version?: VersionSummary;
}) => {
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const { permissions } = usePermissions();
  const args = useVersionArgs(policy.kind, version?.number);
  if (!canDo(permissions, 'publishPolicy')) return null;
  return (
    <ActionDialogButton
      {...texts(version ? 'rollbackTo' : 'rollback')}
      messageArgs={args}
      icon={<RollbackIcon />}
      color="warning"
      action={() => dataProvider.rollbackPolicy({ policyId: policy.id, versionId: version?.id })}
    />
  );
};

export const RemoveChallengerButton = ({ policy }: { policy: Policy }) => {
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const { permissions } = usePermissions();
  if (!policy.challengerVersion || !canDo(permissions, 'publishPolicy')) return null;
  return (
    <ActionDialogButton
      {...texts('removeChallenger')}
      messageArgs={{ number: policy.challengerVersion.number }}
      icon={<StopIcon />}
      action={() => dataProvider.setChallenger({ policyId: policy.id })}
    />
  );
};

const commentInput = (validate?: ReturnType<typeof required>) => (
  <TextInput source="comment" label="spillway.workflow.comment" multiline minRows={2} validate={validate} />
);

const challengerModes = ['SHADOW', 'SPLIT'].map((id) => ({ id, name: `spillway.challengerMode.${id}` }));

/**
 * What may happen to a version next, for the signed-in person: each action behind a confirmation, run
 * pessimistically, with the API's refusal shown as it words it. `unsaved` holds back what acts on the
 * stored document while the editor has changes the API has not seen.
 */
export const VersionWorkflow = ({ version, unsaved }: { version: PolicyVersion; unsaved: boolean }) => {
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
          disabledReason={unsaved ? 'spillway.workflow.saveFirst' : null}
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
