import { Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { MoneyText, Verbatim } from '../../common/fields';
import { useFormat } from '../../common/format';
import { Section, SimpleTable } from '../../common/SimpleTable';
import type {
  BacktestBudgetEffect,
  BacktestBudgets,
  BacktestBudgetWindow,
} from '../../dataProvider/backtests';

/** The candidate's exposure budgets over its approvals in time order: what each held back, and by window. */
export const Budgets = ({ budgets }: { budgets: BacktestBudgets }) => {
  const translate = useTranslate();
  const format = useFormat();
  return (
    <Section title="spillway.backtest.budgets.title">
      <Stack spacing={2} data-testid="backtest-budgets">
        <Typography color="text.secondary">
          {translate(`spillway.backtest.budgets.order.${budgets.order}`)}{' '}
          <Verbatim>{budgets.timeZone}</Verbatim>
        </Typography>
        <Typography data-testid="backtest-budgets-summary">
          {translate('spillway.backtest.budgets.summary', {
            approvals: format.count(budgets.approvals),
            fitted: format.count(budgets.fitted),
            shrunk: format.count(budgets.shrunk),
            stopped: format.count(budgets.stopped),
          })}
        </Typography>
        <SimpleTable<BacktestBudgetEffect>
          name="budget-effects"
          rows={budgets.budgets}
          empty="spillway.backtest.budgets.none"
          columns={[
            { label: 'spillway.budget.name', render: (row) => row.budget, mono: true },
            {
              label: 'spillway.budget.actions.SHRINK',
              render: (row) => format.count(row.shrunk),
              align: 'right',
            },
            {
              label: 'spillway.budget.actions.REFER',
              render: (row) => format.count(row.referred),
              align: 'right',
            },
            {
              label: 'spillway.budget.actions.DECLINE',
              render: (row) => format.count(row.declined),
              align: 'right',
            },
            {
              label: 'spillway.backtest.budgets.withheld',
              render: (row) => <MoneyText value={row.withheld} />,
              align: 'right',
            },
          ]}
        />
        <SimpleTable<BacktestBudgetWindow>
          name="budget-windows"
          rows={budgets.windows}
          empty="spillway.backtest.budgets.none"
          columns={[
            { label: 'spillway.budget.window', render: (row) => row.window, mono: true },
            {
              label: 'spillway.backtest.budgets.approvals',
              render: (row) => format.count(row.approvals),
              align: 'right',
            },
            {
              label: 'spillway.backtest.budgets.newExposure',
              render: (row) => <MoneyText value={row.newExposure} />,
              align: 'right',
            },
          ]}
        />
      </Stack>
    </Section>
  );
};
