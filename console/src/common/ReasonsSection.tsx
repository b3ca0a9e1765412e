import type { Decision } from '../dataProvider/decisions';
import { PolicyKindLabel } from './fields';
import { type Column, TableSection } from './SimpleTable';

type Reason = NonNullable<Decision['reasons']>[number];

const reasonColumns: Column<Reason>[] = [
  { label: 'spillway.reason.code', render: (reason) => reason.code, mono: true },
  { label: 'spillway.reason.message', render: (reason) => reason.message },
  { label: 'spillway.reason.policyKind', render: (reason) => <PolicyKindLabel kind={reason.policyKind} /> },
  { label: 'spillway.reason.rule', render: (reason) => reason.rule, mono: true },
];

/** The ranked reasons of a decision, stored or tried, with the policy and rule that gave each. */
export const ReasonsSection = ({ name, reasons }: { name: string; reasons: Reason[] | undefined }) => (
  <TableSection
    title="resources.decisions.fields.reasons"
    name={name}
    rows={reasons ?? []}
    columns={reasonColumns}
    empty="spillway.empty.reasons"
  />
);
