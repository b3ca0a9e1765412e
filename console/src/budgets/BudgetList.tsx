import { Box, Card, CardContent, Chip, Link, Stack, Typography } from '@mui/material';
import { LineChart } from '@mui/x-charts/LineChart';
import { List, TextInput, useCreatePath, useListContext, useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router';
import { Verbatim } from '../common/fields';
import { useFormat } from '../common/format';
import { listWithFilter } from '../common/links';
import { DEFAULT_BUDGET_PRODUCT, type ExposureBudget } from '../dataProvider/exposure';
import { burnDown } from './burnDown';

/** The budget page reads live counters: often enough that a stopped decision shows within seconds. */
const REFRESH_MS = 5000;

function useAmount(budget: ExposureBudget) {
  const format = useFormat();
  return (value: number | null) =>
    value === null ? '—' : budget.measure === 'APPROVALS' ? format.count(value) : format.money(value);
}

const BurnDownChart = ({ budget }: { budget: ExposureBudget }) => {
  const translate = useTranslate();
  const format = useFormat();
  const amount = useAmount(budget);
  const compact = new Intl.NumberFormat(format.locale, { notation: 'compact', maximumFractionDigits: 1 });
  const chart = burnDown(budget, new Date());
  return (
    <Box
      data-testid={`budget-chart-${budget.name}`}
      sx={{ '& path[data-series="pace"]': { strokeDasharray: '6 4' } }}
    >
      <LineChart
        height={220}
        xAxis={[
          {
            data: chart.x,
            scaleType: 'time',
            valueFormatter: (at: Date) =>
              budget.window === 'DAY' ? format.time(at.toISOString()) : format.day(at.toISOString()),
          },
        ]}
        // Ticks compact (1.2M), so an axis of hundreds of millions of CNY still fits beside the chart.
        yAxis={[{ width: 56, valueFormatter: (value: number | null) => compact.format(value ?? 0) }]}
        series={[
          {
            id: 'actual',
            data: chart.actual,
            label: translate(chart.climbs ? 'spillway.budget.chart.used' : 'spillway.budget.chart.left'),
            // Use moves only at decisions: a step, not a slope between them.
            curve: 'stepAfter',
            showMark: false,
            valueFormatter: (value: number | null) => amount(value),
          },
          {
            id: 'pace',
            data: chart.pace,
            label: translate('spillway.budget.chart.pace'),
            curve: 'linear',
            showMark: false,
            valueFormatter: (value: number | null) => amount(value),
          },
        ]}
      />
    </Box>
  );
};

const Figure = ({ label, value, testId }: { label: string; value: string; testId: string }) => {
  const translate = useTranslate();
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">
        {translate(label)}
      </Typography>
      <Typography variant="h6" data-testid={testId}>
        {value}
      </Typography>
    </Box>
  );
};

const BudgetCard = ({ budget }: { budget: ExposureBudget }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const format = useFormat();
  const amount = useAmount(budget);
  const { current } = budget;
  const stopped = listWithFilter(createPath({ resource: 'decisions', type: 'list' }), {
    reason: 'EXPOSURE_BUDGET',
    from: current.startsAt,
  });
  return (
    <Card variant="outlined" data-testid={`budget-${budget.name}`}>
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="h6" component="h2">
              {budget.name}
            </Typography>
            <Chip size="small" label={translate(`spillway.budget.current.${budget.window}`)} />
            <Chip
              size="small"
              variant="outlined"
              label={translate(`spillway.budget.measures.${budget.measure}`)}
            />
            <Chip
              size="small"
              variant="outlined"
              label={translate(`spillway.budget.actions.${budget.onExceed}`)}
            />
            {budget.segment && (
              <Chip size="small" variant="outlined" label={translate('spillway.budget.segmented')} />
            )}
          </Stack>
          {budget.description && (
            <Typography color="text.secondary">
              <Verbatim>{budget.description}</Verbatim>
            </Typography>
          )}
          <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 2 }}>
            <Figure
              label="spillway.budget.used"
              value={amount(current.used)}
              testId={`budget-used-${budget.name}`}
            />
            <Figure
              label={budget.share === null ? 'spillway.budget.limit' : 'spillway.budget.share'}
              value={budget.share === null ? amount(current.limit) : format.percent(budget.share)}
              testId={`budget-limit-${budget.name}`}
            />
            <Figure
              label="spillway.budget.left"
              value={amount(current.left)}
              testId={`budget-left-${budget.name}`}
            />
            <Figure
              label="spillway.budget.projected"
              value={amount(current.projectedAtEnd)}
              testId={`budget-projected-${budget.name}`}
            />
            <Box>
              <Typography variant="caption" color="text.secondary">
                {translate('spillway.budget.stopped')}
              </Typography>
              <Typography variant="h6">
                <Link component={RouterLink} to={stopped} data-testid={`budget-stopped-${budget.name}`}>
                  {format.count(current.stopped)}
                </Link>
              </Typography>
            </Box>
          </Box>
          <BurnDownChart budget={budget} />
          <Typography variant="caption" color="text.secondary">
            {translate('spillway.budget.windowSpan', {
              from: format.dateTime(current.startsAt),
              to: format.dateTime(current.endsAt),
            })}{' '}
            <Verbatim>{budget.timeZone}</Verbatim>
          </Typography>
        </Stack>
      </CardContent>
    </Card>
  );
};

const BudgetCards = () => {
  const translate = useTranslate();
  const { data, isPending } = useListContext<ExposureBudget>();
  if (isPending) return null;
  if (!data?.length) {
    return (
      <Typography sx={{ p: 2 }} data-testid="budgets-none">
        {translate('spillway.budget.none')}
      </Typography>
    );
  }
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      {data.map((budget) => (
        <BudgetCard key={budget.id} budget={budget} />
      ))}
    </Stack>
  );
};

const filters = [<TextInput key="productKey" source="productKey" label="spillway.budget.product" alwaysOn />];

/**
 * A product's exposure budgets as its published EXPOSURE policy names them: each one's use of today or
 * this month as a burn-down with the pace line, and the decisions it stopped. The budgets themselves are
 * edited as the EXPOSURE policy, like any other.
 */
export const BudgetList = () => (
  <List
    filters={filters}
    filterDefaultValues={{ productKey: DEFAULT_BUDGET_PRODUCT }}
    pagination={false}
    exporter={false}
    queryOptions={{ refetchInterval: REFRESH_MS }}
  >
    <BudgetCards />
  </List>
);
