import BudgetIcon from '@mui/icons-material/Speed';
import { BudgetList } from './BudgetList';

export default { list: BudgetList, icon: BudgetIcon };
