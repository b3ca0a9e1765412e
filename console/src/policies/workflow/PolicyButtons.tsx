import CopyIcon from '@mui/icons-material/ContentCopy';
import RollbackIcon from '@mui/icons-material/Restore';
import StopIcon from '@mui/icons-material/StopCircleOutlined';
import { useDataProvider, usePermissions } from 'react-admin';
import { useNavigate } from 'react-router';
import { ActionDialogButton } from '../../common/ActionDialogButton';
import { versionPath } from '../../common/VersionLink';
import type { SpillwayDataProvider } from '../../dataProvider';
import type { Policy, VersionSummary } from '../../dataProvider/policies';
import { canDo } from '../../permissions';
import { texts, useVersionArgs } from './texts';

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
