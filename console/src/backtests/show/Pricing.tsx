import { Stack, Typography } from '@mui/material';
import type { BacktestMetrics } from '@spillway/rules';
import { useTranslate } from 'react-admin';
import { AprText } from '../../common/fields';
import { EMPTY, useFormat } from '../../common/format';
import { FactGrid, Figure, Section } from '../../common/SimpleTable';
import { psiLevel, SIDES, tierRows } from '../metrics';
import { SideChart } from './SideChart';

/** Average APR of both sides and how the mix of tiers shifts (PSI). */
export const Pricing = ({ metrics }: { metrics: BacktestMetrics }) => {
  const translate = useTranslate();
  const format = useFormat();
  const level = psiLevel(metrics.tierPsi);
  const tiers = tierRows(metrics).map((row) => ({
    id: row.id,
    baseline: row.baselineShare,
    candidate: row.candidateShare,
  }));
  return (
    <Section title="spillway.backtest.section.pricing">
      <Stack spacing={2}>
        <FactGrid testId="backtest-pricing">
          {SIDES.map((side) => (
            <Figure key={side} label={`spillway.backtest.averageApr.${side}`}>
              <AprText bps={metrics[side].pricing.averageAprBps} />
            </Figure>
          ))}
          <Figure label="spillway.backtest.psi">
            <span data-testid="tier-psi">
              {metrics.tierPsi == null
                ? EMPTY
                : `${format.number(metrics.tierPsi)} · ${translate(`spillway.backtest.psiLevel.${level}`)}`}
            </span>
          </Figure>
        </FactGrid>
        {tiers.length > 0 && (
          <>
            <Typography variant="subtitle2">{translate('spillway.backtest.tiers')}</Typography>
            <SideChart rows={tiers} label={(id) => id} testId="tier-chart" />
          </>
        )}
      </Stack>
    </Section>
  );
};
