import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { Borrower } from '../borrowers/borrower.entity.js';
import { CaseSet } from '../case-sets/case-set.entity.js';
import type { CaseSetService } from '../case-sets/case-set.service.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { CreditLine, CreditLineStatus } from '../credit-lines/credit-line.entity.js';
import type { CreditLineService } from '../credit-lines/credit-line.service.js';
import { Decision } from '../decisions/decision.entity.js';
import { PolicyKind } from '../policies/policy-kind.js';
import type { PolicyPublisher } from '../policies/policy-publisher.js';
import type { PublishedPolicies } from '../policies/published-policies.js';
import { DEFAULT_PRODUCT_KEY, Product } from '../products/product.entity.js';
import { INCOME_SHOCK, INSTALMENT } from './demo-borrowers.js';
import { importTaiwanCaseSet, TAIWAN_CASE_SET } from './demo-case-set.js';
import { reportIncomeShocks, seedTaiwanPortfolio } from './demo-portfolio.js';
import { findTaiwanData } from './demo-taiwan.js';
import { seedProduct } from './seed.js';

/** What the demo holds once seeded: the README's table of demo counts states these figures. */
export interface DemoCounts {
  decisions: number;
  cases: number;
  borrowers: number;
  cashLines: number;
  instalmentLoans: number;
  /** Cash-lines whose servicing report carries an income fall. */
  incomeShocks: number;
  overflowCustomers: number;
}

export async function demoCounts(em: EntityManager): Promise<DemoCounts> {
  const lines = (key: string) => em.count(CreditLine, { product: { key }, status: CreditLineStatus.ACTIVE });
  return {
    decisions: await em.count(Decision, {}),
    cases: (await em.findOne(CaseSet, { name: TAIWAN_CASE_SET }))?.caseCount ?? 0,
    borrowers: await em.count(Borrower, {}),
    cashLines: await lines(DEFAULT_PRODUCT_KEY),
    instalmentLoans: await lines(INSTALMENT.productKey),
    incomeShocks: await em.count(CreditLine, { behaviourAsOf: new Date(INCOME_SHOCK.reportedAt) }),
    overflowCustomers: await em.count(CreditLine, {
      product: { key: DEFAULT_PRODUCT_KEY },
      status: CreditLineStatus.ACTIVE,
      overflow: true,
    }),
  };
}

/**
 * The demo's history, after the server is up: the Taiwan data as a case set to backtest on, then as a
 * portfolio of 30,000 borrowers to review, with the demo's instalment loans, income shocks and the
 * overflow they cause. Neither delays the first start, and later starts find both done. One after the
 * other, since both write the embedded database. Ends with one log line of the demo's counts
 * ("demo data ready"), on every start.
 */
/** The services the demo's history is written through, as the app wires them. */
export interface DemoServices {
  orm: MikroORM;
  caseSets: CaseSetService;
  creditLines: CreditLineService;
  publisher: PolicyPublisher;
  published: PublishedPolicies;
}

export async function seedDemoHistoryInBackground(
  services: DemoServices,
  config: Config,
  log: Logger,
): Promise<void> {
  if (!findTaiwanData(config)) {
    log.warn(
      'demo case set and portfolio skipped: the Taiwan credit-default data was not found (set SPILLWAY_TAIWAN_CSV)',
    );
    return;
  }
  const em = () => services.orm.em.fork();
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
      const imported = await importTaiwanCaseSet(em(), services.caseSets, config);
      return imported && { cases: imported.importedRows };
    });
  }
  if (config.demoPortfolio) {
    await timed('demo portfolio', async () => {
      const instalmentProduct = await seedProduct(em(), services.publisher, {
        key: INSTALMENT.productKey,
        name: 'Instalment loan',
        currency: 'CNY',
        allowedTerms: [...INSTALMENT.termsMonths],
      });
      const cashLine = await em().findOneOrFail(Product, { key: DEFAULT_PRODUCT_KEY });
      const published = (await services.published.current(cashLine.id)).get(PolicyKind.MONITORING);
      if (!published) throw new Error('the cash-line has no published MONITORING policy to size lines with');
      const monitoring = published.compiled;
      const opened = await seedTaiwanPortfolio(em(), config, { kind: 'demo', instalmentProduct, monitoring });
      const shocks = await reportIncomeShocks(em(), services.creditLines, monitoring);
      return opened || shocks ? { cashLinesOpened: opened, incomeShocksReported: shocks } : null;
    });
  }
  log.info(await demoCounts(em()), 'demo data ready');
}
