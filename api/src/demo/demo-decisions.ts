import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { EntityManager } from '@mikro-orm/core';
import { compileMapping, mapRow } from '@spillway/rules';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { findInRepository } from '../core/paths.js';
import { Role } from '../core/role.js';
import type { Viewer } from '../core/viewer.js';
import { Decision } from '../decisions/decision.entity.js';
import type { DecisionService } from '../decisions/decision.service.js';

const MAPPING = join('api', 'seed', 'taiwan-credit-default.mapping.json');
const DATASET = join('..', 'shared', 'datasets', 'taiwan-credit-default', 'cases.csv');
/** Statements of September 2005: the cases are decided as of the start of the next month. */
const AS_OF = new Date('2005-10-01T00:00:00.000Z');
const SEED_VIEWER: Viewer = { kind: 'apiKey', id: 'demo-seed', label: 'system:demo-seed', roles: [Role.APP] };

/** The Taiwan CSV and its mapping, or null when either is missing. */
export function findTaiwanData(config: Config): { csv: string; mappingFile: string } | null {
  const csv = config.taiwanCsv ?? findInRepository(DATASET);
  const mappingFile = findInRepository(MAPPING);
  return csv && existsSync(csv) && mappingFile ? { csv, mappingFile } : null;
}

/**
 * Decides the first historical cases of the Taiwan data through the real decide path, once, so a fresh
 * demo shows real decisions. Missing data only skips this step: the demo works without it.
 */
export async function seedDemoDecisions(
  em: EntityManager,
  decisions: DecisionService,
  config: Config,
  log: Logger,
) {
  const count = config.demoDecisions ?? 0;
  if (count === 0 || (await em.count(Decision, {}))) return;
  const taiwan = findTaiwanData(config);
  if (!taiwan) {
    log.warn(
      { csv: config.taiwanCsv },
      'demo decisions skipped: the Taiwan credit-default data was not found (set SPILLWAY_TAIWAN_CSV)',
    );
    return;
  }
  const { csv, mappingFile } = taiwan;
  const lines = createInterface({ input: createReadStream(csv), crlfDelay: Number.POSITIVE_INFINITY });
  let header: string[] | null = null;
  let mapping: ReturnType<typeof compileMapping> | null = null;
  let lineNumber = 0;
  let decided = 0;
  for await (const line of lines) {
    lineNumber++;
    if (!header) {
      header = line.split(',');
      mapping = compileMapping(JSON.parse(readFileSync(mappingFile, 'utf8')), header);
      continue;
    }
    if (decided >= count) break;
    const cells = line.split(',');
    const row = Object.fromEntries(header.map((column, index) => [column, cells[index] ?? '']));
    const mapped = mapRow(mapping!, row, lineNumber);
    if ('errors' in mapped) continue;
    await decisions.decide(em.fork(), SEED_VIEWER, {
      idempotencyKey: `demo-taiwan-${row.ID}`,
      borrower: { externalRef: `TW-${row.ID}`, name: `Taiwan client ${row.ID}` },
      application: {
        requestedAmount: mapped.application.requestedAmount.toFixed(2),
        termMonths: mapped.application.termMonths,
      },
      facts: mapped.facts,
      asOf: AS_OF,
    });
    decided++;
  }
  lines.close();
  log.info({ decided }, 'demo decisions seeded from the Taiwan credit-default data');
}
