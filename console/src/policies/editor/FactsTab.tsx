import { Stack } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useFactCatalog } from '../../common/factCatalog';
import { formatValue, isObject } from '../../common/json';
import { Section, SimpleTable } from '../../common/SimpleTable';
import type { FactDefinition } from '../../dataProvider/policies';
import { DocField, useDraftEditing } from './DraftEditing';
import { getIn } from './documentPaths';
import { FieldCell, freshName, NamedEntries } from './NamedEntries';

const expressionSx = { minWidth: 360, width: '100%' } as const;

/** A derived fact is an expression, or a spec whose `expression` is one. */
const DerivedFactCells = ({ name }: { name: string }) => {
  const { document } = useDraftEditing();
  const spec = getIn(document, ['facts', name]);
  const path = isObject(spec) ? ['facts', name, 'expression'] : ['facts', name];
  return (
    <>
      <FieldCell>
        <DocField path={path} label="spillway.facts.expression" type="expression" sx={expressionSx} />
      </FieldCell>
      <FieldCell>
        {isObject(spec) && (
          <DocField path={['facts', name, 'description']} label="spillway.facts.description" optional />
        )}
      </FieldCell>
    </>
  );
};

const catalogColumns = [
  { label: 'spillway.catalog.name', render: (fact: FactDefinition) => fact.name, mono: true },
  { label: 'spillway.catalog.type', render: (fact: FactDefinition) => fact.type },
  { label: 'spillway.catalog.unit', render: (fact: FactDefinition) => fact.unit ?? '' },
  { label: 'spillway.catalog.source', render: (fact: FactDefinition) => <FactSource source={fact.source} /> },
  { label: 'spillway.catalog.default', render: (fact: FactDefinition) => formatValue(fact.default) },
  { label: 'spillway.catalog.description', render: (fact: FactDefinition) => fact.description },
];

const FactSource = ({ source }: { source: string }) => {
  const translate = useTranslate();
  return <>{translate(`spillway.factSource.${source}`, { _: source })}</>;
};

/** Derived facts and parameters, with the fact catalog they build on for reference. */
export const FactsTab = () => {
  const catalog = useFactCatalog();
  return (
    <Stack spacing={3}>
      <Section title="spillway.facts.derived">
        <NamedEntries
          path={['facts']}
          testId="derived-facts"
          columns={['spillway.facts.expression', 'spillway.facts.description']}
          renderCells={(name) => <DerivedFactCells name={name} />}
          newEntry={(taken) => [freshName('newFact', taken), '0']}
          addLabel="spillway.facts.add"
        />
      </Section>
      <Section title="spillway.parameters.title">
        <NamedEntries
          path={['parameters']}
          testId="parameters"
          columns={['spillway.parameters.value']}
          renderCells={(name) => (
            <FieldCell>
              <DocField path={['parameters', name]} label="spillway.parameters.value" type="number" />
            </FieldCell>
          )}
          newEntry={(taken) => [freshName('newParameter', taken), 0]}
          addLabel="spillway.parameters.add"
        />
      </Section>
      <Section title="spillway.catalog.title">
        <SimpleTable
          name="fact-catalog"
          rows={catalog}
          columns={catalogColumns}
          empty="spillway.catalog.empty"
        />
      </Section>
    </Stack>
  );
};
