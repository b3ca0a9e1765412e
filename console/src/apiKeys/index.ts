import KeyIcon from '@mui/icons-material/VpnKey';
import { createElement } from 'react';
import { VerbatimField } from '../common/fields';
import { ApiKeyList } from './ApiKeyList';

export default {
  list: ApiKeyList,
  icon: KeyIcon,
  recordRepresentation: createElement(VerbatimField, { source: 'name' }),
};
