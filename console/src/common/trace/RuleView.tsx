import { Box, Chip, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { JsonBlock } from '../JsonBlock';
import { formatValue, isObject } from '../json';
import { Caption, mono } from './Caption';
import { ConditionsTable } from './ConditionsTable';
import { ruleFired } from './trace';

const FiredChip = ({ fired }: { fired: boolean | undefined }) => {
  const translate = useTranslate();
  if (fired === undefined) return null;
  return fired ? (
    <Chip size="small" color="primary" label={translate('spillway.trace.fired')} data-fired="true" />
  ) : (
    <Chip size="small" variant="outlined" label={translate('spillway.trace.notFired')} data-fired="false" />
  );
};

const KNOWN_RULE_KEYS = [
  'name',
  'priority',
  'fired',
  'result',
  'skipped',
  'event',
  'conditions',
  'description',
];

/** One evaluated rule: whether it fired, its event and conditions, and any part of it not known here as JSON. */
export const RuleView = ({ rule }: { rule: unknown }) => {
  const translate = useTranslate();
  if (!isObject(rule)) return <JsonBlock value={rule} />;
  const extra = Object.fromEntries(Object.entries(rule).filter(([key]) => !KNOWN_RULE_KEYS.includes(key)));
  const event = isObject(rule.event)
    ? `${formatValue(rule.event.type)} ${formatValue(rule.event.params)}`
    : rule.event;
  return (
    <Box sx={{ py: 1 }} data-rule={formatValue(rule.name)}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="subtitle2" sx={mono}>
          {formatValue(rule.name ?? '?')}
        </Typography>
        <FiredChip fired={ruleFired(rule)} />
        {rule.priority != null && (
          <Caption>
            {translate('spillway.trace.priority')}: {formatValue(rule.priority)}
          </Caption>
        )}
        {event != null && (
          <Caption>
            {translate('spillway.trace.event')}: {formatValue(event)}
          </Caption>
        )}
        {typeof rule.skipped === 'string' && (
          <Caption>
            {translate('spillway.trace.skipped')}: {rule.skipped}
          </Caption>
        )}
      </Stack>
      {typeof rule.description === 'string' && (
        <Typography variant="body2" color="text.secondary">
          {rule.description}
        </Typography>
      )}
      {rule.conditions != null && <ConditionsTable conditions={rule.conditions} />}
      {Object.keys(extra).length > 0 && <JsonBlock value={extra} />}
    </Box>
  );
};
