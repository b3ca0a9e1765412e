import { Stack, Typography } from '@mui/material';
import type { BacktestMetrics } from '@spillway/rules';
import { useTranslate } from 'react-admin';
import { OutcomeChip } from '../../common/chips';
import { CountText, PercentText } from '../../common/fields';
import { type Column, FactGrid, Figure, Section, SimpleTable } from '../../common/SimpleTable';
import { OUTCOMES } from '../../dataProvider/dashboard';
import type { DecisionOutcome } from '../../dataProvider/decisions';
import { type SwapRow, swapRows } from '../metrics';

const swapColumns: Column<SwapRow>[] = [
  { label: 'spillway.backtest.swaps.kind', render: (row) => <SwapKindLabel id={row.id} /> },
  {
    label: 'spillway.backtest.swaps.count',
    render: (row) => <CountText value={row.count} />,
    align: 'right',
  },
  {
    label: 'spillway.backtest.swaps.known',
    render: (row) => <CountText value={row.known} />,
    align: 'right',
  },
  {
    label: 'spillway.backtest.swaps.defaults',
    render: (row) => <CountText value={row.defaults} />,
    align: 'right',
  },
  {
    label: 'spillway.backtest.swaps.badRate',
    render: (row) => <PercentText value={row.badRate} />,
    align: 'right',
  },
];

const SwapKindLabel = ({ id }: { id: string }) => {
  const translate = useTranslate();
  return <span data-swap={id}>{translate(`spillway.backtest.swaps.${id}`)}</span>;
};

/** Who the candidate lets in and keeps out, how those cases turned out, and every outcome's move. */
export const Swaps = ({ metrics }: { metrics: BacktestMetrics }) => {
  const translate = useTranslate();
  const matrixColumns: Column<DecisionOutcome>[] = [
    { label: 'spillway.backtest.matrix.from', render: (from) => <OutcomeChip outcome={from} /> },
    ...OUTCOMES.map((to) => ({
      label: `spillway.outcome.${to}`,
      render: (from: DecisionOutcome) => <CountText value={metrics.swaps.matrix[from][to].count} />,
      align: 'right' as const,
    })),
  ];
  return (
    <Section title="spillway.backtest.section.swaps">
      <Stack spacing={2}>
        <SimpleTable
          name="swaps"
          rows={swapRows(metrics)}
          columns={swapColumns}
          empty="spillway.empty.facts"
        />
        <FactGrid>
          <Figure label="spillway.backtest.swaps.swapInUnknown">
            <span data-testid="swap-in-unknown">
              <CountText value={metrics.swaps.swapIn.unknown} />
            </span>
          </Figure>
          <Figure label="spillway.backtest.swaps.referralChanges">
            <CountText value={metrics.swaps.referralChanges} />
          </Figure>
        </FactGrid>
        <Typography variant="subtitle2">{translate('spillway.backtest.matrix.title')}</Typography>
        <SimpleTable
          name="outcome-matrix"
          rows={OUTCOMES}
          columns={matrixColumns}
          empty="spillway.empty.facts"
        />
      </Stack>
    </Section>
  );
};
