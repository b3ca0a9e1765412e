import { Alert, Box } from '@mui/material';
import { MaterialValueEditor, QueryBuilderMaterial } from '@react-querybuilder/material';
import { CONDITION_OPERATORS } from '@spillway/rules';
import { useMemo } from 'react';
import { useTranslate } from 'react-admin';
import {
  type Field,
  type FlexibleOption,
  type OptionGroup,
  QueryBuilder,
  type RuleGroupType,
  type ValueEditorProps,
} from 'react-querybuilder';
import 'react-querybuilder/dist/query-builder-layout.css';
import { isObject } from '../../common/json';
import { useOperatorLabel } from '../../common/operators';
import type { PolicyProblem } from '../../dataProvider/policies';
import { type ConditionValueSource, isListOperator, toConditions, toQuery } from './conditionQuery';
import { ProblemText, useDraftEditing } from './DraftEditing';
import { getIn, jsonPath, problemsOutside, problemsUnder, type Segment } from './documentPaths';
import { type FactOption, useFactOptions } from './factOptions';

interface BuilderContext {
  problems: PolicyProblem[];
  parameters: { name: string; value: string; label: string }[];
}

const isNumeric = (type: string | undefined) => type === 'number' || type === 'integer';

/**
 * MUI's value editor, plus what the policy language adds: a parameter as the compared value (a select of
 * the document's parameters), and the problems found at the comparison, shown beside it.
 */
const PolicyValueEditor = (props: ValueEditorProps) => {
  const { problems, parameters } = props.context as BuilderContext;
  const own = problemsUnder(problems, String(props.rule?.id));
  const editor =
    props.valueSource === 'parameter' ? (
      <MaterialValueEditor {...props} type="select" values={parameters} />
    ) : (
      <MaterialValueEditor {...props} />
    );
  return (
    <>
      {editor}
      <ProblemText problems={own} />
    </>
  );
};

const controlElements = { valueEditor: PolicyValueEditor };

/** Paths of the comparisons in a query: problems under none of them belong to the conditions as a whole. */
function comparisonPaths(group: RuleGroupType): string[] {
  return group.rules.flatMap((child) =>
    'rules' in child ? comparisonPaths(child as RuleGroupType) : [String(child.id)],
  );
}

/** The visual builder for the conditions of the rule at `rulePath`. */
export const ConditionBuilder = ({ rulePath }: { rulePath: Segment[] }) => {
  const translate = useTranslate();
  const { document, readOnly, problems, edit } = useDraftEditing();
  const factOptions = useFactOptions();
  const path = [...rulePath, 'conditions'];
  const pathText = jsonPath(path);
  const conditions = getIn(document, path);
  const conversion = useMemo(() => toQuery(conditions, pathText), [conditions, pathText]);
  const parameters = useMemo(() => {
    const names = isObject(document.parameters) ? Object.keys(document.parameters) : [];
    return names.map((name) => ({ name, value: name, label: name }));
  }, [document.parameters]);
  const fields = useMemo(() => fieldGroups(factOptions, translate), [factOptions, translate]);
  const typeOf = (fact: string) => factOptions.find((option) => option.name === fact)?.type;
  const operatorLabel = useOperatorLabel();
  const operators = useMemo(
    () => CONDITION_OPERATORS.map((name) => ({ name, value: name, label: operatorLabel(name) })),
    [operatorLabel],
  );
  const valueSources = useMemo((): [FlexibleOption, ...FlexibleOption[]] => {
    const option = (name: ConditionValueSource) => ({
      name,
      value: name,
      label: translate(`spillway.builder.source.${name}`),
    });
    return [option('value'), option('field'), option('parameter')];
  }, [translate]);
  const translations = useMemo(() => builderTranslations(translate), [translate]);
  const context = useMemo<BuilderContext>(() => ({ problems, parameters }), [problems, parameters]);

  if ('unsupportedAt' in conversion) {
    return (
      <Alert severity="info" data-testid="builder-unsupported">
        {translate('spillway.builder.unsupported', { path: conversion.unsupportedAt })}
        <ProblemText problems={problemsUnder(problems, pathText)} />
      </Alert>
    );
  }
  const unplaced = problemsOutside(problemsUnder(problems, pathText), comparisonPaths(conversion.query));
  return (
    <Box data-testid="condition-builder" sx={{ '& .ruleGroup': { p: 1, gap: 1 }, '& .rule': { gap: 1 } }}>
      <ProblemText problems={unplaced} />
      <QueryBuilderMaterial>
        <QueryBuilder
          query={conversion.query}
          onQueryChange={(query) => edit(path, toConditions(query, typeOf))}
          fields={fields}
          operators={operators}
          combinators={[
            { name: 'and', value: 'and', label: translate('spillway.builder.all') },
            { name: 'or', value: 'or', label: translate('spillway.builder.any') },
          ]}
          getValueSources={() => valueSources}
          getInputType={(field, operator) =>
            isNumeric(typeOf(field)) && !isListOperator(operator) ? 'number' : 'text'
          }
          getDefaultValue={(rule) =>
            rule.valueSource === 'parameter'
              ? (parameters[0]?.name ?? '')
              : rule.valueSource === 'field'
                ? (factOptions.find((option) => option.name !== rule.field)?.name ?? '')
                : ''
          }
          translations={translations}
          controlElements={controlElements}
          context={context}
          disabled={readOnly}
          showNotToggle
          listsAsArrays
          enableMountQueryChange={false}
        />
      </QueryBuilderMaterial>
    </Box>
  );
};

/** Facts grouped by where they come from, as the field menu and the fact value source offer them. */
function fieldGroups(options: FactOption[], translate: (key: string) => string): OptionGroup<Field>[] {
  const groups = new Map<string, Field[]>();
  for (const option of options) {
    const fields = groups.get(option.source) ?? [];
    fields.push({ name: option.name, value: option.name, label: option.label });
    groups.set(option.source, fields);
  }
  return [...groups].map(([source, fields]) => ({
    label: translate(`spillway.factSource.${source}`),
    options: fields,
  }));
}

function builderTranslations(translate: (key: string) => string) {
  const titled = (key: string) => ({ title: translate(`spillway.builder.${key}`) });
  const labelled = (key: string, label: string) => ({ ...titled(key), label });
  return {
    fields: titled('fact'),
    operators: titled('operator'),
    value: titled('value'),
    valueSourceSelector: titled('valueSource'),
    combinators: titled('combinator'),
    notToggle: { label: translate('spillway.builder.not'), title: translate('spillway.builder.not') },
    addRule: labelled('addCondition', `+ ${translate('spillway.builder.condition')}`),
    addGroup: labelled('addGroup', `+ ${translate('spillway.builder.group')}`),
    removeRule: labelled('removeCondition', '⨯'),
    removeGroup: labelled('removeGroup', '⨯'),
  };
}
