import { Stack } from '@mui/material';
import type { BacktestMetrics } from '@spillway/rules';
import { useTranslate } from 'react-admin';
import { CountText, MoneyText, Verbatim } from '../../common/fields';
import { useFormat } from '../../common/format';
import { type Column, Section, TableSection } from '../../common/SimpleTable';
import { HeadlineFigures } from '../Figures';
import { type LimitRow, limitRows, type RuleHitRow, rateDataset, ruleHitRows, SIDES } from '../metrics';
import { Pricing } from './Pricing';
import { SideChart } from './SideChart';
import { Swaps } from './Swaps';

const limitValue = (row: LimitRow, value: LimitRow['baseline']) =>
  row.money ? <MoneyText value={value} /> : <CountText value={value == null ? null : Number(value)} />;

const limitColumns: Column<LimitRow>[] = [
  {
    label: 'spillway.backtest.figure',
    render: (row) => <FigureLabel id={`spillway.backtest.limits.${row.id}`} />,
  },
  ...SIDES.map((side) => ({
    label: `spillway.backtest.side.${side}`,
    render: (row: LimitRow) => limitValue(row, row[side]),
    align: 'right' as const,
  })),
];

/** A signed count: +3, −2. */
const ChangeText = ({ value }: { value: number }) => <>{useFormat().signedCount(value)}</>;

const FigureLabel = ({ id }: { id: string }) => <>{useTranslate()(id)}</>;

const ruleColumns: Column<RuleHitRow>[] = [
  { label: 'spillway.backtest.rule', render: (row) => <Verbatim>{row.id}</Verbatim>, mono: true },
  ...SIDES.map((side) => ({
    label: `spillway.backtest.side.${side}`,
    render: (row: RuleHitRow) => <CountText value={row[side]} />,
    align: 'right' as const,
  })),
  {
    label: 'spillway.backtest.change',
    render: (row) => <ChangeText value={row.change} />,
    align: 'right',
  },
];

/** Every figure of a finished run: rates, swaps, limits, pricing and rule hits. */
export const MetricsSections = ({ metrics }: { metrics: BacktestMetrics }) => {
  const translate = useTranslate();
  return (
    <>
      <Section title="spillway.backtest.section.rates">
        <Stack spacing={2}>
          <HeadlineFigures metrics={metrics} />
          <SideChart
            rows={rateDataset(metrics)}
            label={(id) => translate(`spillway.backtest.${id}`)}
            testId="rates-chart"
          />
        </Stack>
      </Section>
      <Swaps metrics={metrics} />
      <TableSection
        title="spillway.backtest.section.limits"
        name="limits"
        rows={limitRows(metrics)}
        columns={limitColumns}
        empty="spillway.empty.facts"
      />
      <Pricing metrics={metrics} />
      <TableSection
        title="spillway.backtest.section.ruleHits"
        name="rule-hits"
        rows={ruleHitRows(metrics)}
        columns={ruleColumns}
        empty="spillway.backtest.noRuleHits"
      />
    </>
  );
};
