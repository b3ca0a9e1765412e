import { Box, Chip, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useFactLabel } from '../factCatalog';
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
  const factLabel = useFactLabel();
  if (!isObject(rule)) return <JsonBlock value={rule} />;
  const extra = Object.fromEntries(Object.entries(rule).filter(([key]) => !KNOWN_RULE_KEYS.includes(key)));
  // rules/ records the event's type; json-rules-engine results carry the whole event.
  const eventType = isObject(rule.event) ? formatValue(rule.event.type) : formatValue(rule.event);
  const skipped = typeof rule.skipped === 'string' ? rule.skipped.replace(/^needs /, '') : null;
  return (
    <Box sx={{ py: 1 }} data-rule={formatValue(rule.name)}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="subtitle2" sx={mono} translate="no">
          {formatValue(rule.name ?? '?')}
        </Typography>
        <FiredChip fired={ruleFired(rule)} />
        {rule.priority != null && (
          <Caption>
            {translate('spillway.trace.priority')}: {formatValue(rule.priority)}
          </Caption>
        )}
        {eventType !== '' && (
          <Caption>
            {translate('spillway.trace.event')}:{' '}
            {translate(`spillway.eventType.${eventType}`, { _: eventType })}
          </Caption>
        )}
        {skipped !== null && (
          <Caption>
            {translate('spillway.trace.skipped', {
              facts: skipped
                .split(', ')
                .map((fact) => factLabel(fact))
                .join(', '),
            })}
          </Caption>
        )}
      </Stack>
      {typeof rule.description === 'string' && (
        <Typography variant="body2" color="text.secondary" translate="no">
          {rule.description}
        </Typography>
      )}
      {rule.conditions != null && <ConditionsTable conditions={rule.conditions} />}
      {Object.keys(extra).length > 0 && <JsonBlock value={extra} />}
    </Box>
  );
};
