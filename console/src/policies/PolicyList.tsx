import { Alert, Link, Stack } from '@mui/material';
import type { ReactNode } from 'react';
import {
  DataTable,
  List,
  SimpleList,
  TextInput,
  useCreatePath,
  useGetList,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { Link as RouterLink } from 'react-router';
import { DateTimeText, PolicyKindLabel, VerbatimField } from '../common/fields';
import { EMPTY } from '../common/format';
import { useIsSmall } from '../common/lists';
import { VersionLink } from '../common/VersionLink';
import {
  DEFAULT_PRODUCT_KEY,
  type Policy,
  type VersionListItem,
  type VersionStatus,
} from '../dataProvider/policies';
import { canDo } from '../permissions';
import { ChallengerText } from './fields';

const filters = [<TextInput key="productKey" source="productKey" alwaysOn />];

/** A version number with what qualifies it (when it was published, how it challenges...) underneath. */
const VersionCell = ({ number, children }: { number: number | undefined; children?: ReactNode }) =>
  number === undefined ? (
    EMPTY
  ) : (
    <Stack>
      <span>v{number}</span>
      {children}
    </Stack>
  );

const Column = DataTable.Col<Policy>;

/** Versions of one status across the policies: few (one policy of each kind), so one page holds them. */
function useVersionsWithStatus(status: VersionStatus): VersionListItem[] {
  const { data } = useGetList<VersionListItem>('versions', {
    filter: { status },
    pagination: { page: 1, perPage: 100 },
  });
  return data ?? [];
}

/** The versions of `policy` among `versions`, each a link. */
const VersionLinks = ({ policy, versions }: { policy: Policy; versions: VersionListItem[] }) => {
  const own = versions.filter((version) => version.policy.id === policy.id);
  if (own.length === 0) return <>{EMPTY}</>;
  return (
    <Stack direction="row" spacing={1}>
      {own.map((version) => (
        <VersionLink
          key={version.id}
          policyId={policy.id}
          versionId={String(version.id)}
          number={version.number}
        />
      ))}
    </Stack>
  );
};

/** The reviewer's queue, one click away from the policies they belong to. */
const ReviewQueueBanner = () => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { permissions } = usePermissions();
  const { total } = useGetList('versions', {
    filter: { queue: 'AWAITING_MY_REVIEW' },
    pagination: { page: 1, perPage: 1 },
  });
  if (!canDo(permissions, 'reviewPolicy') || !total) return null;
  const to = `${createPath({ resource: 'versions', type: 'list' })}?filter=${encodeURIComponent(
    JSON.stringify({ queue: 'AWAITING_MY_REVIEW' }),
  )}`;
  return (
    <Alert severity="info" sx={{ mt: 2 }} data-testid="review-queue-banner">
      <Link component={RouterLink} to={to}>
        {translate('spillway.queue.awaitingMyReviewBanner', { smart_count: total })}
      </Link>
    </Alert>
  );
};

// A product owns one policy of each kind; the API lists them by kind and offers no other order.
export const PolicyList = () => {
  const inReview = useVersionsWithStatus('IN_REVIEW');
  const drafts = useVersionsWithStatus('DRAFT');
  const isSmall = useIsSmall();
  return (
    <>
      <ReviewQueueBanner />
      <List
        filters={filters}
        filterDefaultValues={{ productKey: DEFAULT_PRODUCT_KEY }}
        sort={{ field: 'kind', order: 'ASC' }}
        perPage={25}
        pagination={false}
        exporter={false}
      >
        {isSmall ? (
          <SimpleList<Policy>
            primaryText={(policy) => <PolicyKindLabel kind={policy.kind} />}
            secondaryText={(policy) =>
              policy.publishedVersion ? `v${policy.publishedVersion.number}` : EMPTY
            }
            tertiaryText={(policy) => <VersionLinks policy={policy} versions={inReview} />}
            linkType="show"
          />
        ) : (
          <DataTable<Policy> rowClick="show" bulkActionButtons={false}>
            <Column source="kind" render={(policy) => <PolicyKindLabel kind={policy.kind} />} disableSort />
            <Column source="productKey" field={VerbatimField} disableSort />
            <Column
              source="publishedVersion"
              render={(policy) => (
                <VersionCell number={policy.publishedVersion?.number}>
                  <DateTimeText value={policy.publishedVersion?.publishedAt} />
                </VersionCell>
              )}
              disableSort
            />
            <Column
              source="challengerVersion"
              render={(policy) => (
                <VersionCell number={policy.challengerVersion?.number}>
                  <ChallengerText mode={policy.challengerMode} share={policy.challengerShare} />
                </VersionCell>
              )}
              disableSort
            />
            <Column
              source="scheduledVersion"
              render={(policy) => (
                <VersionCell number={policy.scheduledVersion?.number}>
                  <DateTimeText value={policy.scheduledVersion?.effectiveAt} />
                </VersionCell>
              )}
              disableSort
            />
            <Column
              source="inReview"
              label="spillway.version.inReview"
              render={(policy) => <VersionLinks policy={policy} versions={inReview} />}
              disableSort
            />
            <Column
              source="drafts"
              label="spillway.version.drafts"
              render={(policy) => <VersionLinks policy={policy} versions={drafts} />}
              disableSort
            />
          </DataTable>
        )}
      </List>
    </>
  );
};
