import ComplianceIcon from '@mui/icons-material/Gavel';
import { ComplianceList } from './ComplianceList';
import { FindingShow } from './FindingShow';

export default { list: ComplianceList, show: FindingShow, icon: ComplianceIcon };
