import CaseSetIcon from '@mui/icons-material/TableChart';
import type { CaseSet } from '../dataProvider/caseSets';
import { CaseSetImport } from './CaseSetImport';
import { CaseSetList } from './CaseSetList';
import { CaseSetShow } from './CaseSetShow';

export default {
  list: CaseSetList,
  show: CaseSetShow,
  // Creating a case set is importing one: the wizard reads the file and maps its columns.
  create: CaseSetImport,
  icon: CaseSetIcon,
  recordRepresentation: (record: CaseSet) => record.name,
};
