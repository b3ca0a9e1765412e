import { Box, Paper, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { DateTimeText, Verbatim } from '../fields';
import { JsonBlock } from '../JsonBlock';
import { isObject, omitKey } from '../json';
import { Caption } from './Caption';
import { StageBody } from './StageBody';
import { type Stage, traceStages } from './trace';

const StageView = ({ stage }: { stage: Stage }) => {
  const translate = useTranslate();
  const body = isObject(stage.body) ? stage.body : {};
  const revision = typeof body.revision === 'string' ? body.revision : undefined;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-stage={stage.name}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'baseline', flexWrap: 'wrap' }}>
        <Typography variant="h6">
          {translate(`spillway.policyKind.${stage.name}`, { _: stage.name })}
        </Typography>
        {typeof body.policy === 'string' && (
          <Caption>
            <Verbatim>{body.policy}</Verbatim>
          </Caption>
        )}
        {revision && (
          <Caption>
            <Verbatim mono>
              <span title={revision}>{revision.slice(0, 12)}</span>
            </Verbatim>
          </Caption>
        )}
        {typeof body.asOf === 'string' && (
          <Caption>
            <DateTimeText value={body.asOf} />
          </Caption>
        )}
      </Stack>
      <StageBody body={stage.body} />
    </Paper>
  );
};

/** How an evaluation reached its result, stage by stage: of a stored decision or of a policy tried on a case. */
export const TraceView = ({ trace }: { trace: unknown }) => {
  const translate = useTranslate();
  if (trace == null || (isObject(trace) && Object.keys(trace).length === 0)) {
    return <Typography color="text.secondary">{translate('spillway.trace.empty')}</Typography>;
  }
  const stages = traceStages(trace);
  if (!stages) return <JsonBlock value={trace} />;
  // The pipeline's own parts next to `stages` (its asOf, its steps) are read like a stage's.
  const pipeline = isObject(trace) && Array.isArray(trace.stages) ? omitKey(trace, 'stages') : {};
  return (
    <Stack spacing={2}>
      {typeof pipeline.asOf === 'string' && (
        <Caption>
          {translate('spillway.trace.asOf')}: <DateTimeText value={pipeline.asOf} />
        </Caption>
      )}
      {stages.map((stage, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: stages keep pipeline order and may share a name
        <StageView key={index} stage={stage} />
      ))}
      {Object.keys(pipeline).length > 0 && (
        <Box>
          <StageBody body={pipeline} />
        </Box>
      )}
    </Stack>
  );
};
