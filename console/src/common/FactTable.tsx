import { Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useFactLabel, useFactUnits } from './factCatalog';
import { Verbatim } from './fields';
import { useFormat } from './format';
import { JsonBlock } from './JsonBlock';
import { type Column, SimpleTable } from './SimpleTable';

/** A fact's short name over its own name, as code. */
export const FactName = ({ name }: { name: string }) => {
  const label = useFactLabel()(name);
  return (
    <>
      <span>{label}</span>
      {label !== name && (
        <Typography variant="caption" component="div" color="text.secondary">
          <Verbatim mono>{name}</Verbatim>
        </Typography>
      )}
    </>
  );
};

/**
 * A fact's scalar value as text in the unit of the catalog fact `name`: money, a percentage, days...; a
 * yes-or-no fact in the console's language (the formatter knows numbers, not words).
 */
export function useFactText(): (name: string, value: unknown) => string {
  const format = useFormat();
  const unitOf = useFactUnits();
  const translate = useTranslate();
  return (name, value) =>
    typeof value === 'boolean' ? translate(`ra.boolean.${value}`) : format.fact(value, unitOf(name));
}

/** A fact's value in its catalog unit; text from the data (a region, a product) as it is. */
export const FactValue = ({ name, value }: { name: string; value: unknown }) => {
  const factText = useFactText();
  if (typeof value === 'object' && value !== null) return <JsonBlock value={value} />;
  return typeof value === 'string' ? <Verbatim>{value}</Verbatim> : factText(name, value);
};

/** Catalog facts by name, as a decision snapshot, a borrower profile or an alert holds them. */
const factColumns: Column<[string, unknown]>[] = [
  { label: 'spillway.fact.key', render: ([key]) => <FactName name={key} /> },
  {
    label: 'spillway.fact.value',
    render: ([key, value]) => <FactValue name={key} value={value} />,
    align: 'right',
  },
];

const sortedFacts = (facts: Record<string, unknown> | undefined) =>
  Object.entries(facts ?? {}).sort(([a], [b]) => a.localeCompare(b));

/** Facts as a two-column table, keys in order. */
export const FactTable = ({
  name,
  facts,
  empty = 'spillway.empty.facts',
}: {
  name: string;
  facts: Record<string, unknown> | null | undefined;
  empty?: string;
}) => <SimpleTable name={name} rows={sortedFacts(facts ?? undefined)} columns={factColumns} empty={empty} />;
