import {
  Box,
  Divider,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { ReactNode } from 'react';
import { Labeled, Show, TextField, useRecordContext, useTranslate } from 'react-admin';
import type { Decision } from '../dataProvider/decisions';
import {
  AprField,
  DateTimeField,
  EMPTY,
  LatencyField,
  MoneyField,
  MonthsField,
  OutcomeField,
  OverflowField,
} from './fields';
import { JsonBlock, TraceView } from './TraceView';
import { formatValue } from './trace';

const Section = ({ title, children }: { title: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box component="section">
      <Typography variant="h6" gutterBottom>
        {translate(title)}
      </Typography>
      {children}
    </Box>
  );
};

interface Column<T> {
  label: string;
  render: (row: T) => ReactNode;
  mono?: boolean;
}

function SimpleTable<T>(props: { rows: T[]; columns: Column<T>[]; empty: string; name: string }) {
  const translate = useTranslate();
  if (props.rows.length === 0)
    return <Typography color="text.secondary">{translate(props.empty)}</Typography>;
  return (
    <Table size="small" data-table={props.name}>
      <TableHead>
        <TableRow>
          {props.columns.map((column) => (
            <TableCell key={column.label}>{translate(column.label)}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a stored decision's rows never change
          <TableRow key={index}>
            {props.columns.map((column) => (
              <TableCell key={column.label} sx={column.mono ? { fontFamily: 'monospace' } : undefined}>
                {column.render(row)}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

type Reason = NonNullable<Decision['reasons']>[number];
type Revision = NonNullable<Decision['revisions']>[number];

const PolicyKindLabel = ({ kind }: { kind: string }) => {
  const translate = useTranslate();
  return <>{translate(`spillway.policyKind.${kind}`, { _: kind })}</>;
};

const reasonColumns: Column<Reason>[] = [
  { label: 'spillway.reason.code', render: (reason) => reason.code, mono: true },
  { label: 'spillway.reason.message', render: (reason) => reason.message },
  { label: 'spillway.reason.policyKind', render: (reason) => <PolicyKindLabel kind={reason.policyKind} /> },
  { label: 'spillway.reason.rule', render: (reason) => reason.rule, mono: true },
];

const revisionColumns: Column<Revision>[] = [
  { label: 'spillway.revision.kind', render: (revision) => <PolicyKindLabel kind={revision.kind} /> },
  { label: 'spillway.revision.number', render: (revision) => `v${revision.number}` },
  {
    label: 'spillway.revision.revision',
    // The full sha256 is noise in a table; the title keeps it one hover away.
    render: (revision) => <span title={revision.revision}>{revision.revision.slice(0, 12)}</span>,
    mono: true,
  },
];

const factColumns: Column<[string, unknown]>[] = [
  { label: 'spillway.fact.key', render: ([key]) => key, mono: true },
  {
    label: 'spillway.fact.value',
    render: ([, value]) =>
      typeof value === 'object' && value !== null ? <JsonBlock value={value} /> : formatValue(value),
    mono: true,
  },
];

const DecisionDetail = () => {
  const record = useRecordContext<Decision>();
  if (!record) return null;
  return (
    <Stack spacing={3} sx={{ p: 2 }} divider={<Divider flexItem />}>
      <Box
        sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 2 }}
        data-testid="decision-summary"
      >
        <Labeled>
          <OutcomeField source="outcome" />
        </Labeled>
        <Labeled>
          <MoneyField source="approvedLimit" />
        </Labeled>
        <Labeled>
          <AprField source="aprBps" />
        </Labeled>
        <Labeled>
          <MonthsField source="termMonths" />
        </Labeled>
        <Labeled>
          <TextField source="riskTier" emptyText={EMPTY} />
        </Labeled>
        <Labeled>
          <MoneyField source="affordableLimit" />
        </Labeled>
        <Labeled>
          <OverflowField source="overflow" />
        </Labeled>
        <Labeled>
          <TextField source="borrower.externalRef" />
        </Labeled>
        <Labeled>
          <TextField source="productKey" />
        </Labeled>
        <Labeled>
          <MoneyField source="application.requestedAmount" />
        </Labeled>
        <Labeled>
          <DateTimeField source="decidedAt" />
        </Labeled>
        <Labeled>
          <LatencyField source="latencyMs" />
        </Labeled>
      </Box>
      <Section title="resources.decisions.fields.reasons">
        <SimpleTable
          name="reasons"
          rows={record.reasons ?? []}
          columns={reasonColumns}
          empty="spillway.empty.reasons"
        />
      </Section>
      <Section title="resources.decisions.fields.revisions">
        <SimpleTable
          name="revisions"
          rows={record.revisions ?? []}
          columns={revisionColumns}
          empty="spillway.empty.revisions"
        />
      </Section>
      <Section title="resources.decisions.fields.facts">
        <SimpleTable
          name="facts"
          rows={Object.entries(record.facts ?? {}).sort(([a], [b]) => a.localeCompare(b))}
          columns={factColumns}
          empty="spillway.empty.facts"
        />
      </Section>
      <Section title="resources.decisions.fields.trace">
        <TraceView trace={record.trace} />
      </Section>
    </Stack>
  );
};

export const DecisionShow = () => (
  <Show>
    <DecisionDetail />
  </Show>
);
