import { JsonBlock } from './JsonBlock';
import { formatValue } from './json';
import { type Column, SimpleTable } from './SimpleTable';

/** Catalog facts by name, as a decision snapshot, a borrower profile or an alert holds them. */
const factColumns: Column<[string, unknown]>[] = [
  { label: 'spillway.fact.key', render: ([key]) => key, mono: true },
  {
    label: 'spillway.fact.value',
    render: ([, value]) =>
      typeof value === 'object' && value !== null ? <JsonBlock value={value} /> : formatValue(value),
    mono: true,
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
