import { Alert, Divider, Stack } from '@mui/material';
import { ListButton, Show, TopToolbar, useRecordContext } from 'react-admin';
import { CountText, DateTimeText, DurationField, Verbatim } from '../common/fields';
import { JobProgress, pollWhile } from '../common/jobs';
import { FactGrid, Figure, Section } from '../common/SimpleTable';
import type { PortfolioReview } from '../dataProvider/monitoring';
import { ReviewCounts, ReviewStatusChip, TriggerText } from './fields';

const COUNTS = [
  'linesFlagged',
  'alertsCreated',
  'alertsDeduplicated',
  'cutsApplied',
  'cutsPendingApproval',
  'notificationsQueued',
] as const;

const ReviewDetail = () => {
  const review = useRecordContext<PortfolioReview>();
  if (!review) return null;
  return (
    <Stack spacing={3} sx={{ p: 2 }} divider={<Divider flexItem />} data-testid="review-show">
      <FactGrid testId="review-summary">
        <Figure label="resources.portfolioReviews.fields.status">
          <ReviewStatusChip status={review.status} />
        </Figure>
        <Figure label="resources.portfolioReviews.fields.trigger">
          <TriggerText trigger={review.trigger} />
        </Figure>
        <Figure label="resources.portfolioReviews.fields.linesReviewed">
          <JobProgress
            progress={review.linesTotal > 0 ? review.linesReviewed / review.linesTotal : 0}
            done={review.linesReviewed}
            total={review.linesTotal}
          />
        </Figure>
        {COUNTS.map((count) => (
          <Figure key={count} label={`resources.portfolioReviews.fields.${count}`}>
            <CountText value={review[count]} />
          </Figure>
        ))}
        <Figure label="resources.portfolioReviews.fields.durationMs">
          <DurationField source="durationMs" />
        </Figure>
        <Figure label="resources.portfolioReviews.fields.startedAt">
          <DateTimeText value={review.startedAt} />
        </Figure>
        <Figure label="resources.portfolioReviews.fields.startedBy">
          <Verbatim>{review.startedBy}</Verbatim>
        </Figure>
        <Figure label="resources.portfolioReviews.fields.revision">
          <Verbatim mono>{review.revision.slice(0, 12)}</Verbatim>
        </Figure>
      </FactGrid>
      {review.error && (
        <Alert severity="error">
          <Verbatim>{review.error}</Verbatim>
        </Alert>
      )}
      <Section title="spillway.review.counts">
        <ReviewCounts review={review} />
      </Section>
    </Stack>
  );
};

const Actions = () => (
  <TopToolbar>
    <ListButton />
  </TopToolbar>
);

/** One review: its progress, what it found by indicator and severity, and why it failed if it did. */
export const ReviewShow = () => (
  <Show
    actions={<Actions />}
    queryOptions={{ refetchInterval: pollWhile<PortfolioReview>((review) => review.status === 'RUNNING') }}
  >
    <ReviewDetail />
  </Show>
);
