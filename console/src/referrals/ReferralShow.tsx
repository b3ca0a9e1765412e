import ApproveIcon from '@mui/icons-material/CheckCircle';
import DeclineIcon from '@mui/icons-material/HighlightOff';
import {
  maxValue,
  minValue,
  NumberInput,
  required,
  Show,
  TextInput,
  TopToolbar,
  useDataProvider,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { ActionDialogButton } from '../common/ActionDialogButton';
import { useFormat } from '../common/format';
import type { SpillwayDataProvider } from '../dataProvider';
import type { Decision } from '../dataProvider/decisions';
import { DecisionDetail } from '../decisions';
import { canDo } from '../permissions';
import { approvalCeiling } from './ceiling';

const noteInput = (
  <TextInput source="note" label="spillway.referral.note" multiline minRows={2} validate={required()} />
);

const ReferralActions = () => {
  const record = useRecordContext<Decision>();
  const { permissions } = usePermissions();
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const translate = useTranslate();
  const format = useFormat();
  if (record?.referralStatus !== 'PENDING' || !canDo(permissions, 'resolveReferral')) {
    return <TopToolbar />;
  }
  const ceiling = approvalCeiling(record);
  const resolve = (action: 'APPROVE' | 'DECLINE') => (values: { limit?: number; note: string }) =>
    dataProvider.resolveReferral({
      decisionId: String(record.id),
      action,
      limit: values.limit == null ? undefined : values.limit.toFixed(2),
      note: values.note,
    });
  return (
    <TopToolbar>
      <ActionDialogButton
        label="spillway.referral.approve"
        title="spillway.referral.approveTitle"
        description="spillway.referral.approveDescription"
        messageArgs={{ borrower: record.borrower.externalRef }}
        successMessage="spillway.referral.approved"
        icon={<ApproveIcon />}
        color="success"
        defaultValues={{ limit: ceiling == null ? undefined : Number(ceiling) }}
        action={resolve('APPROVE')}
      >
        <NumberInput
          source="limit"
          label="spillway.referral.limit"
          step={100}
          validate={[required(), minValue(0.01), ...(ceiling == null ? [] : [maxValue(Number(ceiling))])]}
          helperText={
            ceiling == null
              ? 'spillway.referral.noCeiling'
              : translate('spillway.referral.ceiling', { limit: format.money(ceiling) })
          }
        />
        {noteInput}
      </ActionDialogButton>
      <ActionDialogButton
        label="spillway.referral.decline"
        title="spillway.referral.declineTitle"
        description="spillway.referral.declineDescription"
        messageArgs={{ borrower: record.borrower.externalRef }}
        successMessage="spillway.referral.declined"
        icon={<DeclineIcon />}
        color="error"
        action={resolve('DECLINE')}
      >
        {noteInput}
      </ActionDialogButton>
    </TopToolbar>
  );
};

export const ReferralShow = () => (
  <Show actions={<ReferralActions />}>
    <DecisionDetail />
  </Show>
);
