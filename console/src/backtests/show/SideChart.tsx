import { Box } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { useTranslate } from 'react-admin';
import { useFormat } from '../../common/format';
import { SIDES, type SidePair } from '../metrics';

/** A baseline-vs-candidate bar chart of rates (0 to 1). */
export const SideChart = ({
  rows,
  label,
  testId,
}: {
  rows: SidePair[];
  label: (id: string) => string;
  testId: string;
}) => {
  const translate = useTranslate();
  const { percent } = useFormat();
  return (
    <Box data-testid={testId}>
      <BarChart
        dataset={rows.map((row) => ({ ...row, group: label(row.id) }))}
        xAxis={[{ scaleType: 'band', dataKey: 'group' }]}
        yAxis={[{ valueFormatter: (value: number | null) => percent(value) }]}
        series={SIDES.map((side) => ({
          dataKey: side,
          label: translate(`spillway.backtest.side.${side}`),
          valueFormatter: (value: number | null) => percent(value),
        }))}
        height={260}
      />
    </Box>
  );
};
