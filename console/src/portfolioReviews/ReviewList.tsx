import StatusIcon from '@mui/icons-material/Flag';
import PlayIcon from '@mui/icons-material/PlayArrow';
import {
  DataTable,
  List,
  SelectInput,
  SimpleList,
  TopToolbar,
  useDataProvider,
  usePermissions,
  useRecordContext,
} from 'react-admin';
import { ActionDialogButton } from '../common/ActionDialogButton';
import { unsortedColumns } from '../common/columns';
import { CountField, DateTimeField, DateTimeText, DurationField, Verbatim } from '../common/fields';
import { JobProgress, pollWhile } from '../common/jobs';
import { EnumFilter, ListAside, useIsSmall } from '../common/lists';
import type { SpillwayDataProvider } from '../dataProvider';
import { type PortfolioReview, PRODUCT_KEY, REVIEW_STATUSES } from '../dataProvider/monitoring';
import { canDo } from '../permissions';
import { ReviewCounts, ReviewStatusChip, TriggerText } from './fields';
import { ScheduleCard } from './ScheduleCard';

const RunReviewButton = () => {
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const { permissions } = usePermissions();
  if (!canDo(permissions, 'runReview')) return null;
  return (
    <ActionDialogButton
      label="spillway.review.run.label"
      title="spillway.review.run.title"
      description="spillway.review.run.description"
      messageArgs={{ product: PRODUCT_KEY }}
      successMessage="spillway.review.run.done"
      icon={<PlayIcon />}
      action={() => dataProvider.runPortfolioReview()}
    />
  );
};

/** Hits of the expanded review by indicator and severity. */
const Counts = () => {
  const review = useRecordContext<PortfolioReview>();
  return review ? <ReviewCounts review={review} /> : null;
};

const filters = [
  <SelectInput
    key="status"
    source="status"
    choices={REVIEW_STATUSES.map((id) => ({ id, name: `spillway.reviewStatus.${id}` }))}
    alwaysOn
  />,
];

const ReviewAside = () => (
  <ListAside>
    <EnumFilter
      label="resources.portfolioReviews.fields.status"
      source="status"
      group="reviewStatus"
      values={REVIEW_STATUSES}
      icon={<StatusIcon />}
    />
  </ListAside>
);

type ListQuery = { state: { data?: { data: PortfolioReview[] } } };
const anyRunning = pollWhile<{ data: PortfolioReview[] }>((page) =>
  page.data.some((review) => review.status === 'RUNNING'),
);

// Newest first; the page polls while a review on it runs.
export const ReviewList = () => {
  const isSmall = useIsSmall();
  return (
    <>
      <ScheduleCard />
      <List
        // With nothing listed yet, the page keeps its actions: starting the first one is what it is for.
        empty={false}
        filters={filters}
        aside={<ReviewAside />}
        actions={
          <TopToolbar>
            <RunReviewButton />
          </TopToolbar>
        }
        perPage={25}
        exporter={false}
        sort={{ field: 'startedAt', order: 'DESC' }}
        queryOptions={{ refetchInterval: (query: ListQuery) => anyRunning(query) }}
      >
        {isSmall ? (
          <SimpleList<PortfolioReview>
            primaryText={(review) => <DateTimeText value={review.startedAt} />}
            secondaryText={(review) => (
              <JobProgress
                progress={review.linesTotal > 0 ? review.linesReviewed / review.linesTotal : 0}
                done={review.linesReviewed}
                total={review.linesTotal}
              />
            )}
            tertiaryText={(review) => <ReviewStatusChip status={review.status} />}
            linkType="show"
          />
        ) : (
          <DataTable<PortfolioReview> bulkActionButtons={false} rowClick="expand" expand={<Counts />}>
            {unsortedColumns<PortfolioReview>([
              { source: 'startedAt', field: DateTimeField },
              { source: 'trigger', render: (record) => <TriggerText trigger={record.trigger} /> },
              { source: 'status', render: (record) => <ReviewStatusChip status={record.status} /> },
              {
                source: 'linesReviewed',
                render: (record) => (
                  <JobProgress
                    progress={record.linesTotal > 0 ? record.linesReviewed / record.linesTotal : 0}
                    done={record.linesReviewed}
                    total={record.linesTotal}
                  />
                ),
              },
              ...(['linesFlagged', 'alertsCreated', 'cutsApplied', 'cutsPendingApproval'] as const).map(
                (source) => ({ source, field: CountField, align: 'right' as const }),
              ),
              { source: 'durationMs', field: DurationField, align: 'right' },
              { source: 'startedBy', render: (record) => <Verbatim>{record.startedBy}</Verbatim> },
            ])}
          </DataTable>
        )}
      </List>
    </>
  );
};
