import {
  Alert,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { CONDITION_OPERATORS } from '@spillway/rules';
import { useMemo } from 'react';
import { useTranslate } from 'react-admin';
import { useFactLabel, useFactUnits } from '../../common/factCatalog';
import { Verbatim } from '../../common/fields';
import { useFormat } from '../../common/format';
import { isObject, type JsonObject } from '../../common/json';
import { useOperatorLabel } from '../../common/operators';
import { ReasonCodeText } from '../../common/reasons';
import { ScrollX } from '../../common/SimpleTable';
import { hasError, ProblemText, useDraftEditing, useProblemsText, useProblemsUnder } from './DraftEditing';
import {
  type Comparison,
  decisionTable,
  describeConditions,
  factOf,
  parameterOf,
  parameterUses,
} from './decisionTable';
import { getIn, jsonPath, listItems, numberOrText, type Segment } from './documentPaths';
import { useFactOptions } from './factOptions';
import { useConditionWords } from './useConditionWords';

const isNumeric = (type: string | undefined) => type === 'number' || type === 'integer';

/** The number or text a threshold holds, as its field shows it. */
const shown = (value: unknown) =>
  value == null
    ? ''
    : Array.isArray(value)
      ? value.join(', ')
      : isObject(value)
        ? JSON.stringify(value)
        : String(value);

/**
 * One threshold, edited in place: a literal is changed where the comparison holds it, a parameter where
 * the document defines it (and with it every rule comparing with it).
 */
const ThresholdInput = ({ comparison, numeric }: { comparison: Comparison; numeric: boolean }) => {
  const translate = useTranslate();
  const factLabel = useFactLabel();
  const { document, readOnly, edit } = useDraftEditing();
  const parameter = parameterOf(comparison.value);
  const otherFact = factOf(comparison.value);
  const valuePath: Segment[] = parameter !== null ? ['parameters', parameter] : [...comparison.path, 'value'];
  const problems = useProblemsUnder(valuePath);
  const problemsText = useProblemsText();
  if (otherFact !== null) return <span>{factLabel(otherFact)}</span>;
  const list = comparison.operator === 'in' || comparison.operator === 'notIn';
  const current = getIn(document, valuePath);
  const change = (text: string) => {
    if (list)
      edit(
        valuePath,
        listItems(text).map((item) => (numeric ? numberOrText(item) : item)),
      );
    else edit(valuePath, numeric ? numberOrText(text) : text);
  };
  const uses = parameter !== null ? parameterUses(document, parameter) : 0;
  const field = (
    <TextField
      variant="standard"
      size="small"
      value={shown(current)}
      onChange={(event) => change(event.target.value)}
      type={numeric && !list ? 'number' : 'text'}
      disabled={readOnly}
      error={hasError(problems)}
      helperText={problems.length > 0 ? problemsText(problems) : undefined}
      sx={{ width: 96 }}
      slotProps={{
        htmlInput: {
          'data-path': jsonPath(valuePath),
          'aria-label': translate('spillway.grid.threshold', {
            fact: factLabel(comparison.fact),
            operator: comparison.operator,
          }),
        },
      }}
    />
  );
  // A parameter is shared: its name stays in view, and how many comparisons it feeds one hover away.
  return parameter === null ? (
    field
  ) : (
    <Stack spacing={0}>
      {field}
      <Tooltip title={translate('spillway.grid.parameter', { name: parameter, smart_count: uses })}>
        <Typography variant="caption" color="text.secondary" translate="no" sx={{ fontFamily: 'monospace' }}>
          {parameter}
        </Typography>
      </Tooltip>
    </Stack>
  );
};

const OperatorSelect = ({ comparison }: { comparison: Comparison }) => {
  const translate = useTranslate();
  const operatorLabel = useOperatorLabel();
  const { readOnly, edit } = useDraftEditing();
  return (
    <TextField
      select
      variant="standard"
      size="small"
      value={comparison.operator}
      disabled={readOnly}
      onChange={(event) => edit([...comparison.path, 'operator'], event.target.value)}
      sx={{ width: 64 }}
      slotProps={{ htmlInput: { 'aria-label': translate('spillway.builder.operator') } }}
    >
      {[...new Set([...CONDITION_OPERATORS, comparison.operator])].map((operator) => (
        <MenuItem key={operator} value={operator}>
          {operatorLabel(operator)}
        </MenuItem>
      ))}
    </TextField>
  );
};

const ComparisonCell = ({ comparisons, numeric }: { comparisons: Comparison[]; numeric: boolean }) => (
  <Stack spacing={1}>
    {comparisons.map((comparison) => (
      <Stack
        key={jsonPath(comparison.path)}
        direction="row"
        spacing={0.5}
        sx={{ alignItems: 'flex-start' }}
        data-condition={jsonPath(comparison.path)}
      >
        <OperatorSelect comparison={comparison} />
        <ThresholdInput comparison={comparison} numeric={numeric} />
      </Stack>
    ))}
  </Stack>
);

/** What the rule does when its conditions hold: its event, reason and figure. */
const EventCell = ({ rule }: { rule: JsonObject }) => {
  const translate = useTranslate();
  const format = useFormat();
  const event = isObject(rule.event) ? rule.event : {};
  const params = isObject(event.params) ? event.params : {};
  const type = typeof event.type === 'string' ? event.type : '';
  const figure =
    typeof params.factor === 'number'
      ? format.percent(params.factor)
      : typeof params.bps === 'number'
        ? format.bpsChange(params.bps, translate('spillway.units.bps'))
        : typeof params.tier === 'string'
          ? params.tier
          : typeof params.value === 'string' || typeof params.target === 'string'
            ? String(params.value ?? params.target)
            : null;
  return (
    <Stack spacing={0.25}>
      <span>{translate(`spillway.eventType.${type}`, { _: type })}</span>
      {typeof params.reason === 'string' && (
        <Typography variant="caption" color="text.secondary">
          <ReasonCodeText code={params.reason} />
        </Typography>
      )}
      {figure !== null && (
        <Typography variant="caption">
          <Verbatim mono>{figure}</Verbatim>
        </Typography>
      )}
    </Stack>
  );
};

/** A rule's conditions the table cannot lay out in cells, in words. */
const WholeConditions = ({ rule, columns }: { rule: JsonObject; columns: number }) => {
  const translate = useTranslate();
  const { document } = useDraftEditing();
  const words = useConditionWords();
  const parameters = isObject(document.parameters) ? document.parameters : {};
  return (
    <TableCell colSpan={columns}>
      <Typography variant="body2">{describeConditions(rule.conditions, words, parameters)}</Typography>
      <Typography variant="caption" color="text.secondary">
        {translate('spillway.grid.editInRules')}
      </Typography>
    </TableCell>
  );
};

const RuleProblems = ({ index }: { index: number }) => (
  <ProblemText problems={useProblemsUnder(['rules', index])} />
);

/**
 * The rules as a decision table: one row a rule, one column a fact, every threshold visible and edited in
 * place. The Rules tab edits what a table cannot show (new rules, groups of conditions, events).
 */
export const GridTab = () => {
  const translate = useTranslate();
  const factLabel = useFactLabel();
  const unitOf = useFactUnits();
  const { document } = useDraftEditing();
  const table = useMemo(() => decisionTable(document), [document]);
  const catalogTypes = useFactTypes();
  if (table.rows.length === 0) return <Alert severity="info">{translate('spillway.grid.noRules')}</Alert>;
  return (
    <Stack spacing={1} data-testid="decision-table">
      <Typography variant="body2" color="text.secondary">
        {translate('spillway.grid.description')}
      </Typography>
      <ScrollX>
        <Table
          size="small"
          sx={{
            '& td, & th': { verticalAlign: 'top' },
            // The rule's name stays in view while the table scrolls sideways through its facts.
            '& td:first-of-type, & th:first-of-type': {
              position: 'sticky',
              left: 0,
              zIndex: 1,
              bgcolor: 'background.paper',
            },
          }}
        >
          <TableHead>
            <TableRow>
              <TableCell>{translate('spillway.rule.name')}</TableCell>
              <TableCell align="right">{translate('spillway.rule.priority')}</TableCell>
              {table.facts.map((fact) => (
                <TableCell key={fact} data-grid-column={fact}>
                  <Tooltip title={<Verbatim mono>{fact}</Verbatim>}>
                    <span>{factLabel(fact)}</span>
                  </Tooltip>
                  {unitOf(fact) && (
                    <Typography variant="caption" component="div" color="text.secondary">
                      {translate(`spillway.unit.${unitOf(fact)}`, { _: unitOf(fact) ?? '' })}
                    </Typography>
                  )}
                </TableCell>
              ))}
              <TableCell>{translate('spillway.rule.eventType')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {table.rows.map((row) => (
              <TableRow key={row.index} data-grid-rule={String(row.rule.name ?? row.index)}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <Verbatim mono>{String(row.rule.name ?? '?')}</Verbatim>
                  <RuleProblems index={row.index} />
                </TableCell>
                <TableCell align="right">{String(row.rule.priority ?? '')}</TableCell>
                {row.cells ? (
                  table.facts.map((fact) => (
                    <TableCell key={fact} data-grid-fact={fact}>
                      {row.cells?.has(fact) && (
                        <ComparisonCell
                          comparisons={row.cells.get(fact) ?? []}
                          numeric={isNumeric(catalogTypes(fact))}
                        />
                      )}
                    </TableCell>
                  ))
                ) : (
                  <WholeConditions rule={row.rule} columns={Math.max(1, table.facts.length)} />
                )}
                <TableCell>
                  <EventCell rule={row.rule} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ScrollX>
    </Stack>
  );
};

/** A fact's type, from the catalog or the document's derived facts. */
function useFactTypes(): (fact: string) => string | undefined {
  const options = useFactOptions();
  return useMemo(() => {
    const types = new Map(options.map((option) => [option.name, option.type]));
    return (fact: string) => types.get(fact);
  }, [options]);
}
