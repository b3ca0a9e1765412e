import EventIcon from '@mui/icons-material/Event';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import { Alert, Card, CardContent, Stack, Typography } from '@mui/material';
import { required, TextInput, useDataProvider, useGetOne, usePermissions, useTranslate } from 'react-admin';
import { ActionDialogButton } from '../common/ActionDialogButton';
import { DateTimeText, Verbatim } from '../common/fields';
import { EMPTY } from '../common/format';
import { FactGrid, Figure } from '../common/SimpleTable';
import type { SpillwayDataProvider } from '../dataProvider';
import { PRODUCT_KEY, type ReviewScheduleRecord } from '../dataProvider/monitoring';
import { canDo } from '../permissions';

/** When reviews run by themselves: a five-field cron in UTC, set or cleared by risk managers. */
export const ScheduleCard = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const { permissions } = usePermissions();
  const { data, error } = useGetOne<ReviewScheduleRecord>('reviewSchedules', { id: PRODUCT_KEY });
  const schedule = data?.schedule ?? null;
  const editable = canDo(permissions, 'runReview');
  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid="review-schedule">
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h6">{translate('spillway.review.schedule.title')}</Typography>
          {error && <Alert severity="error">{error.message}</Alert>}
          {schedule ? (
            <FactGrid>
              <Figure label="spillway.review.schedule.cron">
                <span style={{ fontFamily: 'monospace' }} data-testid="schedule-cron" translate="no">
                  {schedule.cron}
                </span>
              </Figure>
              <Figure label="spillway.review.schedule.nextRunAt">
                <DateTimeText value={schedule.nextRunAt} />
              </Figure>
              <Figure label="spillway.review.schedule.lastRunAt">
                {schedule.lastRunAt ? <DateTimeText value={schedule.lastRunAt} /> : EMPTY}
              </Figure>
              <Figure label="spillway.review.schedule.updatedBy">
                <Verbatim>{schedule.updatedBy}</Verbatim>
              </Figure>
            </FactGrid>
          ) : (
            <Typography color="text.secondary" data-testid="schedule-none">
              {translate('spillway.review.schedule.none')}
            </Typography>
          )}
          {editable && (
            <Stack direction="row" spacing={1}>
              <ActionDialogButton<{ cron: string }, unknown>
                label="spillway.review.schedule.set.label"
                title="spillway.review.schedule.set.title"
                description="spillway.review.schedule.set.description"
                successMessage="spillway.review.schedule.set.done"
                icon={<EventIcon />}
                defaultValues={{ cron: schedule?.cron ?? '0 2 * * *' }}
                action={(values) => dataProvider.setReviewSchedule({ cron: values.cron })}
              >
                <TextInput source="cron" label="spillway.review.schedule.cron" validate={required()} />
              </ActionDialogButton>
              {schedule && (
                <ActionDialogButton
                  label="spillway.review.schedule.clear.label"
                  title="spillway.review.schedule.clear.title"
                  description="spillway.review.schedule.clear.description"
                  successMessage="spillway.review.schedule.clear.done"
                  icon={<EventBusyIcon />}
                  color="error"
                  action={() => dataProvider.setReviewSchedule({ cron: null })}
                />
              )}
            </Stack>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};
