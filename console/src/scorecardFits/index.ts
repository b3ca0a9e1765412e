import ScorecardIcon from '@mui/icons-material/Scoreboard';
import type { ScorecardFit } from '../dataProvider/scorecardFits';
import { ScorecardFitCreate } from './ScorecardFitCreate';
import { ScorecardFitList } from './ScorecardFitList';
import { ScorecardFitShow } from './ScorecardFitShow';

export default {
  list: ScorecardFitList,
  show: ScorecardFitShow,
  // Creating a fit is starting one: the wizard asks for the cases, the outcome, the candidates and the split.
  create: ScorecardFitCreate,
  icon: ScorecardIcon,
  recordRepresentation: (record: ScorecardFit) => `#${String(record.id).slice(0, 8)}`,
};
