import NoteIcon from '@mui/icons-material/EditNote';
import { Divider, Stack, Typography } from '@mui/material';
import {
  ListButton,
  Show,
  TextInput,
  TopToolbar,
  useDataProvider,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { ActionDialogButton } from '../common/ActionDialogButton';
import { DateTimeText, MoneyText, MonthsText, Verbatim } from '../common/fields';
import { EMPTY, useFormat } from '../common/format';
import { RecordLink } from '../common/RecordLink';
import { FactGrid, Figure, Section, SimpleTable } from '../common/SimpleTable';
import type { SpillwayDataProvider } from '../dataProvider';
import type { ComplianceFinding } from '../dataProvider/compliance';
import { canDo } from '../permissions';
import { CheckText, FindingCodeChip, FindingStatusChip } from './fields';
import { type FactValue, factRows } from './findingFacts';

const AnnotateButton = ({ finding }: { finding: ComplianceFinding }) => {
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  return (
    <ActionDialogButton<{ note?: string }, { data: ComplianceFinding }>
      label="spillway.compliance.annotate.label"
      testId="annotate-finding"
      title="spillway.compliance.annotate.title"
      description="spillway.compliance.annotate.description"
      successMessage="spillway.compliance.annotate.done"
      icon={<NoteIcon />}
      defaultValues={{ note: finding.note ?? '' }}
      action={(values) => dataProvider.annotateFinding({ id: finding.id, note: values.note ?? '' })}
    >
      <TextInput source="note" label="spillway.compliance.note" multiline minRows={2} fullWidth />
    </ActionDialogButton>
  );
};

const Actions = () => {
  const finding = useRecordContext<ComplianceFinding>();
  const { permissions } = usePermissions();
  return (
    <TopToolbar>
      {finding && canDo(permissions, 'annotateFinding') && <AnnotateButton finding={finding} />}
      <ListButton />
    </TopToolbar>
  );
};

const FactValueText = ({ value }: { value: FactValue }) => {
  const format = useFormat();
  switch (value.kind) {
    case 'money':
      return <MoneyText value={value.value} />;
    case 'bps':
      return <>{format.bps(value.value)}</>;
    case 'months':
      return <MonthsText value={value.value} />;
    case 'ratio':
      return <>{format.percent(value.value)}</>;
    default:
      return value.value === '' ? EMPTY : <Verbatim>{value.value}</Verbatim>;
  }
};

/** Where the limit came from: the decision that set it, or the monitoring cut. */
const SetBy = ({ finding }: { finding: ComplianceFinding }) => {
  const translate = useTranslate();
  if (finding.setByAlertId)
    return (
      <RecordLink resource="alerts" id={finding.setByAlertId}>
        {translate('spillway.compliance.openCut')}
      </RecordLink>
    );
  if (finding.setByDecisionId)
    return (
      <span data-testid="set-by-decision">
        <RecordLink resource="decisions" id={finding.setByDecisionId}>
          {translate('spillway.compliance.openDecision')}
        </RecordLink>
      </span>
    );
  return <Typography color="text.secondary">{translate('spillway.compliance.setByPortfolio')}</Typography>;
};

const FindingDetail = () => {
  const finding = useRecordContext<ComplianceFinding>();
  const translate = useTranslate();
  if (!finding) return null;
  const lines =
    typeof finding.facts.lines === 'string' && finding.facts.lines ? finding.facts.lines.split(',') : [];
  return (
    <Stack spacing={3} sx={{ p: 2 }} divider={<Divider flexItem />}>
      <FactGrid testId="finding-summary">
        <Figure label="resources.complianceFindings.fields.checkId">
          <CheckText check={finding.checkId} />
        </Figure>
        <Figure label="resources.complianceFindings.fields.code">
          <FindingCodeChip code={finding.code} />
        </Figure>
        <Figure label="resources.complianceFindings.fields.status">
          <FindingStatusChip status={finding.status} />
        </Figure>
        <Figure label="resources.complianceFindings.fields.exposure">
          <span data-testid="finding-exposure">
            <MoneyText value={finding.exposure} />
          </span>
        </Figure>
        <Figure label="resources.complianceFindings.fields.borrowerId">
          <span data-testid="finding-borrower">
            <RecordLink resource="borrowers" id={finding.borrower.id}>
              <Verbatim>{finding.borrower.externalRef}</Verbatim>
            </RecordLink>
          </span>
          <Typography variant="caption" component="div" color="text.secondary">
            <Verbatim>{finding.borrower.name}</Verbatim>
          </Typography>
        </Figure>
        <Figure label="resources.complianceFindings.fields.creditLineId">
          {finding.creditLineId ? (
            <Verbatim mono>{finding.creditLineId.slice(0, 8)}</Verbatim>
          ) : (
            <Typography variant="body2">
              {translate('spillway.compliance.allLines', { smart_count: lines.length })}
            </Typography>
          )}
        </Figure>
        <Figure label="resources.complianceFindings.fields.setByDecisionId">
          <SetBy finding={finding} />
        </Figure>
        <Figure label="resources.complianceFindings.fields.firstFoundAt">
          <DateTimeText value={finding.firstFoundAt} />
        </Figure>
        <Figure label="resources.complianceFindings.fields.lastFoundAt">
          <DateTimeText value={finding.lastFoundAt} />
        </Figure>
        <Figure label="resources.complianceFindings.fields.resolvedAt">
          <DateTimeText value={finding.resolvedAt} />
        </Figure>
        <Figure label="resources.complianceFindings.fields.revision">
          <Verbatim mono>
            <span title={finding.revision}>{finding.revision.slice(0, 12)}</span>
          </Verbatim>
        </Figure>
      </FactGrid>
      <Section title="resources.complianceFindings.fields.facts">
        <SimpleTable
          name="finding-facts"
          rows={factRows(finding.facts)}
          empty="spillway.compliance.noFacts"
          columns={[
            {
              label: 'spillway.compliance.fact',
              render: (row) => translate(`spillway.complianceFact.${row.name}`, { _: row.name }),
            },
            {
              label: 'spillway.compliance.value',
              align: 'right',
              render: (row) => <FactValueText value={row.value} />,
            },
          ]}
        />
      </Section>
      <Section title="resources.complianceFindings.fields.note">
        {finding.note ? (
          <Stack spacing={0.5} data-testid="finding-note">
            <Typography sx={{ whiteSpace: 'pre-wrap' }}>
              <Verbatim>{finding.note}</Verbatim>
            </Typography>
            <Typography variant="caption" color="text.secondary">
              <Verbatim>{finding.annotatedBy}</Verbatim> · <DateTimeText value={finding.annotatedAt} />
            </Typography>
          </Stack>
        ) : (
          <Typography color="text.secondary">{translate('spillway.compliance.noNote')}</Typography>
        )}
      </Section>
    </Stack>
  );
};

export const FindingShow = () => (
  <Show actions={<Actions />}>
    <FindingDetail />
  </Show>
);
