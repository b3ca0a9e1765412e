import StatusIcon from '@mui/icons-material/Flag';
import QueueIcon from '@mui/icons-material/Inbox';
import { Stack, Typography } from '@mui/material';
import { DataTable, List, SelectInput, SimpleList, useTranslate } from 'react-admin';
import { PolicyKindLabel, Verbatim } from '../common/fields';
import { EnumFilter, ListAside, useCsvExporter, useIsSmall } from '../common/lists';
import { VersionLink, versionPath } from '../common/VersionLink';
import { VERSION_QUEUES, VERSION_STATUSES, type VersionListItem } from '../dataProvider/policies';
import { PersonAt, VersionStatusChip } from './fields';

const filters = [
  <SelectInput
    key="queue"
    source="queue"
    label="spillway.queue.label"
    choices={VERSION_QUEUES.map((id) => ({ id, name: `spillway.versionQueue.${id}` }))}
    alwaysOn
  />,
  <SelectInput
    key="status"
    source="status"
    label="spillway.version.status"
    choices={VERSION_STATUSES.map((id) => ({ id, name: `spillway.versionStatus.${id}` }))}
    alwaysOn
  />,
];

const VersionAside = () => (
  <ListAside>
    <EnumFilter
      label="spillway.queue.label"
      source="queue"
      group="versionQueue"
      values={VERSION_QUEUES}
      icon={<QueueIcon />}
    />
    <EnumFilter
      label="spillway.version.status"
      source="status"
      group="versionStatus"
      values={VERSION_STATUSES}
      icon={<StatusIcon />}
    />
  </ListAside>
);

const VersionTitle = ({ version }: { version: VersionListItem }) => {
  const translate = useTranslate();
  return (
    <>
      {translate('spillway.version.title', {
        kind: translate(`spillway.policyKind.${version.policy.kind}`),
        number: version.number,
      })}
    </>
  );
};

function useVersionExporter() {
  const translate = useTranslate();
  return useCsvExporter<VersionListItem>('policy-versions', [
    {
      label: 'spillway.version.policy',
      value: (version) => translate(`spillway.policyKind.${version.policy.kind}`),
    },
    { label: 'spillway.version.number', value: (version) => version.number },
    {
      label: 'spillway.version.status',
      value: (version) => translate(`spillway.versionStatus.${version.status}`),
    },
    { label: 'spillway.version.author', value: (version) => version.author?.name },
    { label: 'spillway.version.submitted', value: (version) => version.submittedAt },
    { label: 'spillway.version.reviewed', value: (version) => version.reviewedAt },
    { label: 'spillway.version.reviewNoteLabel', value: (version) => version.reviewNote },
    { label: 'spillway.revision.revision', value: (version) => version.revision },
  ]);
}

const Column = DataTable.Col<VersionListItem>;

/**
 * Policy versions across the product's policies: the reviewer's queue, the author's drafts and rejections,
 * or any status. A row opens the version under its policy.
 */
export const VersionList = () => {
  const isSmall = useIsSmall();
  const exporter = useVersionExporter();
  const open = (_id: unknown, _resource: unknown, version: VersionListItem) =>
    versionPath(version.policy.id, String(version.id));
  return (
    <List
      filters={filters}
      aside={<VersionAside />}
      perPage={25}
      exporter={exporter}
      sort={{ field: 'submittedAt', order: 'DESC' }}
    >
      {isSmall ? (
        <SimpleList<VersionListItem>
          primaryText={(version) => <VersionTitle version={version} />}
          secondaryText={(version) => <Verbatim>{version.author?.name ?? ''}</Verbatim>}
          tertiaryText={(version) => <VersionStatusChip status={version.status} />}
          linkType={(version) => versionPath(version.policy.id, String(version.id))}
        />
      ) : (
        <DataTable<VersionListItem> rowClick={open} bulkActionButtons={false}>
          <Column
            source="policy.kind"
            label="spillway.version.policy"
            render={(version) => <PolicyKindLabel kind={version.policy.kind} />}
            disableSort
          />
          <Column
            source="number"
            label="spillway.version.number"
            render={(version) => (
              <VersionLink
                policyId={version.policy.id}
                versionId={String(version.id)}
                number={version.number}
              />
            )}
            disableSort
          />
          <Column
            source="status"
            label="spillway.version.status"
            render={(version) => <VersionStatusChip status={version.status} />}
            disableSort
          />
          <Column
            source="author"
            label="spillway.version.author"
            render={(version) => <Verbatim>{version.author?.name ?? ''}</Verbatim>}
            disableSort
          />
          <Column
            source="submittedAt"
            label="spillway.version.submitted"
            render={(version) => <PersonAt person={version.submittedBy} at={version.submittedAt} />}
            disableSort
          />
          <Column
            source="reviewedAt"
            label="spillway.version.reviewed"
            render={(version) => (
              <Stack>
                <PersonAt person={version.reviewedBy} at={version.reviewedAt} />
                {version.reviewNote && (
                  <Typography variant="caption" sx={{ fontStyle: 'italic' }}>
                    <Verbatim>{version.reviewNote}</Verbatim>
                  </Typography>
                )}
              </Stack>
            )}
            disableSort
          />
        </DataTable>
      )}
    </List>
  );
};
