/**
 * The Taiwan credit-card cases shipped in the repository (api/seed/taiwan-credit-default/cases.csv.gz), mapped
 * by api/seed/taiwan-credit-default.mapping.json. Data: I-C. Yeh and C-H. Lien (2009), UCI Machine Learning
 * Repository dataset 350, CC BY 4.0.
 */
// biome-ignore lint/style/noRestrictedImports: a test may read the data set from disk; the sources stay pure
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import mappingDocument from '../../api/seed/taiwan-credit-default.mapping.json' with { type: 'json' };
import { compileMapping, type MappedCase, mapRow } from '../src/index.js';

const CSV_GZ = new URL('../../api/seed/taiwan-credit-default/cases.csv.gz', import.meta.url);

export function readTaiwanCases(): MappedCase[] {
  const [headerLine, ...lines] = gunzipSync(readFileSync(CSV_GZ)).toString('utf8').trim().split(/\r?\n/);
  const header = headerLine.split(',');
  const mapping = compileMapping(mappingDocument, header);
  return lines.map((line, index) => {
    const cells = line.split(',');
    const result = mapRow(
      mapping,
      Object.fromEntries(header.map((column, i) => [column, cells[i]])),
      index + 2,
    );
    if ('errors' in result) throw new Error(JSON.stringify(result.errors));
    return result;
  });
}
