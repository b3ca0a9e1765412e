import UserIcon from '@mui/icons-material/ManageAccounts';
import { createElement } from 'react';
import { VerbatimField } from '../common/fields';
import { UserCreate } from './UserCreate';
import { UserList } from './UserList';

export default {
  list: UserList,
  create: UserCreate,
  icon: UserIcon,
  recordRepresentation: createElement(VerbatimField, { source: 'email' }),
};
