import CaseSetIcon from '@mui/icons-material/TableChart';
import { createElement } from 'react';
import { VerbatimField } from '../common/fields';
import { CaseSetList } from './CaseSetList';
import { CaseSetShow } from './CaseSetShow';
import { CaseSetImport } from './import/CaseSetImport';

export default {
  list: CaseSetList,
  show: CaseSetShow,
  // Creating a case set is importing one: the wizard reads the file and maps its columns.
  create: CaseSetImport,
  icon: CaseSetIcon,
  // A name its importer chose: shown as written, in any language.
  recordRepresentation: createElement(VerbatimField, { source: 'name' }),
};
