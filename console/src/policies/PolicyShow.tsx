import { Divider, Link, Stack, Typography } from '@mui/material';
import { Show, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router';
import { DateTimeText, PolicyKindLabel, Verbatim } from '../common/fields';
import { EMPTY } from '../common/format';
import { type Column, FactGrid, Figure, Section, SimpleTable } from '../common/SimpleTable';
import { versionPath } from '../common/VersionLink';
import type { Policy, VersionRef, VersionSummary } from '../dataProvider/policies';
import { ChallengerText, PersonAt, VersionStatusChip } from './fields';
import { NewDraftButton, RemoveChallengerButton, RollbackButton } from './workflow/PolicyButtons';

const VersionLink = ({
  policyId,
  version,
}: {
  policyId: string;
  version: Pick<VersionRef, 'id' | 'number'>;
}) => (
  <Link component={RouterLink} to={versionPath(policyId, version.id)}>
    v{version.number}
  </Link>
);

const historyColumns = (policyId: string): Column<VersionSummary>[] => [
  {
    label: 'spillway.version.number',
    render: (version) => <VersionLink policyId={policyId} version={version} />,
  },
  { label: 'spillway.version.status', render: (version) => <VersionStatusChip status={version.status} /> },
  {
    label: 'spillway.version.author',
    render: (version) => <Verbatim>{version.author?.name ?? EMPTY}</Verbatim>,
  },
  {
    label: 'spillway.version.submitted',
    render: (version) => <PersonAt person={version.submittedBy} at={version.submittedAt} />,
  },
  {
    label: 'spillway.version.reviewed',
    render: (version) => (
      <Stack>
        <PersonAt person={version.reviewedBy} at={version.reviewedAt} />
        {version.reviewNote && (
          <Typography variant="caption" sx={{ fontStyle: 'italic' }}>
            {version.reviewNote}
          </Typography>
        )}
      </Stack>
    ),
  },
  {
    label: 'spillway.version.effectiveAt',
    render: (version) => <DateTimeText value={version.effectiveAt} />,
  },
  {
    label: 'spillway.version.publishedAt',
    render: (version) => <DateTimeText value={version.publishedAt} />,
  },
  {
    label: 'spillway.version.basedOnNumber',
    render: (version) => (version.basedOnNumber == null ? EMPTY : `v${version.basedOnNumber}`),
  },
];

const PolicyTitle = () => {
  const policy = useRecordContext<Policy>();
  const translate = useTranslate();
  if (!policy) return null;
  return (
    <>
      {translate('spillway.policy.title', {
        kind: translate(`spillway.policyKind.${policy.kind}`),
        product: policy.productKey,
      })}
    </>
  );
};

const PolicyActions = () => {
  const policy = useRecordContext<Policy>();
  if (!policy) return <TopToolbar />;
  const retired = policy.versions?.some((version) => version.status === 'RETIRED');
  return (
    <TopToolbar>
      <NewDraftButton policy={policy} />
      {retired && <RollbackButton policy={policy} />}
      <RemoveChallengerButton policy={policy} />
    </TopToolbar>
  );
};

const PolicyDetail = () => {
  const policy = useRecordContext<Policy>();
  if (!policy) return null;
  const { publishedVersion, challengerVersion, scheduledVersion } = policy;
  return (
    <Stack spacing={3} sx={{ p: 2 }} divider={<Divider flexItem />}>
      <FactGrid testId="policy-summary">
        <Figure label="resources.policies.fields.kind">
          <PolicyKindLabel kind={policy.kind} />
        </Figure>
        <Figure label="resources.policies.fields.productKey">{policy.productKey}</Figure>
        <Figure label="resources.policies.fields.publishedVersion">
          {publishedVersion ? <VersionLink policyId={policy.id} version={publishedVersion} /> : EMPTY}
        </Figure>
        <Figure label="resources.policies.fields.challengerVersion">
          {challengerVersion ? (
            <>
              <VersionLink policyId={policy.id} version={challengerVersion} />{' '}
              <ChallengerText mode={policy.challengerMode} share={policy.challengerShare} />
            </>
          ) : (
            EMPTY
          )}
        </Figure>
        <Figure label="resources.policies.fields.scheduledVersion">
          {scheduledVersion ? (
            <>
              <VersionLink policyId={policy.id} version={scheduledVersion} />{' '}
              <DateTimeText value={scheduledVersion.effectiveAt} />
            </>
          ) : (
            EMPTY
          )}
        </Figure>
      </FactGrid>
      <Section title="resources.policies.fields.versions">
        <SimpleTable
          name="versions"
          rows={policy.versions ?? []}
          columns={historyColumns(policy.id)}
          empty="spillway.empty.versions"
        />
      </Section>
    </Stack>
  );
};

export const PolicyShow = () => (
  <Show actions={<PolicyActions />} title={<PolicyTitle />}>
    <PolicyDetail />
  </Show>
);
