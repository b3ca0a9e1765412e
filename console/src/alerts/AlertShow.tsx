import ApproveIcon from '@mui/icons-material/CheckCircle';
import DismissIcon from '@mui/icons-material/DoNotDisturb';
import AcknowledgeIcon from '@mui/icons-material/Visibility';
import { Divider, Alert as MuiAlert, Stack, Typography } from '@mui/material';
import type { ReactElement } from 'react';
import {
  ListButton,
  Show,
  TopToolbar,
  useDataProvider,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { ActionDialogButton } from '../common/ActionDialogButton';
import { AlertStatusChip, CutStatusChip, SeverityChip } from '../common/chips';
import { FactTable } from '../common/FactTable';
import { DateTimeText, IndicatorText, MoneyText, Verbatim } from '../common/fields';
import { EMPTY } from '../common/format';
import { RecordLink } from '../common/RecordLink';
import { ReasonCodeText } from '../common/reasons';
import { ScorePoints } from '../common/ScorePoints';
import { FactGrid, Figure, Section } from '../common/SimpleTable';
import { scorecardsOf } from '../common/trace/trace';
import type { SpillwayDataProvider } from '../dataProvider';
import type { Alert, AlertAction } from '../dataProvider/monitoring';
import { canDo } from '../permissions';
import { NoteInput } from './NoteInput';

/** Acknowledge, approve the cut, or dismiss: each audited with an optional note, each behind a confirmation. */
const AlertActionButton = ({
  alert,
  action,
  icon,
  color,
}: {
  alert: Alert;
  action: AlertAction;
  icon: ReactElement;
  color?: 'primary' | 'success' | 'error';
}) => {
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  return (
    <ActionDialogButton<{ note?: string }, { data: Alert }>
      label={`spillway.alert.${action}.label`}
      testId={`alert-${action}`}
      title={`spillway.alert.${action}.title`}
      description={`spillway.alert.${action}.description`}
      messageArgs={{ indicator: alert.indicator }}
      successMessage={`spillway.alert.${action}.done`}
      icon={icon}
      color={color}
      action={(values) => dataProvider[action]({ id: alert.id, note: values.note })}
    >
      <NoteInput />
    </ActionDialogButton>
  );
};

const Actions = () => {
  const alert = useRecordContext<Alert>();
  const { permissions } = usePermissions();
  const open = alert && (alert.status === 'OPEN' || alert.status === 'ACKNOWLEDGED');
  return (
    <TopToolbar>
      {alert && open && alert.status === 'OPEN' && canDo(permissions, 'actOnAlert') && (
        <AlertActionButton alert={alert} action="acknowledgeAlert" icon={<AcknowledgeIcon />} />
      )}
      {alert && alert.cutStatus === 'PENDING_APPROVAL' && canDo(permissions, 'approveCut') && (
        <AlertActionButton alert={alert} action="approveAlert" icon={<ApproveIcon />} color="success" />
      )}
      {alert && open && canDo(permissions, 'actOnAlert') && (
        <AlertActionButton alert={alert} action="dismissAlert" icon={<DismissIcon />} color="error" />
      )}
      <ListButton />
    </TopToolbar>
  );
};

const AlertDetail = () => {
  const alert = useRecordContext<Alert>();
  const translate = useTranslate();
  if (!alert) return null;
  return (
    <Stack spacing={3} sx={{ p: 2 }} divider={<Divider flexItem />}>
      <FactGrid testId="alert-summary">
        <Figure label="resources.alerts.fields.severity">
          <SeverityChip severity={alert.severity} />
        </Figure>
        <Figure label="resources.alerts.fields.indicator">
          <IndicatorText indicator={alert.indicator} />
        </Figure>
        <Figure label="resources.alerts.fields.reason">
          <ReasonCodeText code={alert.reason} />
        </Figure>
        <Figure label="resources.alerts.fields.rule">
          <Verbatim mono>{alert.rule}</Verbatim>
        </Figure>
        <Figure label="resources.alerts.fields.status">
          <AlertStatusChip status={alert.status} />
        </Figure>
        <Figure label="resources.alerts.fields.createdAt">
          <DateTimeText value={alert.createdAt} />
        </Figure>
        <Figure label="resources.alerts.fields.borrowerId">
          <RecordLink resource="borrowers" id={alert.borrower.id}>
            <Verbatim>{alert.borrower.externalRef}</Verbatim>
          </RecordLink>
          <Typography variant="caption" component="div" color="text.secondary">
            <Verbatim>{alert.borrower.name}</Verbatim>
          </Typography>
        </Figure>
        <Figure label="spillway.alert.line">
          <RecordLink resource="borrowers" id={alert.borrower.id}>
            {translate('spillway.alert.openBorrower')}
          </RecordLink>
          <Typography variant="caption" component="div" color="text.secondary">
            <Verbatim mono>{alert.creditLine.id.slice(0, 8)}</Verbatim>
          </Typography>
        </Figure>
        <Figure label="spillway.alert.review">
          <RecordLink resource="portfolioReviews" id={alert.reviewId}>
            {translate('spillway.alert.openReview')}
          </RecordLink>
        </Figure>
        <Figure label="resources.alerts.fields.revision">
          <Verbatim mono>
            <span title={alert.revision}>{alert.revision.slice(0, 12)}</span>
          </Verbatim>
        </Figure>
      </FactGrid>
      <Section title="spillway.alert.cut">
        <Stack spacing={2}>
          <FactGrid testId="alert-cut">
            <Figure label="resources.alerts.fields.cutStatus">
              <CutStatusChip status={alert.cutStatus} />
            </Figure>
            <Figure label="resources.alerts.fields.limitAtAlert">
              <MoneyText value={alert.limitAtAlert} />
            </Figure>
            <Figure label="resources.alerts.fields.drawnBalance">
              <MoneyText value={alert.drawnBalance} />
            </Figure>
            <Figure label="resources.alerts.fields.policyProposedLimit">
              <MoneyText value={alert.policyProposedLimit} />
            </Figure>
            <Figure label="resources.alerts.fields.proposedLimit">
              <span data-testid="proposed-limit">
                <MoneyText value={alert.proposedLimit} />
              </span>
            </Figure>
          </FactGrid>
          {alert.clampedToBalance && (
            <MuiAlert severity="info">{translate('spillway.alert.clamped')}</MuiAlert>
          )}
        </Stack>
      </Section>
      {(alert.actedBy || alert.note) && (
        <FactGrid testId="alert-action">
          <Figure label="resources.alerts.fields.actedBy">
            <Verbatim>{alert.actedBy ?? EMPTY}</Verbatim>
          </Figure>
          <Figure label="resources.alerts.fields.actedAt">
            <DateTimeText value={alert.actedAt} />
          </Figure>
          <Figure label="resources.alerts.fields.note">
            <Verbatim>{alert.note ?? EMPTY}</Verbatim>
          </Figure>
        </FactGrid>
      )}
      <Section title="spillway.score.title">
        {/* The review's MONITORING stage as it scored the line: the same reader as a decision's trace. */}
        <ScorePoints cards={scorecardsOf([{ kind: 'MONITORING', scorecards: alert.scorecards ?? [] }])} />
      </Section>
      <Section title="resources.alerts.fields.facts">
        <FactTable name="alert-facts" facts={alert.facts} />
      </Section>
    </Stack>
  );
};

export const AlertShow = () => (
  <Show actions={<Actions />}>
    <AlertDetail />
  </Show>
);
