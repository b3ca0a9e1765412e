import type { MikroORM } from '@mikro-orm/core';
import type { CaseSetService } from '../case-sets/case-set.service.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { importTaiwanCaseSet, TAIWAN_CASE_SET } from './demo-case-set.js';
import { findTaiwanData } from './demo-decisions.js';
import { seedTaiwanPortfolio } from './demo-portfolio.js';

/**
 * The demo's history, after the server is up: the Taiwan data as a case set to backtest on, then as a
 * portfolio of 30,000 lines to review. Neither delays the first start, and later starts find both done.
 * One after the other, since both write the embedded database.
 */
export async function seedDemoHistoryInBackground(
  orm: MikroORM,
  caseSets: CaseSetService,
  config: Config,
  log: Logger,
): Promise<void> {
  if (!findTaiwanData(config)) {
    log.warn(
      'demo case set and portfolio skipped: the Taiwan credit-default data was not found (set SPILLWAY_TAIWAN_CSV)',
    );
    return;
  }
  const timed = async <T>(what: string, work: () => Promise<T>) => {
    const started = performance.now();
    try {
      const result = await work();
      if (result)
        log.info({ result, seconds: Math.round((performance.now() - started) / 100) / 10 }, `${what} seeded`);
    } catch (error) {
      log.error({ err: error }, `${what} could not be seeded`);
    }
  };
  if (config.demoCaseSet) {
    await timed(`demo case set "${TAIWAN_CASE_SET}"`, async () => {
      const imported = await importTaiwanCaseSet(orm.em.fork(), caseSets, config);
      return imported && { cases: imported.importedRows };
    });
  }
  if (config.demoPortfolio) {
    await timed('demo portfolio', async () => {
      const lines = await seedTaiwanPortfolio(orm.em.fork(), config);
      return lines ? { lines } : null;
    });
  }
}
