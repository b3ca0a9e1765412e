import PlayIcon from '@mui/icons-material/PlayArrow';
import { type ChipProps } from '@mui/material';
import {
  DataTable,
  List,
  TopToolbar,
  useDataProvider,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { ActionDialogButton } from '../common/ActionDialogButton';
import { EnumChip } from '../common/chips';
import { unsortedColumns } from '../common/columns';
import { DateTimeField } from '../common/fields';
import { JobProgress, pollWhile } from '../common/jobs';
import { SimpleTable } from '../common/SimpleTable';
import type { SpillwayDataProvider } from '../dataProvider';
import { type PortfolioReview, PRODUCT_KEY, type ReviewStatus, SEVERITIES } from '../dataProvider/monitoring';
import { canDo } from '../permissions';

import { ScheduleCard } from './ScheduleCard';

const statusColors: Record<ReviewStatus, ChipProps['color']> = {
  RUNNING: 'info',
  COMPLETED: 'success',
  FAILED: 'error',
};

const ReviewStatusChip = ({ status }: { status: ReviewStatus }) => (
  <EnumChip group="reviewStatus" value={status} colors={statusColors} dataName="review-status" />
);

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

type CountRow = [string, Partial<Record<string, number>>];

/** Hits of one review by indicator and severity. */
const Counts = () => {
  const review = useRecordContext<PortfolioReview>();
  if (!review) return null;
  const rows: CountRow[] = Object.entries(review.counts ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <SimpleTable
      name="review-counts"
      rows={rows}
      columns={[
        { label: 'spillway.review.indicator', render: ([indicator]) => indicator, mono: true },
        ...SEVERITIES.map((severity) => ({
          label: `spillway.severity.${severity}`,
          render: ([, counts]: CountRow) => counts[severity] ?? 0,
          align: 'right' as const,
        })),
      ]}
      empty="spillway.review.noHits"
    />
  );
};

type ListQuery = { state: { data?: { data: PortfolioReview[] } } };
const anyRunning = pollWhile<{ data: PortfolioReview[] }>((page) =>
  page.data.some((review) => review.status === 'RUNNING'),
);

// Newest first; the page polls while a review on it runs.
export const ReviewList = () => (
  <>
    <ScheduleCard />
    <List
      // With nothing listed yet, the page keeps its actions: starting the first one is what it is for.
      empty={false}
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
          ...(
            [
              'linesFlagged',
              'alertsCreated',
              'alertsDeduplicated',
              'cutsApplied',
              'cutsPendingApproval',
              'durationMs',
            ] as const
          ).map((source) => ({ source, align: 'right' as const })),
          { source: 'startedBy' },
          { source: 'error', render: (record) => record.error ?? '' },
        ])}
      </DataTable>
    </List>
  </>
);

const TriggerText = ({ trigger }: { trigger: PortfolioReview['trigger'] }) => {
  const translate = useTranslate();
  return <>{translate(`spillway.review.trigger.${trigger}`)}</>;
};
