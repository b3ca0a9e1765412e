import BacktestIcon from '@mui/icons-material/QueryStats';
import type { Backtest } from '../dataProvider/backtests';
import { BacktestList } from './BacktestList';
import { BacktestShow } from './BacktestShow';

export default {
  list: BacktestList,
  show: BacktestShow,
  icon: BacktestIcon,
  recordRepresentation: (record: Backtest) => `#${String(record.id).slice(0, 8)}`,
};
