import UserIcon from '@mui/icons-material/ManageAccounts';
import type { User } from '../dataProvider/admin';
import { UserCreate } from './UserCreate';
import { UserList } from './UserList';

export default {
  list: UserList,
  create: UserCreate,
  icon: UserIcon,
  recordRepresentation: (record: User) => record.email,
};
