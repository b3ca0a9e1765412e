import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Button,
  Chip,
  Stack,
  Typography,
} from '@mui/material';
import { EVENT_TYPES } from '@spillway/rules';
import { useTranslate } from 'react-admin';
import { isObject, type JsonObject } from '../../common/json';
import type { PolicyKind } from '../../dataProvider/decisions';
import { ConditionBuilder } from './ConditionBuilder';
import {
  DocField,
  type DocFieldType,
  hasError,
  ProblemText,
  useDraftEditing,
  useProblemsUnder,
} from './DraftEditing';
import { describeConditions } from './decisionTable';
import { getIn, type Segment } from './documentPaths';
import { useConditionWords } from './useConditionWords';

interface EventParam {
  name: string;
  type: DocFieldType;
  choices?: 'tiers' | 'severities';
  optional?: boolean;
}

const reason: EventParam = { name: 'reason', type: 'text' };
const optionalReason: EventParam = { ...reason, optional: true };

/** The params each event type reads (rules/ validates them: see validate.ts). */
const EVENT_PARAMS: Record<string, EventParam[]> = {
  decline: [reason, { name: 'message', type: 'text', optional: true }],
  refer: [reason, { name: 'message', type: 'text', optional: true }],
  cap: [{ name: 'value', type: 'expression' }, reason],
  set: [{ name: 'value', type: 'expression' }, reason],
  multiply: [{ name: 'factor', type: 'numberOrExpression' }, reason],
  tier: [{ name: 'tier', type: 'text', choices: 'tiers' }, optionalReason],
  adjust: [{ name: 'bps', type: 'number' }, reason],
  alert: [
    { name: 'indicator', type: 'text' },
    { name: 'severity', type: 'text', choices: 'severities' },
    reason,
  ],
  reduceLimit: [{ name: 'target', type: 'expression' }, reason],
  notify: [{ name: 'template', type: 'text' }, optionalReason],
};

const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH'].map((id) => ({ id, name: id }));

/** What a new rule starts as: valid apart from what only its author can say. */
function newRule(kind: PolicyKind, taken: Set<string>): JsonObject {
  let number = taken.size + 1;
  while (taken.has(`new-rule-${number}`)) number++;
  return {
    name: `new-rule-${number}`,
    priority: 1,
    conditions: { all: [] },
    event: { type: EVENT_TYPES[kind][0], params: {} },
  };
}

const asRules = (document: JsonObject): unknown[] => (Array.isArray(document.rules) ? document.rules : []);

const RuleSummary = ({ rule, path }: { rule: JsonObject; path: Segment[] }) => {
  const translate = useTranslate();
  const words = useConditionWords();
  const { document } = useDraftEditing();
  const problems = useProblemsUnder(path);
  const parameters = isObject(document.parameters) ? document.parameters : {};
  const event = isObject(rule.event) ? rule.event : {};
  const params = isObject(event.params) ? event.params : {};
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <Typography sx={{ fontFamily: 'monospace', fontWeight: 600 }} translate="no">
        {String(rule.name ?? '?')}
      </Typography>
      {typeof event.type === 'string' && (
        <Chip
          size="small"
          variant="outlined"
          label={translate(`spillway.eventType.${event.type}`, { _: event.type })}
        />
      )}
      {typeof params.reason === 'string' && (
        <Typography variant="caption" sx={{ fontFamily: 'monospace' }} translate="no">
          {params.reason}
        </Typography>
      )}
      {rule.priority != null && (
        <Typography variant="caption" color="text.secondary">
          {translate('spillway.rule.priority')}: {String(rule.priority)}
        </Typography>
      )}
      {problems.length > 0 && (
        <Chip
          size="small"
          color={hasError(problems) ? 'error' : 'warning'}
          label={translate('spillway.editor.problemCount', { smart_count: problems.length })}
        />
      )}
      <Typography
        variant="body2"
        color="text.secondary"
        sx={{ flexBasis: '100%' }}
        data-testid="rule-conditions"
      >
        {describeConditions(rule.conditions, words, parameters)}
      </Typography>
    </Stack>
  );
};

const RuleCard = ({ index, rule }: { index: number; rule: JsonObject }) => {
  const translate = useTranslate();
  const { document, kind, readOnly, edit } = useDraftEditing();
  const path: Segment[] = ['rules', index];
  const eventType = getIn(document, [...path, 'event', 'type']);
  const params = typeof eventType === 'string' ? (EVENT_PARAMS[eventType] ?? []) : [];
  const tiers = getIn(document, ['pricing', 'tiers']);
  const tierChoices = isObject(tiers) ? Object.keys(tiers).map((id) => ({ id, name: id })) : [];
  const eventChoices = EVENT_TYPES[kind].map((id) => ({ id, name: `spillway.eventType.${id}` }));
  return (
    <Accordion
      disableGutters
      variant="outlined"
      slotProps={{ transition: { unmountOnExit: true } }}
      data-policy-rule={String(rule.name ?? index)}
    >
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <RuleSummary rule={rule} path={path} />
      </AccordionSummary>
      <AccordionDetails>
        <Stack spacing={2}>
          <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 2 }}>
            <DocField path={[...path, 'name']} label="spillway.rule.name" />
            <DocField path={[...path, 'priority']} label="spillway.rule.priority" type="number" optional />
            <DocField
              path={[...path, 'event', 'type']}
              label="spillway.rule.eventType"
              choices={eventChoices}
            />
            {params.map((param) => (
              <DocField
                key={param.name}
                path={[...path, 'event', 'params', param.name]}
                label={`spillway.eventParam.${param.name}`}
                type={param.type}
                optional={param.optional}
                choices={
                  param.choices === 'tiers'
                    ? tierChoices
                    : param.choices === 'severities'
                      ? SEVERITIES
                      : undefined
                }
              />
            ))}
          </Box>
          <DocField
            path={[...path, 'description']}
            label="spillway.rule.description"
            type="multiline"
            optional
          />
          <Typography variant="subtitle2">{translate('spillway.rule.conditions')}</Typography>
          <ConditionBuilder rulePath={path} />
          {!readOnly && (
            <Box>
              <Button
                size="small"
                color="error"
                startIcon={<DeleteIcon />}
                onClick={() => edit(path, undefined)}
              >
                {translate('spillway.rule.remove')}
              </Button>
            </Box>
          )}
        </Stack>
      </AccordionDetails>
    </Accordion>
  );
};

/** A list item that is no rule object: only its problems can be shown; the JSON editor fixes it. */
const MalformedRule = ({ index }: { index: number }) => (
  <ProblemText problems={useProblemsUnder(['rules', index])} />
);

/** The rules, one card each; a rule's conditions are edited in the visual builder. */
export const RulesTab = () => {
  const translate = useTranslate();
  const { document, kind, readOnly, edit } = useDraftEditing();
  const rules = asRules(document);
  const listProblems = useProblemsUnder(['rules']).filter((problem) => problem.path === '$.rules');
  const add = () => {
    const taken = new Set(rules.filter(isObject).map((rule) => String(rule.name)));
    edit(['rules', rules.length], newRule(kind, taken));
  };
  return (
    <Stack spacing={1}>
      <ProblemText problems={listProblems} />
      {rules.map((rule, index) =>
        isObject(rule) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: a rule is its place in the list, as its problems' paths are
          <RuleCard key={index} index={index} rule={rule} />
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <MalformedRule key={index} index={index} />
        ),
      )}
      {!readOnly && (
        <Box>
          <Button startIcon={<AddIcon />} onClick={add}>
            {translate('spillway.rule.add')}
          </Button>
        </Box>
      )}
    </Stack>
  );
};
