import { Alert, List, ListItem, ListItemText } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { PolicyProblem } from '../dataProvider/policies';
import { Verbatim } from './fields';

/** A problem in the reader's language by its code; the validator's own words for a code not known here. */
export function useProblemText(): (problem: Pick<PolicyProblem, 'code' | 'message'>) => string {
  const translate = useTranslate();
  return (problem) => translate(`spillway.problemCode.${problem.code}`, { _: problem.message });
}

/** Every problem with its JSON path: for the parts no visual editor shows, and for the JSON editor. */
export const ProblemList = ({ problems }: { problems: PolicyProblem[] }) => {
  const translate = useTranslate();
  const problemText = useProblemText();
  if (problems.length === 0) return null;
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;
  return (
    <Alert severity={errors > 0 ? 'error' : 'warning'} data-testid="problem-list">
      {[
        errors > 0 ? translate('spillway.editor.invalid', { smart_count: errors }) : null,
        warnings > 0 ? translate('spillway.editor.warnings', { smart_count: warnings }) : null,
      ]
        .filter(Boolean)
        .join(' · ')}
      <List dense disablePadding>
        {problems.map((problem) => (
          <ListItem key={`${problem.path} ${problem.code} ${problem.message}`} disableGutters>
            <ListItemText
              primary={<span title={problem.message}>{problemText(problem)}</span>}
              secondary={<Verbatim mono>{problem.path}</Verbatim>}
            />
          </ListItem>
        ))}
      </List>
    </Alert>
  );
};
