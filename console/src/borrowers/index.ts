import BorrowerIcon from '@mui/icons-material/People';
import type { Borrower } from '../dataProvider/borrowers';
import { BorrowerList } from './BorrowerList';
import { BorrowerShow } from './BorrowerShow';

export default {
  list: BorrowerList,
  show: BorrowerShow,
  icon: BorrowerIcon,
  recordRepresentation: (record: Borrower) => record.externalRef,
};
