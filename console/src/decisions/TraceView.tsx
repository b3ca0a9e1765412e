import {
  Box,
  Chip,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import {
  conditionRows,
  formatValue,
  isObject,
  type JsonObject,
  omitKey,
  ruleFired,
  type Stage,
  traceStages,
} from './trace';

const mono = { fontFamily: 'monospace' } as const;

export const JsonBlock = ({ value }: { value: unknown }) => (
  <Box
    component="pre"
    sx={{ m: 0, p: 1, fontSize: 12, overflowX: 'auto', bgcolor: 'action.hover', borderRadius: 1 }}
  >
    {JSON.stringify(value, null, 2)}
  </Box>
);

const FiredChip = ({ fired }: { fired: boolean | undefined }) => {
  const translate = useTranslate();
  if (fired === undefined) return null;
  return fired ? (
    <Chip size="small" color="primary" label={translate('spillway.trace.fired')} data-fired="true" />
  ) : (
    <Chip size="small" variant="outlined" label={translate('spillway.trace.notFired')} data-fired="false" />
  );
};

const ResultMark = ({ result }: { result: boolean | undefined }) => {
  const translate = useTranslate();
  if (result === undefined) return null;
  return (
    <Typography component="span" variant="body2" color={result ? 'success.main' : 'text.secondary'}>
      {translate(result ? 'ra.boolean.true' : 'ra.boolean.false')}
    </Typography>
  );
};

const ConditionsTable = ({ conditions }: { conditions: unknown }) => {
  const translate = useTranslate();
  const indent = (depth: number) => ({ pl: 2 + depth * 2 });
  return (
    <Table size="small" sx={{ tableLayout: 'fixed' }} aria-label={translate('spillway.trace.conditions')}>
      <TableHead>
        <TableRow>
          <TableCell sx={{ width: '28%' }}>{translate('spillway.trace.fact')}</TableCell>
          <TableCell sx={{ width: '18%' }}>{translate('spillway.trace.value')}</TableCell>
          <TableCell sx={{ width: '20%' }}>{translate('spillway.trace.operator')}</TableCell>
          <TableCell sx={{ width: '22%' }}>{translate('spillway.trace.compared')}</TableCell>
          <TableCell sx={{ width: '12%' }}>{translate('spillway.trace.result')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {conditionRows(conditions).map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows come from a fixed tree and never reorder
          <TableRow key={index}>
            {row.group ? (
              <TableCell colSpan={4} sx={{ ...indent(row.depth), fontStyle: 'italic' }}>
                {translate(`spillway.trace.${row.group}`)}
              </TableCell>
            ) : row.raw !== undefined ? (
              <TableCell colSpan={4} sx={indent(row.depth)}>
                <JsonBlock value={row.raw} />
              </TableCell>
            ) : (
              <>
                <TableCell sx={{ ...indent(row.depth), ...mono }}>{row.fact}</TableCell>
                <TableCell sx={mono}>{formatValue(row.actual)}</TableCell>
                <TableCell sx={mono}>{row.operator}</TableCell>
                <TableCell sx={mono}>{formatValue(row.compared)}</TableCell>
              </>
            )}
            <TableCell>
              <ResultMark result={row.result} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
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

const Caption = ({ children }: { children: ReactNode }) => (
  <Typography variant="caption" color="text.secondary">
    {children}
  </Typography>
);

const RuleView = ({ rule }: { rule: unknown }) => {
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

/** A list of flat records (fact problems, derived facts, outcome steps) as a table of their keys. */
const RecordsTable = ({ rows }: { rows: JsonObject[] }) => {
  const translate = useTranslate();
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          {columns.map((column) => (
            <TableCell key={column}>{translate(`spillway.trace.column.${column}`, { _: column })}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: trace rows are immutable and ordered
          <TableRow key={index}>
            {columns.map((column) => (
              <TableCell key={column} sx={{ ...mono, wordBreak: 'break-word' }}>
                {row[column] == null ? '' : formatValue(row[column])}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

const HEADER_KEYS = ['kind', 'stage', 'policy', 'revision', 'asOf'];

const SubSection = ({ title, children }: { title: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="subtitle1">
        {translate(`spillway.trace.section.${title}`, { _: title })}
      </Typography>
      {children}
    </Box>
  );
};

const StageBody = ({ body }: { body: unknown }) => {
  if (!isObject(body)) return <JsonBlock value={body} />;
  const sections: ReactNode[] = [];
  const details: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    if (HEADER_KEYS.includes(key) && typeof value === 'string') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (key === 'rules' && Array.isArray(value)) {
      sections.push(
        <SubSection key={key} title={key}>
          {value.map((rule, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rules keep their evaluated order
            <RuleView key={index} rule={rule} />
          ))}
        </SubSection>,
      );
    } else if (Array.isArray(value) && value.every(isObject)) {
      sections.push(
        <SubSection key={key} title={key}>
          <RecordsTable rows={value} />
        </SubSection>,
      );
    } else {
      details[key] = value;
    }
  }
  return (
    <>
      {sections}
      {Object.keys(details).length > 0 && (
        <SubSection title="details">
          <JsonBlock value={details} />
        </SubSection>
      )}
    </>
  );
};

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
        {typeof body.policy === 'string' && <Caption>{body.policy}</Caption>}
        {revision && (
          <Caption>
            <span title={revision}>{revision.slice(0, 12)}</span>
          </Caption>
        )}
        {typeof body.asOf === 'string' && <Caption>{body.asOf}</Caption>}
      </Stack>
      <StageBody body={stage.body} />
    </Paper>
  );
};

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
          {translate('spillway.trace.asOf')}: {pipeline.asOf}
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
