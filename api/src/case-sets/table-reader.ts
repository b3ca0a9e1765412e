import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';

export enum CaseSetFormat {
  CSV = 'CSV',
  JSONL = 'JSONL',
}

export type TableItem =
  | { kind: 'header'; columns: string[] }
  | { kind: 'row'; line: number; row: Record<string, string> }
  | { kind: 'error'; line: number; message: string };

/** One CSV record and the file line it starts on (quoted cells may span lines). */
export interface CsvRecord {
  line: number;
  cells: string[];
  error?: string;
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
  let line = 1;
  let recordLine = 1;
  let pendingCR = false;

  const endRecord = (): CsvRecord | null => {
    cells.push(cell);
    const record = started || cell !== '' ? { line: recordLine, cells, error } : null;
    cells = [];
    cell = '';
    started = false;
    closed = false;
    error = undefined;
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
        if (closed || char === '"')
          error ??= 'a quote inside an unquoted cell, or text after a closing quote';
        cell += char;
        started = true;
      }
    }
  }
  if (quoted && !afterQuote) error ??= 'a quoted cell is not closed before the end of the file';
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
        yield { kind: 'error', line: record.line, message: `CSV syntax: ${record.error}` };
      } else if (record.cells.length !== header.length) {
        yield {
          kind: 'error',
          line: record.line,
          message: `the row has ${record.cells.length} cells, the header ${header.length}`,
        };
      } else {
        const columns = header;
        yield {
          kind: 'row',
          line: record.line,
          row: Object.fromEntries(columns.map((name, i) => [name, record.cells[i]])),
        };
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
      yield { kind: 'error', line, message: row };
      continue;
    }
    if (!headerSent) {
      headerSent = true;
      yield { kind: 'header', columns: Object.keys(row) };
    }
    yield { kind: 'row', line, row };
  }
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
