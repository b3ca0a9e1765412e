import { Alert, List, ListItem, ListItemText } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { PolicyProblem } from '../dataProvider/policies';

/** Every problem with its JSON path: for the parts no visual editor shows, and for the JSON editor. */
export const ProblemList = ({ problems }: { problems: PolicyProblem[] }) => {
  const translate = useTranslate();
  if (problems.length === 0) return null;
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  return (
    <Alert severity={errors > 0 ? 'error' : 'warning'} data-testid="problem-list">
      {translate('spillway.editor.problemSummary', {
        errors,
        warnings: problems.length - errors,
      })}
      <List dense disablePadding>
        {problems.map((problem) => (
          <ListItem key={`${problem.path} ${problem.code} ${problem.message}`} disableGutters>
            <ListItemText
              primary={problem.message}
              secondary={`${problem.path} · ${problem.code}`}
              slotProps={{ secondary: { sx: { fontFamily: 'monospace' } } }}
            />
          </ListItem>
        ))}
      </List>
    </Alert>
  );
};
