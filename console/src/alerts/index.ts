import AlertIcon from '@mui/icons-material/NotificationImportant';
import type { Alert } from '../dataProvider/monitoring';
import { AlertList } from './AlertList';
import { AlertShow } from './AlertShow';

export default {
  list: AlertList,
  show: AlertShow,
  icon: AlertIcon,
  recordRepresentation: (record: Alert) => `${record.indicator} · ${record.reason}`,
};
