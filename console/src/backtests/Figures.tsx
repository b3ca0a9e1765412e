import { Typography } from '@mui/material';
import type { BacktestMetrics } from '@spillway/rules';
import { useTranslate } from 'react-admin';
import { CountText } from '../common/fields';
import { useFormat } from '../common/format';
import { FactGrid, Figure } from '../common/SimpleTable';

/** "12.5% → 10.0%": a baseline figure and what the candidate makes of it. */
const BeforeAfter = ({ before, after, testId }: { before: string; after: string; testId: string }) => (
  <Typography variant="h6" data-testid={testId}>
    {before} → {after}
  </Typography>
);

/** The figures a risk manager reads first: approval and bad rates of both sides, and the swaps. */
export const HeadlineFigures = ({ metrics }: { metrics: BacktestMetrics }) => {
  const translate = useTranslate();
  const { percent, count } = useFormat();
  const { swapIn, swapOut } = metrics.swaps;
  return (
    <FactGrid testId="backtest-headline">
      <Figure label="spillway.backtest.approvalRate">
        <BeforeAfter
          testId="approval-rates"
          before={percent(metrics.baseline.approvalRate)}
          after={percent(metrics.candidate.approvalRate)}
        />
      </Figure>
      <Figure label="spillway.backtest.badRate">
        <BeforeAfter
          testId="bad-rates"
          before={percent(metrics.baseline.approved.badRate)}
          after={percent(metrics.candidate.approved.badRate)}
        />
      </Figure>
      <Figure label="spillway.backtest.swaps.swapIn">
        <Typography variant="h6" data-testid="swap-in">
          <CountText value={swapIn.count} />
        </Typography>
      </Figure>
      <Figure label="spillway.backtest.swaps.swapOut">
        <Typography variant="h6" data-testid="swap-out">
          <CountText value={swapOut.count} />
        </Typography>
      </Figure>
      <Figure label="spillway.backtest.cases">
        <Typography variant="h6">
          {translate('spillway.backtest.casesKnown', {
            cases: count(metrics.cases),
            known: count(metrics.knownOutcomes),
          })}
        </Typography>
      </Figure>
    </FactGrid>
  );
};
