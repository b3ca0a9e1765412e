import ReferralIcon from '@mui/icons-material/AssignmentInd';
import type { Decision } from '../dataProvider/decisions';
import { ReferralList } from './ReferralList';
import { ReferralShow } from './ReferralShow';

export default {
  list: ReferralList,
  show: ReferralShow,
  icon: ReferralIcon,
  recordRepresentation: (record: Decision) => record.borrower?.externalRef ?? '',
};
