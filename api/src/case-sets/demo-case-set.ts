import { createReadStream, readFileSync } from 'node:fs';
import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../config.js';
import { findTaiwanData } from '../db/demo-decisions.js';
import type { Logger } from '../logger.js';
import { SYSTEM_ACTOR } from '../policies/policy.service.js';
import { CaseSet } from './case-set.entity.js';
import type { CaseSetService } from './case-set.service.js';
import { CaseSetFormat } from './table-reader.js';

export const TAIWAN_CASE_SET = 'Taiwan credit default (UCI 350)';

/**
 * Imports the whole Taiwan data as a case set once, through the same import as any upload, so a fresh
 * demo can backtest on real outcomes. Missing data only skips it.
 */
export async function seedDemoCaseSet(em: EntityManager, caseSets: CaseSetService, config: Config, log: Logger) {
  if (!config.demoCaseSet || (await em.count(CaseSet, { name: TAIWAN_CASE_SET }))) return;
  const taiwan = findTaiwanData(config);
  if (!taiwan) {
    log.warn({ csv: config.taiwanCsv }, 'demo case set skipped: the Taiwan credit-default data was not found');
    return;
  }
  const started = performance.now();
  const stream = createReadStream(taiwan.csv);
  try {
    const { importedRows } = await caseSets.import(
      em,
      SYSTEM_ACTOR,
      {
        name: TAIWAN_CASE_SET,
        format: CaseSetFormat.CSV,
        mapping: JSON.parse(readFileSync(taiwan.mappingFile, 'utf8')),
        refColumn: 'ID',
      },
      { stream, description: 'demo seed: UCI dataset 350 (CC BY 4.0)', field: 'SPILLWAY_TAIWAN_CSV' },
    );
    log.info({ importedRows, ms: Math.round(performance.now() - started) }, 'demo case set imported');
  } finally {
    stream.destroy();
  }
}
