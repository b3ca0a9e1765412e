import DecisionIcon from '@mui/icons-material/FactCheck';
import type { Decision } from '../dataProvider/decisions';
import { DecisionList } from './DecisionList';
import { DecisionShow } from './DecisionShow';

/** Everything a stored decision says: the referral page shows it under its own actions. */
export { DecisionDetail } from './DecisionShow';

export default {
  list: DecisionList,
  show: DecisionShow,
  icon: DecisionIcon,
  recordRepresentation: (record: Decision) =>
    `${record.borrower?.externalRef ?? ''} #${String(record.id).slice(0, 8)}`,
};
