import AlertIcon from '@mui/icons-material/NotificationImportant';
import { createElement } from 'react';
import { AlertList } from './AlertList';
import { AlertShow } from './AlertShow';
import { AlertTitle } from './AlertTitle';

export default {
  list: AlertList,
  show: AlertShow,
  icon: AlertIcon,
  recordRepresentation: createElement(AlertTitle),
};
