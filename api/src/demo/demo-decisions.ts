import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { cnyToMinor, formatMoney } from '../core/money.js';
import { Role } from '../core/role.js';
import type { Viewer } from '../core/viewer.js';
import { Decision } from '../decisions/decision.entity.js';
import type { DecisionService } from '../decisions/decision.service.js';
import { demoBorrower } from './demo-borrowers.js';
import { findTaiwanData, taiwanRows } from './demo-taiwan.js';

/** Statements of September 2005: the cases are decided as of the start of the next month. */
const AS_OF = new Date('2005-10-01T00:00:00.000Z');
const SEED_VIEWER: Viewer = { kind: 'apiKey', id: 'demo-seed', label: 'system:demo-seed', roles: [Role.APP] };
/** What the demo's borrower declares; the rest of the mapped facts come from the card and the bureau. */
const DECLARED = ['monthlyIncome', 'monthlyDebtService', 'multiLenderCount', 'age', 'employmentMonths'];

/**
 * Decides the first historical cases of the Taiwan data through the real decide path, once, so a fresh
 * demo shows real decisions. Each applicant is the demo's borrower of that client (demo-borrowers.ts), the
 * same person the demo portfolio holds. Missing data only skips this step: the demo works without it.
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
  let decided = 0;
  for await (const { row, mapped } of taiwanRows(taiwan)) {
    if (decided >= count) break;
    const borrower = demoBorrower(row.ID);
    await decisions.decide(em.fork(), SEED_VIEWER, {
      idempotencyKey: `demo-taiwan-${row.ID}`,
      borrower: {
        externalRef: `TW-${row.ID}`,
        name: `Taiwan client ${row.ID}`,
        phone: borrower.phone,
        monthlyIncome: formatMoney(cnyToMinor(borrower.monthlyIncome)) as string,
        monthlyDebtService: formatMoney(cnyToMinor(borrower.monthlyDebtService)) as string,
        age: mapped.facts.age as number,
        employmentMonths: mapped.facts.employmentMonths as number,
      },
      application: {
        requestedAmount: mapped.application.requestedAmount.toFixed(2),
        termMonths: mapped.application.termMonths,
      },
      facts: {
        ...Object.fromEntries(Object.entries(mapped.facts).filter(([fact]) => !DECLARED.includes(fact))),
        multiLenderCount: borrower.multiLenderCount,
      },
      asOf: AS_OF,
    });
    decided++;
  }
  log.info({ decided }, 'demo decisions seeded from the Taiwan credit-default data');
}
