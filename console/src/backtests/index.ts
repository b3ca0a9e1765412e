import BacktestIcon from '@mui/icons-material/QueryStats';
import type { Backtest } from '../dataProvider/backtests';
import { BacktestList } from './BacktestList';
import { BacktestShow } from './show/BacktestShow';

export { HeadlineFigures } from './Figures';
/** A backtest's headline figures: the policy editor's Backtest tab shows them for the job it started. */
export { BacktestKindText, RecordedDecisionsText } from './fields';

export default {
  list: BacktestList,
  show: BacktestShow,
  icon: BacktestIcon,
  recordRepresentation: (record: Backtest) => `#${String(record.id).slice(0, 8)}`,
};
