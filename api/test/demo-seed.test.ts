/**
 * The demo's data as a first start seeds it: the Taiwan clients as borrowers whose declared income and
 * debts were drawn (demo-borrowers.ts), some with a second line, some with an income shock reported later,
 * and the overflow customers that follow. The draws are seeded: every machine gets these exact counts,
 * which the README states (test/server/fresh-clone-demo.test.ts holds the README to a running demo).
 * SQLite only: the seed writes through the same ORM calls on both databases.
 * Data: I-C. Yeh and C-H. Lien (2009), UCI Machine Learning Repository dataset 350, CC BY 4.0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplianceFinding } from '../src/compliance/compliance-finding.entity.js';
import { createLogger } from '../src/core/logger.js';
import { CreditLine, CreditLineStatus } from '../src/credit-lines/credit-line.entity.js';
import { demoBorrower, INCOME_SHOCK, LEGACY_LOANS } from '../src/demo/demo-borrowers.js';
import { demoCounts, seedDemoHistoryInBackground } from '../src/demo/demo-history.js';
import { startTestApi, type TestApi } from './support/harness.js';

const DEMO_COUNTS = {
  decisions: 100,
  cases: 0,
  borrowers: 30_000,
  cashLines: 30_000,
  instalmentLoans: 4442,
  incomeShocks: 1847,
  overflowCustomers: 17_914,
};

const OVERFLOW = `query { overflowCustomers(first: 1) { totalCount edges { node { limit affordableLimit overflow
  productKey } } } }`;
const BORROWER = `query ($ref: String!) { borrower(externalRef: $ref) { overflow profile
  creditLines { productKey limit drawnBalance affordableLimit overflow behaviour behaviourAsOf } } }`;
const REVIEW = 'mutation { runPortfolioReview { id } }';
const RUN_COMPLIANCE = 'mutation { runComplianceCheck { id } }';
const READ_COMPLIANCE = `query ($id: ID!) { complianceRun(id: $id) { status borrowersChecked
  checks { check code findings exposure } } }`;
const READ_REVIEW =
  'query ($id: ID!) { portfolioReview(id: $id) { status linesReviewed linesFlagged counts } }';

describe('the demo seed', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi('sqlite', { demoDecisions: 100, demoCaseSet: false, demoPortfolio: true });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  it('draws the same borrowers everywhere, with second lines, income shocks and overflow customers', async () => {
    const { services } = api.spillway;
    // The review below queues thousands of reminders; sending them is the outbox's test.
    await services.notifications.stop();
    const seed = () => seedDemoHistoryInBackground(services, services.config, createLogger('silent'));
    await seed();
    expect(await demoCounts(api.orm.em.fork())).toEqual(DEMO_COUNTS);
    // A later start finds everything in place.
    await seed();
    expect(await demoCounts(api.orm.em.fork())).toEqual(DEMO_COUNTS);

    const risk = await api.asUser('risk@spillway.local');
    const overflow = (await api.request(OVERFLOW, {}, risk)).data.overflowCustomers;
    expect(overflow.totalCount).toBe(DEMO_COUNTS.overflowCustomers);
    const [largest] = overflow.edges.map((edge: { node: object }) => edge.node);
    expect(largest).toMatchObject({ overflow: true, productKey: 'cash-line' });
    expect(Number(largest.limit)).toBeGreaterThan(Number(largest.affordableLimit));

    // A shocked borrower: the report went through the behaviour update, and capacity followed it.
    const em = api.orm.em.fork();
    const lineOf = async (where: object) =>
      (await em.findOneOrFail(CreditLine, where, { populate: ['borrower'], orderBy: { id: 'asc' } })).borrower
        .externalRef;
    const readBorrower = async (ref: string) => (await api.request(BORROWER, { ref }, risk)).data.borrower;
    const shocked = await readBorrower(await lineOf({ behaviourAsOf: new Date(INCOME_SHOCK.reportedAt) }));
    const [cashLine] = shocked.creditLines.filter(
      (line: { productKey: string }) => line.productKey === 'cash-line',
    );
    expect(cashLine.behaviour.incomeChange).toBeLessThan(0);
    expect(cashLine.behaviour.monthlyIncome).toBeLessThan(shocked.profile.monthlyIncome);
    expect(cashLine.behaviourAsOf).toBe(INCOME_SHOCK.reportedAt);

    // A borrower with two lines: both limits count against what they can repay (rules/README.md).
    const twoLines = await readBorrower(await lineOf({ product: { key: 'instalment-loan' } }));
    expect(twoLines.creditLines.map((line: { productKey: string }) => line.productKey).sort()).toEqual([
      'cash-line',
      'instalment-loan',
    ]);
    const [card] = twoLines.creditLines.filter(
      (line: { productKey: string }) => line.productKey === 'cash-line',
    );
    const totalLimits = twoLines.creditLines.reduce(
      (sum: number, line: { limit: string }) => sum + Number(line.limit),
      0,
    );
    expect(card.overflow).toBe(totalLimits > Number(card.affordableLimit));

    // The review: every overflow line trips limit-above-affordable, every fall of 30% or more income-drop.
    const reports = await em.find(CreditLine, { behaviourAsOf: new Date(INCOME_SHOCK.reportedAt) });
    const bigFalls = reports.filter((line) => Number(line.behaviour?.incomeChange) <= -0.3).length;
    const started = await api.request(REVIEW, {}, risk);
    expect(started.errors).toBeUndefined();
    await services.reviews.idle();
    const review = (await api.request(READ_REVIEW, { id: started.data.runPortfolioReview.id }, risk)).data
      .portfolioReview;
    expect(review).toMatchObject({ status: 'COMPLETED', linesReviewed: DEMO_COUNTS.cashLines });
    // The review sees each line with the borrower's others, as the overflow flags do.
    expect(review.counts.overflow).toEqual({ HIGH: DEMO_COUNTS.overflowCustomers });
    expect(review.counts.income).toEqual({ MEDIUM: bigFalls });
    expect(bigFalls).toBeGreaterThan(0);

    // The compliance run finds every check breached on the first run.
    const run = await api.request(RUN_COMPLIANCE, {}, risk);
    expect(run.errors).toBeUndefined();
    await services.compliance.idle();
    const compliance = (await api.request(READ_COMPLIANCE, { id: run.data.runComplianceCheck.id }, risk)).data
      .complianceRun;
    expect(compliance).toMatchObject({ status: 'COMPLETED', borrowersChecked: DEMO_COUNTS.borrowers });
    const found = Object.fromEntries(
      compliance.checks.map((check: { check: string; code: string; findings: number }) => [
        `${check.check} ${check.code}`,
        check.findings,
      ]),
    );
    // The legacy loans (demo-borrowers.ts): exactly those clients' loans breach the APR band and the terms.
    const legacy = { apr: 0, term: 0 };
    for (let id = 1; id <= DEMO_COUNTS.borrowers; id++) {
      const loan = demoBorrower(String(id)).instalment;
      if (loan?.aprBps === LEGACY_LOANS.aprBps) legacy.apr++;
      if (loan?.termMonths === LEGACY_LOANS.termMonths) legacy.term++;
    }
    expect(found['apr-24-36 BREACH']).toBe(legacy.apr);
    expect(found['allowed-term BREACH']).toBe(legacy.term);
    expect(legacy.apr).toBeGreaterThan(0);
    expect(legacy.term).toBeGreaterThan(0);
    for (const check of ['income-share BREACH', 'total-limit BREACH', 'overflow BREACH'])
      expect(found[check], check).toBeGreaterThan(0);
    expect(found['income-share INCOME_UNKNOWN']).toBeUndefined();

    const shares = await em.find(
      ComplianceFinding,
      { checkId: 'income-share', code: 'BREACH' },
      { populate: ['borrower'] },
    );
    // Several lines that each fit within a third of the income, past it together.
    const limitsOf = new Map(
      (await em.find(CreditLine, { status: CreditLineStatus.ACTIVE }, { fields: ['limitMinor'] })).map(
        (line) => [line.id, line.limitMinor],
      ),
    );
    const together = shares.filter((finding) => {
      const ids = String(finding.facts.lines).split(',');
      return (
        ids.length > 1 && ids.every((id) => (limitsOf.get(id) ?? 0) <= Number(finding.facts.allowedMinor))
      );
    });
    expect(together.length).toBeGreaterThan(0);
    // Lines granted on the declared income, past a third of the income reported lower since.
    const reportedLower = shares.filter((finding) => {
      const declaredMinor = Math.round(Number(finding.borrower.profile.monthlyIncome) * 100);
      const judgedMinor = Number(finding.facts.monthlyIncomeMinor);
      return judgedMinor < declaredMinor && Number(finding.facts.totalLimitMinor) * 3 <= declaredMinor * 12;
    });
    expect(reportedLower.length).toBeGreaterThan(0);
  }, 900_000);
});
