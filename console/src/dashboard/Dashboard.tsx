import {
  Alert,
  Box,
  Card,
  CardContent,
  Link,
  List,
  ListItem,
  ListItemText,
  Stack,
  Typography,
  useTheme,
} from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { type ReactNode, useState } from 'react';
import { Loading, Title, useCreatePath, useGetOne, usePermissions, useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router';
import { errorMessage } from '../common/errors';
import { DateTimeText } from '../common/fields';
import { useFormat } from '../common/format';
import { listWithFilter } from '../common/links';
import { RecordLink } from '../common/RecordLink';
import {
  type DashboardStats,
  OUTCOMES,
  type PolicyPublish,
  type WorkQueues,
} from '../dataProvider/dashboard';
import type { DecisionOutcome } from '../dataProvider/decisions';
import { canDo } from '../permissions';
import { approvalRate, dayBoundaries } from './days';
import { FirstRun } from './FirstRun';

/** How many days the dashboard looks back, today included. */
const DAYS = 14;

const outcomeColors: Record<DecisionOutcome, 'success' | 'warning' | 'error'> = {
  APPROVE: 'success',
  REFER: 'warning',
  DECLINE: 'error',
};

const Tile = ({ title, children, testId }: { title: string; children: ReactNode; testId: string }) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" data-testid={testId} sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="subtitle2" color="text.secondary" gutterBottom>
          {translate(title)}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
};

/** A count that opens the list it counts. */
const CountLink = ({
  count,
  to,
  label,
  testId,
}: {
  count: number;
  to: string;
  label: string;
  testId?: string;
}) => {
  const translate = useTranslate();
  const format = useFormat();
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline' }} data-testid={testId}>
      <Link component={RouterLink} to={to} variant="h5" underline="hover" data-count={count}>
        {format.count(count)}
      </Link>
      <Typography variant="body2">{translate(label, { smart_count: count })}</Typography>
    </Stack>
  );
};

const DecisionsChart = ({ stats }: { stats: DashboardStats }) => {
  const translate = useTranslate();
  const theme = useTheme();
  const format = useFormat();
  const dataset = stats.days.map((day) => ({ ...day, day: format.day(day.start) }));
  return (
    <BarChart
      dataset={dataset}
      xAxis={[{ scaleType: 'band', dataKey: 'day' }]}
      yAxis={[{ valueFormatter: (value: number | null) => format.count(value) }]}
      series={OUTCOMES.map((outcome) => ({
        dataKey: outcome,
        stack: 'outcomes',
        label: translate(`spillway.outcome.${outcome}`),
        color: theme.palette[outcomeColors[outcome]].main,
        valueFormatter: (value: number | null) => format.count(value),
      }))}
      height={280}
    />
  );
};

const ApprovalRate = ({ stats }: { stats: DashboardStats }) => {
  const translate = useTranslate();
  const format = useFormat();
  const { approved, total, rate } = approvalRate(stats.days);
  return (
    <>
      <Typography variant="h4" data-testid="approval-rate">
        {format.percent(rate)}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {translate('spillway.dashboard.approvedOf', {
          approved: format.count(approved),
          total: format.count(total),
          days: DAYS,
        })}
      </Typography>
    </>
  );
};

/** What waits for the signed-in person, by their roles: each count opens the list it counts. */
const MyWork = ({ queues }: { queues: WorkQueues }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { permissions } = usePermissions();
  const list = (resource: string, filter: Record<string, unknown>) =>
    listWithFilter(createPath({ resource, type: 'list' }), filter);
  const queue = (testId: string, count: number, to: string, label: string, allowed = true) =>
    allowed ? { testId, count, to, label } : null;
  const mayAct = canDo(permissions, 'actOnAlert');
  const rows = [
    queue(
      'queue-review',
      queues.awaitingMyReview,
      list('versions', { queue: 'AWAITING_MY_REVIEW' }),
      'spillway.queue.awaitingMyReview',
      canDo(permissions, 'reviewPolicy'),
    ),
    queue(
      'queue-drafts',
      queues.myDrafts,
      list('versions', { queue: 'MY_DRAFTS' }),
      'spillway.queue.myDrafts',
      canDo(permissions, 'editPolicy'),
    ),
    queue(
      'queue-rejected',
      queues.myRejected,
      list('versions', { queue: 'MY_REJECTED' }),
      'spillway.queue.myRejected',
      canDo(permissions, 'editPolicy'),
    ),
    queue(
      'queue-referrals',
      queues.pendingReferrals,
      createPath({ resource: 'referrals', type: 'list' }),
      'spillway.dashboard.pendingReferrals',
      mayAct,
    ),
    queue(
      'queue-cuts',
      queues.pendingCuts,
      list('alerts', { cutStatus: 'PENDING_APPROVAL' }),
      'spillway.queue.pendingCuts',
      mayAct,
    ),
    queue(
      'queue-failed-backtests',
      queues.failedBacktests,
      list('backtests', { status: 'FAILED' }),
      'spillway.queue.failedBacktests',
    ),
    queue(
      'queue-failed-reviews',
      queues.failedReviews,
      list('portfolioReviews', { status: 'FAILED' }),
      'spillway.queue.failedReviews',
    ),
  ].flatMap((row) => (row ? [<CountLink key={row.testId} {...row} />] : []));
  return (
    <Tile title="spillway.queue.title" testId="my-work">
      <Stack spacing={1}>{rows.length > 0 ? rows : translate('spillway.queue.nothing')}</Stack>
    </Tile>
  );
};

