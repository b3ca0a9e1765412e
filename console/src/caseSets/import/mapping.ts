import type { CaseMapping } from '@spillway/rules';
import { apiFailure } from '../../common/errors';
import type { CaseRowError, CaseSetFormat } from '../../dataProvider/caseSets';
import type { FactDefinition, PolicyProblem } from '../../dataProvider/policies';

/** The GraphQL request limit is 1 MB: larger files go through POST /case-sets/import. */
export const MAX_CONTENT_BYTES = 900_000;

/** Whether the text is more than the console may send: its UTF-8 size, as the request will carry it. */
export const tooLarge = (content: string) => new Blob([content]).size > MAX_CONTENT_BYTES;

export type ColumnRole = 'ignore' | 'fact' | 'input';
export type ColumnType = '' | 'number' | 'integer' | 'string' | 'boolean';

/** What the wizard says about one column of the file. */
export interface ColumnForm {
  column: string;
  /** A catalog fact, an input that only expressions read, or left out. */
  role: ColumnRole;
  fact: string;
  /** Empty: the fact's catalog type. */
  type: ColumnType;
  /** Multiplies numbers (unit or currency conversion); empty for none. */
  scale: string;
  /** Read in place of an empty cell; empty for none. */
  default: string;
}

export const EXPECTED_FIELDS = ['outcome', 'approvedLimit', 'aprBps', 'riskTier'] as const;
export type ExpectedField = (typeof EXPECTED_FIELDS)[number];

export interface MappingForm {
  columns: ColumnForm[];
  /** Catalog facts the file lacks, given as expressions (a constant such as `35`, or a formula). */
  constants: { fact: string; expression: string }[];
  outcomeColumn: string;
  /** Comma-separated cell values. */
  defaultValues: string;
  nonDefaultValues: string;
  requestedAmount: string;
  termMonths: string;
  /** Regression suites: a column (outcome, riskTier) or an expression (approvedLimit, aprBps); empty for none. */
  expected: Record<ExpectedField, string>;
}

/** The catalog facts a file's columns or constants may give: application facts come from the application. */
export const caseFactNames = (catalog: FactDefinition[]) =>
  catalog.filter((fact) => fact.source !== 'application').map((fact) => fact.name);

/** The mapping a new header starts from: its columns as guessed, everything else at the usual values. */
export const emptyForm = (columns: ColumnForm[]): MappingForm => ({
  columns,
  constants: [],
  outcomeColumn: '',
  defaultValues: '1',
  nonDefaultValues: '0',
  requestedAmount: '',
  termMonths: '12',
  expected: { outcome: '', approvedLimit: '', aprBps: '', riskTier: '' },
});

/** What each part of the mapping step edits: the form, against the catalog, and how to change it. */
export interface MappingPartProps {
  form: MappingForm;
  catalog: FactDefinition[];
  onChange: (form: MappingForm) => void;
}

/** The cells of the first record of a CSV text, with RFC 4180 quoting. */
function firstCsvRecord(text: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') break;
    else cell += char;
  }
  cells.push(cell);
  return cells;
}

/** The columns the API will see: a CSV's header (trimmed, without a BOM) or the first JSONL object's keys. */
export function readHeader(content: string, format: CaseSetFormat): string[] {
  const text = content.replace(/^\uFEFF/, '');
  if (format === 'CSV') {
    if (text.trim() === '') return [];
    return firstCsvRecord(text).map((name) => name.trim());
  }
  const line = text.split(/\r?\n/).find((candidate) => candidate.trim() !== '');
  if (!line) return [];
  try {
    const row = JSON.parse(line) as unknown;
    return row && typeof row === 'object' && !Array.isArray(row) ? Object.keys(row) : [];
  } catch {
    return [];
  }
}

/** JSONL when the file's name says so or its first character opens an object; CSV otherwise. */
export function detectFormat(fileName: string | null, content: string): CaseSetFormat {
  if (fileName && /\.(jsonl|ndjson)$/i.test(fileName)) return 'JSONL';
  if (fileName && /\.csv$/i.test(fileName)) return 'CSV';
  return content
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('{')
    ? 'JSONL'
    : 'CSV';
}

/** A column named like a catalog fact (case and separators aside) is mapped to it from the start. */
export function initialColumns(header: string[], catalog: FactDefinition[]): ColumnForm[] {
  const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const facts = new Map(
    catalog.filter((fact) => fact.source !== 'application').map((fact) => [key(fact.name), fact]),
  );
  return header.map((column) => {
    const fact = facts.get(key(column));
    return {
      column,
      role: fact ? 'fact' : 'ignore',
      fact: fact?.name ?? '',
      type: '',
      scale: '',
      default: '',
    };
  });
}

export const splitValues = (text: string) =>
  text
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');

/** The case mapping document the form describes (rules/README.md, Case mappings). */
export function buildMapping(form: MappingForm): CaseMapping {
  const columns: CaseMapping['columns'] = {};
  for (const entry of form.columns) {
    if (entry.role === 'ignore') continue;
    const spec: CaseMapping['columns'][string] = {};
    if (entry.role === 'fact' && entry.fact) spec.fact = entry.fact;
    if (entry.type) spec.type = entry.type;
    const scale = entry.scale.trim();
    if (scale !== '') spec.scale = Number(scale);
    if (entry.default !== '') spec.default = entry.default;
    columns[entry.column] = spec;
  }
  const derived = Object.fromEntries(
    form.constants
      .filter((constant) => constant.fact && constant.expression.trim() !== '')
      .map((constant) => [constant.fact, constant.expression.trim()]),
  );
  const nonDefaultValues = splitValues(form.nonDefaultValues);
  const expected = Object.fromEntries(
    EXPECTED_FIELDS.filter((field) => form.expected[field].trim() !== '').map((field) => [
      field,
      form.expected[field].trim(),
    ]),
  );
  return {
    version: 1,
    columns,
    ...(Object.keys(derived).length > 0 ? { derived } : {}),
    outcome: {
      column: form.outcomeColumn,
      defaultValues: splitValues(form.defaultValues),
      ...(nonDefaultValues.length > 0 ? { nonDefaultValues } : {}),
    },
    ...(Object.keys(expected).length > 0 ? { expected } : {}),
    application: { requestedAmount: form.requestedAmount.trim(), termMonths: form.termMonths.trim() },
  };
}

/** A refused import, with what its extensions say: the rows that failed, or what is wrong with the mapping. */
export interface ImportFailure {
  message: string;
  reason: string | null;
  failedRows: number | null;
  rowErrors: CaseRowError[];
  problems: PolicyProblem[];
}

export function importFailure(error: unknown): ImportFailure {
  const { message, extensions, problems } = apiFailure(error);
  return {
    message,
    reason: typeof extensions.reason === 'string' ? extensions.reason : null,
    failedRows: typeof extensions.failedRows === 'number' ? extensions.failedRows : null,
    rowErrors: Array.isArray(extensions.rowErrors) ? (extensions.rowErrors as CaseRowError[]) : [],
    problems,
  };
}
