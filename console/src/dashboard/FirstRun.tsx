import CheckIcon from '@mui/icons-material/CheckCircle';
import TodoIcon from '@mui/icons-material/RadioButtonUnchecked';
import {
  Box,
  Button,
  Card,
  CardContent,
  LinearProgress,
  Link,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Stack,
  Typography,
} from '@mui/material';
import { useCreatePath, useStore, useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router';
import { listWithFilter } from '../common/links';
import type { DemoGuide } from '../dataProvider/dashboard';

type StepId = 'overflow' | 'trace' | 'threshold' | 'try' | 'backtest';

interface Step {
  id: StepId;
  to: string | null;
}

/** The walk a new user takes through the demo, each step one link away, in the order the work is done. */
function useSteps(demo: DemoGuide): Step[] {
  const createPath = useCreatePath();
  const myDrafts = listWithFilter(createPath({ resource: 'versions', type: 'list' }), { queue: 'MY_DRAFTS' });
  return [
    { id: 'overflow', to: createPath({ resource: 'overflowCustomers', type: 'list' }) },
    {
      id: 'trace',
      to: demo.decisionId ? createPath({ resource: 'decisions', id: demo.decisionId, type: 'show' }) : null,
    },
    {
      id: 'threshold',
      to: demo.admissionPolicyId
        ? createPath({ resource: 'policies', id: demo.admissionPolicyId, type: 'show' })
        : null,
    },
    { id: 'try', to: myDrafts },
    { id: 'backtest', to: myDrafts },
  ];
}

/**
 * The demo's guided first run: five steps from an overflow customer to a backtested policy change. A step
 * is ticked when its link is followed; the guide can be hidden. Shown only while demo mode is on.
 */
export const FirstRun = ({ demo }: { demo: DemoGuide }) => {
  const translate = useTranslate();
  const steps = useSteps(demo);
  const [done, setDone] = useStore<StepId[]>('spillway.firstRun.done', []);
  const [hidden, setHidden] = useStore('spillway.firstRun.hidden', false);
  if (hidden) return null;
  const completed = steps.filter((step) => done.includes(step.id)).length;
  return (
    <Card variant="outlined" data-testid="first-run" sx={{ borderColor: 'primary.main' }}>
      <CardContent>
        <Stack
          direction="row"
          sx={{ alignItems: 'baseline', justifyContent: 'space-between', flexWrap: 'wrap' }}
        >
          <Typography variant="h6">{translate('spillway.firstRun.title')}</Typography>
          <Button size="small" onClick={() => setHidden(true)}>
            {translate('spillway.firstRun.hide')}
          </Button>
        </Stack>
        <Typography variant="body2" color="text.secondary">
          {translate('spillway.firstRun.intro')}
        </Typography>
        <Box sx={{ my: 1 }}>
          <LinearProgress
            variant="determinate"
            value={(completed / steps.length) * 100}
            aria-label={translate('spillway.firstRun.progress', { done: completed, total: steps.length })}
          />
          <Typography variant="caption" color="text.secondary" data-testid="first-run-progress">
            {translate('spillway.firstRun.progress', { done: completed, total: steps.length })}
          </Typography>
        </Box>
        <List dense disablePadding>
          {steps.map((step, index) => {
            const isDone = done.includes(step.id);
            return (
              <ListItem key={step.id} disableGutters data-step={step.id} data-done={isDone}>
                <ListItemIcon sx={{ minWidth: 32 }}>
                  {isDone ? <CheckIcon color="success" fontSize="small" /> : <TodoIcon fontSize="small" />}
                </ListItemIcon>
                <ListItemText
                  primary={
                    step.to ? (
                      <Link
                        component={RouterLink}
                        to={step.to}
                        onClick={() => setDone([...new Set([...done, step.id])])}
                      >
                        {`${index + 1}. ${translate(`spillway.firstRun.step.${step.id}.label`)}`}
                      </Link>
                    ) : (
                      `${index + 1}. ${translate(`spillway.firstRun.step.${step.id}.label`)}`
                    )
                  }
                  secondary={translate(`spillway.firstRun.step.${step.id}.hint`)}
                />
              </ListItem>
            );
          })}
        </List>
      </CardContent>
    </Card>
  );
};
