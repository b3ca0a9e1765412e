import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';

export enum CaseSetFormat {
  CSV = 'CSV',
  JSONL = 'JSONL',
}

export type TableItem =
  | { kind: 'header'; columns: string[] }
  | { kind: 'row'; line: number; row: Record<string, string> }
  | { kind: 'error'; line: number; column: string | null; code: string; message: string };

/** The longest cell a case file may hold: case data are numbers, codes and references, never documents. */
export const MAX_CELL_LENGTH = 4096;

/** One CSV record and the file line it starts on (quoted cells may span lines). */
export interface CsvRecord {
  line: number;
  cells: string[];
  error?: string;
  /** The index of the cell the syntax error is in. */
  errorCell?: number;
}

/**
 * An RFC 4180 reader over a stream of chunks: quoted cells with "" escapes and line breaks, CRLF or LF
 * between records. Streams: memory holds one record, never the file. Blank lines are skipped.
 */
export async function* csvRecords(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<CsvRecord> {
  let cells: string[] = [];
  let cell = '';
  let started = false;
  let quoted = false;
  /** Inside a quoted cell, the last character was a quote: it closes the cell unless another follows. */
  let afterQuote = false;
  /** The cell was quoted and is closed: only a comma or a line break may follow. */
  let closed = false;
  let error: string | undefined;
  let errorCell: number | undefined;
  let line = 1;
  let recordLine = 1;
  let pendingCR = false;

  const endRecord = (): CsvRecord | null => {
    cells.push(cell);
    const record =
      started || cell !== '' ? { line: recordLine, cells, error, ...(error ? { errorCell } : {}) } : null;
    cells = [];
    cell = '';
    started = false;
    closed = false;
    error = undefined;
    errorCell = undefined;
    return record;
  };

  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    for (const char of text) {
      if (pendingCR) {
        pendingCR = false;
        if (char === '\n') continue;
      }
      if (quoted) {
        if (afterQuote) {
          afterQuote = false;
          if (char === '"') {
            cell += '"';
            continue;
          }
          quoted = false;
          closed = true;
        } else if (char === '"') {
          afterQuote = true;
          continue;
        } else {
          if (char === '\n') line++;
          cell += char;
          continue;
        }
      }
      if (char === ',') {
        cells.push(cell);
        cell = '';
        started = true;
        closed = false;
      } else if (char === '\n' || char === '\r') {
        pendingCR = char === '\r';
        const record = endRecord();
        line++;
        recordLine = line;
        if (record) yield record;
      } else if (char === '"' && cell === '' && !closed) {
        quoted = true;
        started = true;
      } else {
        if ((closed || char === '"') && !error) {
          error = 'a quote inside an unquoted cell, or text after a closing quote';
          errorCell = cells.length;
        }
        cell += char;
        started = true;
      }
    }
  }
  if (quoted && !afterQuote && !error) {
    error = 'a quoted cell is not closed before the end of the file';
    errorCell = cells.length;
  }
  const last = endRecord();
  if (last) yield last;
}

/** The header, then each row or row error. CSV rows are keyed by the header; JSONL objects by their keys. */
export async function* readTable(format: CaseSetFormat, input: Readable): AsyncGenerator<TableItem> {
  if (format === CaseSetFormat.CSV) {
    let header: string[] | null = null;
    for await (const record of csvRecords(input)) {
      if (!header) {
        header = record.cells.map((name) => name.replace(/^\uFEFF/, '').trim());
        yield { kind: 'header', columns: header };
        continue;
      }
      if (record.error) {
        const column = header[record.errorCell ?? -1] ?? null;
        yield rowError(record.line, column, 'INVALID_ROW', `CSV syntax: ${record.error}`);
      } else if (record.cells.length !== header.length) {
        const message = `the row has ${record.cells.length} cells, the header ${header.length}`;
        yield rowError(record.line, null, 'INVALID_ROW', message);
      } else {
        const columns = header;
        const row = Object.fromEntries(columns.map((name, i) => [name, record.cells[i]]));
        yield cellError(record.line, row) ?? { kind: 'row', line: record.line, row };
      }
    }
    return;
  }
  let headerSent = false;
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    if (text.trim() === '') continue;
    const row = jsonRow(text);
    if (typeof row === 'string') {
      yield rowError(line, null, 'INVALID_ROW', row);
      continue;
    }
    if (!headerSent) {
      headerSent = true;
      yield { kind: 'header', columns: Object.keys(row) };
    }
    yield cellError(line, row) ?? { kind: 'row', line, row };
  }
}

function rowError(line: number, column: string | null, code: string, message: string): TableItem {
  return { kind: 'error', line, column, code, message };
}

/**
 * The first cell no case may hold: bytes that were not UTF-8 (decoded to U+FFFD), a NUL (which neither
 * PostgreSQL's text nor its jsonb can store) or text past the cell bound. The cell itself is not echoed.
 */
function cellError(line: number, row: Record<string, string>): TableItem | null {
  for (const [column, text] of Object.entries(row)) {
    if (text.includes('\uFFFD'))
      return rowError(line, column, 'INVALID_ENCODING', `${column} holds bytes that are not UTF-8`);
    if (text.includes('\u0000'))
      return rowError(line, column, 'NUL_CHARACTER', `${column} holds a NUL character`);
    if (text.length > MAX_CELL_LENGTH)
      return rowError(
        line,
        column,
        'CELL_TOO_LONG',
        `${column} is longer than ${MAX_CELL_LENGTH} characters`,
      );
  }
  return null;
}

/** A JSON object of scalars, as the strings a CSV cell would hold; or what is wrong with the line. */
function jsonRow(text: string): Record<string, string> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'the line is not valid JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return 'the line is not a JSON object';
  const row: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== null && typeof value === 'object') return `"${key}" is not a number, string or boolean`;
    row[key] = value === null ? '' : String(value);
  }
  return row;
}

export function streamOf(content: string): Readable {
  return Readable.from([content]);
}
