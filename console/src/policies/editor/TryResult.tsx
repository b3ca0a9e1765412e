import { Box, Divider, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { ReasonsSection } from '../../common/ReasonsSection';
import { Section } from '../../common/SimpleTable';
import { TraceView } from '../../common/trace/TraceView';
import type { VersionRef } from '../../dataProvider/policies';
import type { TryOutcome } from '../../dataProvider/tryPolicy';
import { ResultSummary } from './ResultSummary';

/** A run of the tried version, and of the published one where there is one to compare with. */
export interface Tried {
  tried: TryOutcome;
  published: TryOutcome | null;
}

/** What the tried version decides and why, beside what the published version decides on the same case. */
export const TryResultView = ({
  tried,
  compareWith,
}: {
  tried: Tried;
  compareWith: Pick<VersionRef, 'number'> | null;
}) => {
  const translate = useTranslate();
  return (
    <Stack spacing={3} divider={<Divider flexItem />} data-testid="try-result">
      <ResultSummary result={tried.tried.result} testId="try-outcome" />
      {tried.published && compareWith && (
        <Box>
          <Typography variant="subtitle2" gutterBottom>
            {translate('spillway.try.published', { number: compareWith.number })}
          </Typography>
          <ResultSummary result={tried.published.result} testId="try-published-outcome" />
        </Box>
      )}
      <ReasonsSection name="try-reasons" reasons={tried.tried.result.reasons} />
      <Section title="resources.decisions.fields.trace">
        <TraceView trace={tried.tried.trace} />
      </Section>
    </Stack>
  );
};
