import type { EntityManager } from '@mikro-orm/core';
import { CaseSet } from '../case-sets/case-set.entity.js';
import type { CaseSetImport, CaseSetService } from '../case-sets/case-set.service.js';
import { CaseSetFormat } from '../case-sets/table-reader.js';
import type { Config } from '../core/config.js';
import { StartupError } from '../core/startup-error.js';
import { SYSTEM_ACTOR } from '../policies/policy-publisher.js';
import { findTaiwanData, openTaiwanCsv, readTaiwanMapping } from './demo-taiwan.js';

export const TAIWAN_CASE_SET = 'Taiwan credit default (UCI 350)';

/**
 * Imports the whole Taiwan data as a case set, once, through the same import as any upload: in the
 * background after the demo's first start, or by the `import-taiwan` command.
 */
export async function importTaiwanCaseSet(
  em: EntityManager,
  caseSets: CaseSetService,
  config: Config,
): Promise<CaseSetImport | null> {
  if (await em.count(CaseSet, { name: TAIWAN_CASE_SET })) return null;
  const taiwan = findTaiwanData(config);
  if (!taiwan) {
    throw new StartupError(
      'DATA_MISSING',
      'the Taiwan credit-default data was not found',
      'unset SPILLWAY_TAIWAN_CSV to use api/seed/taiwan-credit-default/cases.csv.gz, or point it at a copy',
    );
  }
  const stream = openTaiwanCsv(taiwan.csv);
  try {
    return await caseSets.import(
      em,
      SYSTEM_ACTOR,
      {
        name: TAIWAN_CASE_SET,
        format: CaseSetFormat.CSV,
        mapping: readTaiwanMapping(taiwan),
        refColumn: 'ID',
      },
      { stream, description: 'UCI dataset 350, CC BY 4.0 (import-taiwan)', field: 'SPILLWAY_TAIWAN_CSV' },
    );
  } finally {
    stream.destroy();
  }
}