const PublishItem = ({ publish }: { publish: PolicyPublish }) => {
  const translate = useTranslate();
  const kind = translate(`spillway.policyKind.${publish.kind}`, { _: publish.kind });
  return (
    <ListItem disableGutters>
      <ListItemText
        primary={
          <RecordLink resource="policies" id={publish.policyId}>
            {translate(`spillway.dashboard.${publish.action}`, { kind, number: publish.number })}
          </RecordLink>
        }
        secondary={
          <>
            <DateTimeText value={publish.at} /> · {publish.actor}
          </>
        }
      />
    </ListItem>
  );
};

/**
 * What a risk team checks first: how decisions went lately, how many borrowers sit above what they can repay,
 * what waits for a person, and which policy versions went live. The API counts; nothing is sampled here.
 */
export const Dashboard = () => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  // Fixed when the page opens, so the figures stay one consistent window until it is reloaded.
  const [boundaries] = useState(() => dayBoundaries(new Date(), DAYS));
  const {
    data: stats,
    error,
    isPending,
  } = useGetOne<DashboardStats>('dashboard', {
    id: boundaries[0],
    meta: { boundaries },
  });
  const decisions = createPath({ resource: 'decisions', type: 'list' });
  return (
    <Box sx={{ mt: 2 }}>
      <Title title={translate('ra.page.dashboard')} />
      {isPending ? (
        <Loading />
      ) : error || !stats ? (
        <Alert severity="error">{error ? errorMessage(error) : null}</Alert>
      ) : (
        <Box
          sx={{
            display: 'grid',
            gap: 2,
            gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'repeat(3, minmax(0, 1fr))' },
          }}
          data-testid="dashboard"
        >
          {stats.demo && (
            <Box sx={{ gridColumn: { md: '1 / -1' } }}>
              <FirstRun demo={stats.demo} />
            </Box>
          )}
          <MyWork queues={stats.queues} />
          <Box sx={{ gridColumn: { md: 'span 2' } }}>
            <Tile title="spillway.dashboard.decisionsByOutcome" testId="decisions-chart">
              <Typography variant="caption" color="text.secondary">
                {translate('spillway.dashboard.lastDays', { smart_count: DAYS })}
              </Typography>
              <DecisionsChart stats={stats} />
            </Tile>
          </Box>
          <Tile title="spillway.dashboard.approvalRate" testId="approval-tile">
            <ApprovalRate stats={stats} />
          </Tile>
          <Tile title="spillway.dashboard.overflow" testId="overflow-tile">
            <Stack spacing={1}>
              <CountLink
                count={stats.overflowBorrowers}
                to={listWithFilter(createPath({ resource: 'borrowers', type: 'list' }), {
                  overflowOnly: true,
                })}
                label="spillway.dashboard.overflowBorrowers"
              />
              <CountLink
                count={stats.overflowDecisions}
                to={listWithFilter(decisions, { overflow: true })}
                label="spillway.dashboard.overflowDecisions"
              />
              <CountLink
                count={stats.pendingReferrals}
                to={createPath({ resource: 'referrals', type: 'list' })}
                label="spillway.dashboard.pendingReferrals"
              />
              <Box data-testid="open-alerts">
                <CountLink
                  testId="open-alerts-count"
                  count={stats.openAlerts}
                  to={listWithFilter(createPath({ resource: 'alerts', type: 'list' }), { status: 'OPEN' })}
                  label="spillway.dashboard.openAlerts"
                />
              </Box>
            </Stack>
          </Tile>
          <Tile title="spillway.dashboard.latestPublishes" testId="publishes-tile">
            {stats.publishes.length === 0 ? (
              <Typography color="text.secondary">{translate('spillway.dashboard.noPublishes')}</Typography>
            ) : (
              <List dense disablePadding>
                {stats.publishes.map((publish) => (
                  <PublishItem key={publish.seq} publish={publish} />
                ))}
              </List>
            )}
          </Tile>
        </Box>
      )}
    </Box>
  );
};
