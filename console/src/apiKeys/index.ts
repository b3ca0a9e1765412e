import KeyIcon from '@mui/icons-material/VpnKey';
import type { ApiKey } from '../dataProvider/admin';
import { ApiKeyList } from './ApiKeyList';

export default { list: ApiKeyList, icon: KeyIcon, recordRepresentation: (record: ApiKey) => record.name };
