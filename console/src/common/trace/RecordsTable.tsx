import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { OutcomeChip } from '../chips';
import { FactName, FactValue } from '../FactTable';
import { PolicyKindLabel, Verbatim } from '../fields';
import { useFormat } from '../format';
import { formatValue, isObject, type JsonObject } from '../json';
import { useProblemText } from '../ProblemList';
import { useReasonText } from '../reasons';

interface RecordColumn {
  /** spillway.trace.column.<key> */
  key: string;
  render: (row: JsonObject) => ReactNode;
}

const text = (value: unknown) => (value == null ? '' : formatValue(value));

/** A table of trace records with a renderer per column. */
const Records = ({ rows, columns }: { rows: JsonObject[]; columns: RecordColumn[] }) => {
  const translate = useTranslate();
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          {columns.map((column) => (
            <TableCell key={column.key}>
              {translate(`spillway.trace.column.${column.key}`, { _: column.key })}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: trace rows are immutable and ordered
          <TableRow key={index}>
            {columns.map((column) => (
              <TableCell key={column.key} sx={{ wordBreak: 'break-word' }}>
                {column.render(row)}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** The figures an outcome step records, each named in the reader's language and formatted. */
const StepDetail = ({ detail }: { detail: unknown }) => {
  const translate = useTranslate();
  const format = useFormat();
  if (!isObject(detail)) return <>{text(detail)}</>;
  const money = new Set(['value', 'minimum', 'target', 'proposedLimit']);
  const rate = new Set(['aprBps', 'floorBps', 'ceilingBps']);
  const value = (key: string, raw: unknown) => {
    if (typeof raw === 'boolean') return translate(raw ? 'ra.boolean.true' : 'ra.boolean.false');
    if (typeof raw !== 'number') {
      if (key === 'outcome' && typeof raw === 'string')
        return translate(`spillway.outcome.${raw}`, { _: raw });
      return Array.isArray(raw) ? raw.map((item) => format.number(item as number)).join(', ') : text(raw);
    }
    if (money.has(key)) return format.money(raw);
    if (rate.has(key)) return format.bps(raw);
    if (key === 'bps') return format.bpsChange(raw, translate('spillway.units.bps'));
    if (key === 'factor') return format.percent(raw);
    if (key === 'termMonths' || key === 'requested')
      return translate('spillway.units.months', { smart_count: raw });
    return format.number(raw);
  };
  const verbatim = new Set(['rule', 'name', 'tier', 'expression', 'what', 'error']);
  return (
    <>
      {Object.entries(detail).map(([key, raw], index) => (
        <span key={key}>
          {index > 0 && ' · '}
          {translate(`spillway.traceDetail.${key}`, { _: key })}{' '}
          {verbatim.has(key) ? <Verbatim mono>{text(raw)}</Verbatim> : value(key, raw)}
        </span>
      ))}
    </>
  );
};

const StepName = ({ step }: { step: unknown }) => {
  const translate = useTranslate();
  return <>{translate(`spillway.traceStep.${text(step)}`, { _: text(step) })}</>;
};

const FactProblemText = ({ row }: { row: JsonObject }) => {
  const reasonText = useReasonText();
  const problemText = useProblemText();
  const code = text(row.code);
  const fact = text(row.fact);
  return (
    <span title={text(row.message)}>
      {code === 'EXPRESSION_ERROR'
        ? problemText({ code, message: text(row.message) })
        : reasonText({ code, message: text(row.message), params: { fact } })}
    </span>
  );
};

/** Renderers of the trace's known lists; other lists show their keys as they are. */
const KNOWN: Record<string, RecordColumn[]> = {
  factProblems: [
    { key: 'fact', render: (row) => <FactName name={text(row.fact)} /> },
    { key: 'message', render: (row) => <FactProblemText row={row} /> },
  ],
  derived: [
    { key: 'name', render: (row) => <FactName name={text(row.name)} /> },
    { key: 'expression', render: (row) => <Verbatim mono>{text(row.expression)}</Verbatim> },
    {
      key: 'value',
      render: (row) =>
        row.error ? (
          <Verbatim mono>{text(row.error)}</Verbatim>
        ) : (
          <FactValue name={text(row.name)} value={row.value} />
        ),
    },
  ],
  steps: [
    {
      key: 'step',
      render: (row) =>
        row.stage ? <PolicyKindLabel kind={text(row.stage)} /> : <StepName step={row.step} />,
    },
    {
      key: 'detail',
      render: (row) =>
        row.stage ? (
          <span title={text(row.note)}>
            {typeof row.outcome === 'string' && <OutcomeChip outcome={row.outcome as 'APPROVE'} />}
          </span>
        ) : (
          <StepDetail detail={row.detail} />
        ),
    },
  ],
};

/** A list of flat records (fact problems, derived facts, outcome steps) as a table. */
export const RecordsTable = ({ name, rows }: { name: string; rows: JsonObject[] }) => {
  const columns =
    KNOWN[name] ??
    [...new Set(rows.flatMap((row) => Object.keys(row)))].map((key) => ({
      key,
      render: (row: JsonObject) => <Verbatim mono>{text(row[key])}</Verbatim>,
    }));
  return <Records rows={rows} columns={columns} />;
};
