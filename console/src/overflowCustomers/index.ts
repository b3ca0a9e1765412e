import OverflowIcon from '@mui/icons-material/TrendingUp';
import { OverflowList } from './OverflowList';

export default { list: OverflowList, icon: OverflowIcon };
