import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { compileMapping, type MappedCase, mapRow } from '@spillway/rules';
import { type Config, DEFAULT_TAIWAN_CSV } from '../core/config.js';
import { packagePath } from '../core/paths.js';
import { StartupError } from '../core/startup-error.js';

/**
 * The Taiwan credit-card default data (UCI dataset 350, CC BY 4.0; api/seed/taiwan-credit-default/README.md)
 * that the demo, the Taiwan case set, the acceptance tests and the benchmarks read: shipped in the package
 * gzip-compressed, or any plain or gzipped copy SPILLWAY_TAIWAN_CSV names.
 */
export interface TaiwanData {
  csv: string;
  mappingFile: string;
}

export interface TaiwanRow {
  /** The file line, counting the header as line 1. */
  line: number;
  row: Record<string, string>;
  mapped: MappedCase;
}

const isGzip = (path: string) => path.endsWith('.gz');

/** The data and its mapping, or null when the CSV is missing. */
export function findTaiwanData(config: Pick<Config, 'taiwanCsv'>): TaiwanData | null {
  const csv = config.taiwanCsv ?? DEFAULT_TAIWAN_CSV;
  const mappingFile = packagePath('seed', 'taiwan-credit-default.mapping.json');
  return existsSync(csv) && existsSync(mappingFile) ? { csv, mappingFile } : null;
}

export const readTaiwanMapping = (taiwan: TaiwanData): Record<string, unknown> =>
  JSON.parse(readFileSync(taiwan.mappingFile, 'utf8'));

/** The CSV's bytes, gunzipped on the fly for a .gz file: memory holds a chunk, never the file. */
export function openTaiwanCsv(path: string): Readable {
  if (!isGzip(path)) return createReadStream(path);
  // pipeline() closes the file when the reader stops early or either stream fails.
  return pipeline(createReadStream(path), createGunzip(), () => {});
}

/** The whole CSV as text, for tests and benchmarks that hold the 30,000 rows in memory anyway. */
export function readTaiwanCsv(path: string): string {
  const bytes = readFileSync(path);
  return (isGzip(path) ? gunzipSync(bytes) : bytes).toString('utf8');
}

/**
 * Every row of the data with what the repository's mapping makes of it, in file order. The data is fixed,
 * so a row that does not map means the file is not the Taiwan data: that stops the reader, naming the line.
 */
export async function* taiwanRows(taiwan: TaiwanData): AsyncGenerator<TaiwanRow> {
  const input = openTaiwanCsv(taiwan.csv);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    let header: string[] | null = null;
    let mapping: ReturnType<typeof compileMapping> | null = null;
    let line = 0;
    for await (const text of lines) {
      line++;
      if (!header) {
        header = text.split(',');
        mapping = compileMapping(readTaiwanMapping(taiwan), header);
        continue;
      }
      if (text === '') continue;
      const cells = text.split(',');
      const row = Object.fromEntries(header.map((column, index) => [column, cells[index] ?? '']));
      const mapped = mapRow(mapping!, row, line);
      if ('errors' in mapped) {
        throw new StartupError(
          'DATA_INVALID',
          `${taiwan.csv} line ${line} is not a Taiwan credit-default row: ${mapped.errors[0].message}`,
          'unset SPILLWAY_TAIWAN_CSV to use the data shipped in api/seed, or point it at that file',
        );
      }
      yield { line, row, mapped };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}
