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
import { Loading, Title, useCreatePath, useGetOne, useLocaleState, useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router';
import { DateTimeText } from '../common/fields';
import { usePercent } from '../common/format';
import { RecordLink } from '../common/RecordLink';
import { type DashboardStats, OUTCOMES, type PolicyPublish } from '../dataProvider/dashboard';
import type { DecisionOutcome } from '../dataProvider/decisions';
import { intlLocale } from '../i18n';
import { approvalRate, dayBoundaries } from './days';

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
const CountLink = ({ count, to, label }: { count: number; to: string; label: string }) => {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline' }}>
      <Link component={RouterLink} to={to} variant="h4" underline="hover" data-count={count}>
        {count}
      </Link>
      <Typography variant="body2">{translate(label, { smart_count: count })}</Typography>
    </Stack>
  );
};

const DecisionsChart = ({ stats }: { stats: DashboardStats }) => {
  const translate = useTranslate();
  const theme = useTheme();
  const [locale] = useLocaleState();
  const format = new Intl.DateTimeFormat(intlLocale(locale), { month: 'short', day: 'numeric' });
  const dataset = stats.days.map((day) => ({ ...day, day: format.format(new Date(day.start)) }));
  return (
    <BarChart
      dataset={dataset}
      xAxis={[{ scaleType: 'band', dataKey: 'day' }]}
      series={OUTCOMES.map((outcome) => ({
        dataKey: outcome,
        stack: 'outcomes',
        label: translate(`spillway.outcome.${outcome}`),
        color: theme.palette[outcomeColors[outcome]].main,
      }))}
      height={280}
    />
  );
};

const ApprovalRate = ({ stats }: { stats: DashboardStats }) => {
  const translate = useTranslate();
  const percent = usePercent();
  const { approved, total, rate } = approvalRate(stats.days);
  return (
    <>
      <Typography variant="h4" data-testid="approval-rate">
        {percent(rate)}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {translate('spillway.dashboard.approvedOf', { approved, total, days: DAYS })}
      </Typography>
    </>
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

const listWithFilter = (path: string, filter: Record<string, unknown>) =>
  `${path}?filter=${encodeURIComponent(JSON.stringify(filter))}`;

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
        <Alert severity="error">{error?.message}</Alert>
      ) : (
        <Box
          sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' } }}
          data-testid="dashboard"
        >
          <Box sx={{ gridColumn: { md: '1 / -1' } }}>
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
