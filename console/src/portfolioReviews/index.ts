import ReviewIcon from '@mui/icons-material/ManageSearch';
import { ReviewList } from './ReviewList';

export default { list: ReviewList, icon: ReviewIcon };
