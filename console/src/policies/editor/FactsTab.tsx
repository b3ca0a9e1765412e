import { Stack } from '@mui/material';
import { useTranslate } from 'react-admin';
import { FactName, FactValue } from '../../common/FactTable';
import { useFactCatalog } from '../../common/factCatalog';
import { isObject } from '../../common/json';
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

/** A word of the catalog (a source, a type, a unit) in the console's language. */
const CatalogWord = ({ group, value }: { group: string; value: string | null | undefined }) => {
  const translate = useTranslate();
  return value ? translate(`spillway.${group}.${value}`, { _: value }) : null;
};

const catalogColumns = [
  { label: 'spillway.catalog.name', render: (fact: FactDefinition) => <FactName name={fact.name} /> },
  {
    label: 'spillway.catalog.type',
    render: (fact: FactDefinition) => <CatalogWord group="factType" value={fact.type} />,
  },
  {
    label: 'spillway.catalog.unit',
    render: (fact: FactDefinition) => <CatalogWord group="unit" value={fact.unit} />,
  },
  {
    label: 'spillway.catalog.source',
    render: (fact: FactDefinition) => <CatalogWord group="factSource" value={fact.source} />,
  },
  {
    label: 'spillway.catalog.default',
    render: (fact: FactDefinition) =>
      fact.default == null ? '' : <FactValue name={fact.name} value={fact.default} />,
  },
  {
    label: 'spillway.catalog.description',
    render: (fact: FactDefinition) => <CatalogWord group="factMeaning" value={fact.name} />,
  },
];

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
