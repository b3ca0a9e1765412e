import type { ChipProps } from '@mui/material';
import { useTranslate } from 'react-admin';
import { EnumChip } from '../common/chips';
import { CountText, IndicatorText } from '../common/fields';
import { type Column, SimpleTable } from '../common/SimpleTable';
import { type PortfolioReview, type ReviewStatus, SEVERITIES } from '../dataProvider/monitoring';

const statusColors: Record<ReviewStatus, ChipProps['color']> = {
  RUNNING: 'info',
  COMPLETED: 'success',
  FAILED: 'error',
};

export const ReviewStatusChip = ({ status }: { status: ReviewStatus }) => (
  <EnumChip group="reviewStatus" value={status} colors={statusColors} dataName="review-status" />
);

export const TriggerText = ({ trigger }: { trigger: PortfolioReview['trigger'] }) => {
  const translate = useTranslate();
  return <>{translate(`spillway.review.trigger.${trigger}`)}</>;
};

type CountRow = [string, Partial<Record<string, number>>];

const countColumns: Column<CountRow>[] = [
  { label: 'spillway.review.indicator', render: ([indicator]) => <IndicatorText indicator={indicator} /> },
  ...SEVERITIES.map((severity) => ({
    label: `spillway.severity.${severity}`,
    render: ([, counts]: CountRow) => <CountText value={counts[severity] ?? 0} />,
    align: 'right' as const,
  })),
];

/** Hits of one review by indicator and severity. */
export const ReviewCounts = ({ review }: { review: PortfolioReview }) => (
  <SimpleTable
    name="review-counts"
    rows={Object.entries(review.counts ?? {}).sort(([a], [b]) => a.localeCompare(b)) as CountRow[]}
    columns={countColumns}
    empty="spillway.review.noHits"
  />
);
