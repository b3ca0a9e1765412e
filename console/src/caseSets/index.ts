import CaseSetIcon from '@mui/icons-material/TableChart';
import type { CaseSet } from '../dataProvider/caseSets';
import { CaseSetList } from './CaseSetList';
import { CaseSetShow } from './CaseSetShow';
import { CaseSetImport } from './import/CaseSetImport';

export default {
  list: CaseSetList,
  show: CaseSetShow,
  // Creating a case set is importing one: the wizard reads the file and maps its columns.
  create: CaseSetImport,
  icon: CaseSetIcon,
  recordRepresentation: (record: CaseSet) => record.name,
};
