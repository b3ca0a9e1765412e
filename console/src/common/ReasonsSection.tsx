import { PolicyKindLabel, Verbatim } from './fields';
import { type Reason, ReasonText } from './reasons';
import { type Column, TableSection } from './SimpleTable';

const reasonColumns: Column<Reason>[] = [
  { label: 'spillway.reason.message', render: (reason) => <ReasonText reason={reason} /> },
  { label: 'spillway.reason.code', render: (reason) => <Verbatim>{reason.code}</Verbatim>, mono: true },
  { label: 'spillway.reason.policyKind', render: (reason) => <PolicyKindLabel kind={reason.policyKind} /> },
  { label: 'spillway.reason.rule', render: (reason) => <Verbatim>{reason.rule}</Verbatim>, mono: true },
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
