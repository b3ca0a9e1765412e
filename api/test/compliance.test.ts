/**
 * Compliance runs on a hand-built portfolio: each check at and just past its boundary with exact money,
 * borrowers with lines of two products judged together, income re-reported lower, unknown income; then a
 * second run that resolves what no longer breaches and opens what newly does; and a note on a finding.
 */
import { affordableLimit } from '@spillway/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { Borrower } from '../src/borrowers/borrower.entity.js';
import { CreditLine } from '../src/credit-lines/credit-line.entity.js';
import { Product } from '../src/products/product.entity.js';
import { testDialects } from './support/databases.js';
import { applicant, decide } from './support/decide.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const RUN = 'mutation { runComplianceCheck { id status revision policyVersionId } }';
const RUN_FIELDS = `id status borrowersTotal borrowersChecked findingsOpen newFindings resolvedFindings error
  checks { check type code description findings exposure newFindings resolved }`;
const READ_RUN = `query ($id: ID!) { complianceRun(id: $id) { ${RUN_FIELDS} } }`;
const RUNS = `query { complianceRuns(first: 10) { totalCount edges { node { id status findingsOpen checks { check code findings } } } } }`;
const FINDING_FIELDS = `id status checkId checkType code exposure facts revision borrowerId creditLineId firstRunId
  lastRunId resolvedRunId setByDecisionId setByLimitChangeId note annotatedBy borrower { externalRef }`;
const FINDINGS = `query ($filter: ComplianceFindingFilter, $after: String) {
  complianceFindings(first: 100, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${FINDING_FIELDS} } } } }`;
const ANNOTATE = `mutation ($input: AnnotateFindingInput!) { annotateComplianceFinding(input: $input) { id note annotatedBy } }`;

interface Finding {
  id: string;
  status: string;
  checkId: string;
  code: string;
  exposure: string;
  facts: Record<string, unknown>;
  creditLineId: string | null;
  firstRunId: string;
  lastRunId: string;
  resolvedRunId: string | null;
  setByDecisionId: string | null;
  setByLimitChangeId: string | null;
  borrower: { externalRef: string };
}

/** The default set's capacity: 50% DSR at 24% over 12 months, floored to the fen as the run floors it. */
const affordableMinor = (income: number, debt: number) =>
  Math.floor(affordableLimit(income, debt, 0.5, 2400, 12) * 100);

describe.each(dialects)('compliance runs on %s', (dialect) => {
  let api: TestApi;
  let risk: Record<string, string>;
  const lineIds = new Map<string, string>();
  let decision: { id: string; creditLine: { id: string; limit: string }; borrower: { id: string } };

  const start = async () => {
    const started = await api.request(RUN, {}, risk);
    expect(started.errors).toBeUndefined();
    await api.spillway.services.compliance.idle();
    const run = (await api.request(READ_RUN, { id: started.data.runComplianceCheck.id }, risk)).data
      .complianceRun;
    expect(run).toMatchObject({ status: 'COMPLETED', error: null });
    return run;
  };
  const findings = async (filter: Record<string, unknown> = {}): Promise<Finding[]> => {
    const all: Finding[] = [];
    let after: string | undefined;
    do {
      const page = (await api.request(FINDINGS, { filter, after }, risk)).data.complianceFindings;
      all.push(...page.edges.map((edge: { node: Finding }) => edge.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
    } while (after);
    return all;
  };
  const keyOf = (finding: Finding) =>
    `${finding.borrower.externalRef} ${finding.checkId} ${finding.code}${finding.creditLineId ? ` ${[...lineIds].find(([, id]) => id === finding.creditLineId)?.[0]}` : ''}`;

  beforeAll(async () => {
    api = await startTestApi(dialect);
    risk = await api.asUser('risk@spillway.local');
    const em = api.orm.em.fork();
    const cash = await em.findOneOrFail(Product, { key: 'cash-line' });
    const loan = em.create(Product, {
      key: 'instalment-loan',
      name: 'Instalment loan',
      currency: 'CNY',
      allowedTerms: [12, 24, 36],
    });
    const borrower = (ref: string, profile: Record<string, unknown>) =>
      em.create(Borrower, { externalRef: ref, name: `Client ${ref}`, profile });
    const line = (
      name: string,
      owner: Borrower,
      product: Product,
      limitMinor: number,
      extra: Partial<CreditLine> = {},
    ) => {
      const created = em.create(CreditLine, { borrower: owner, product, limitMinor, aprBps: 1800, ...extra });
      lineIds.set(name, created.id);
      return created;
    };
    const instalment = (termMonths: number) => ({ history: { instalment: { termMonths, monthsPaid: 1 } } });
    // 7,500.00 a month: a year's 90,000.00, a third is 30,000.00 over a card and a loan together
    const shareAt = borrower('share-at', { monthlyIncome: 7500, monthlyDebtService: 0 });
    line('share-at card', shareAt, cash, 20_000_00);
    line('share-at loan', shareAt, loan, 10_000_00, instalment(12));
    const sharePast = borrower('share-past', { monthlyIncome: 7500, monthlyDebtService: 0 });
    line('share-past card', sharePast, cash, 20_000_00);
    line('share-past loan', sharePast, loan, 10_000_01, instalment(12));
    // RMB 200,000 together, on an income that passes every other check
    const capAt = borrower('cap-at', { monthlyIncome: 100_000, monthlyDebtService: 0 });
    line('cap-at card', capAt, cash, 150_000_00);
    line('cap-at loan', capAt, loan, 50_000_00, instalment(24));
    const capPast = borrower('cap-past', { monthlyIncome: 100_000, monthlyDebtService: 0 });
    line('cap-past card', capPast, cash, 150_000_00);
    line('cap-past loan', capPast, loan, 50_000_01, instalment(24));
    // APRs at and past 24% and 36%
    const aprLow = borrower('apr-low', { monthlyIncome: 20_000, monthlyDebtService: 0 });
    line('apr-low card', aprLow, cash, 1_000_00, { aprBps: 2400 });
    line('apr-low loan', aprLow, loan, 1_000_00, { aprBps: 2401, ...instalment(12) });
    const aprHigh = borrower('apr-high', { monthlyIncome: 20_000, monthlyDebtService: 0 });
    line('apr-high card', aprHigh, cash, 1_000_00, { aprBps: 3600 });
    line('apr-high loan', aprHigh, loan, 1_000_00, { aprBps: 3601, ...instalment(12) });
    // A loan's term its product does not offer (any more)
    const term = borrower('term', { monthlyIncome: 20_000, monthlyDebtService: 0 });
    line('term loan', term, loan, 1_000_00, instalment(48));
    // Capacity at 10,000.00 income and 2,000.00 of other debts, at and a fen past the affordable limit
    const capacity = { monthlyIncome: 10_000, monthlyDebtService: 2_000 };
    line('overflow-at card', borrower('overflow-at', capacity), cash, affordableMinor(10_000, 2_000));
    line('overflow-past card', borrower('overflow-past', capacity), cash, affordableMinor(10_000, 2_000) + 1);
    // Declared 10,000.00, re-reported at 3,000.00 after the line was granted
    line('lower card', borrower('lower', { monthlyIncome: 10_000, monthlyDebtService: 0 }), cash, 20_000_00, {
      behaviour: { monthlyIncome: 3000, incomeChange: -0.7 },
      behaviourAsOf: new Date('2026-11-20T00:00:00Z'),
    });
    // Nothing known of the income
    line('unknown card', borrower('unknown', { age: 40 }), cash, 5_000_00);
    await em.flush();

    // A line a decision opened (term 12 from the application), then a loan beside it past a third of income
    decision = await decide(api, applicant('compliance-decided'));
    const decided = await em.findOneOrFail(Borrower, { id: decision.borrower.id });
    line('decided loan', decided, loan, 60_000_00, instalment(12));
    lineIds.set('decided card', decision.creditLine.id);
    await em.flush();
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  let first: Record<string, any>;
  let firstFindings: Finding[];

  it('finds each check just past its boundary and nothing at it, with exact money', async () => {
    first = await start();
    firstFindings = await findings({ status: 'OPEN' });
    const keys = firstFindings.map(keyOf).sort();
    expect(keys.filter((key) => !key.startsWith('B-compliance-decided'))).toEqual(
      [
        'apr-high apr-24-36 BREACH apr-high card',
        'apr-high apr-above-36 BREACH apr-high loan',
        'apr-low apr-24-36 BREACH apr-low loan',
        'cap-past total-limit BREACH',
        'lower income-share BREACH',
        'lower overflow BREACH',
        'overflow-past overflow BREACH',
        'share-past income-share BREACH',
        'term allowed-term BREACH term loan',
        'unknown income-share INCOME_UNKNOWN',
        'unknown overflow INCOME_UNKNOWN',
      ].sort(),
    );
    const find = (ref: string, check: string) =>
      firstFindings.find((finding) => finding.borrower.externalRef === ref && finding.checkId === check)!;
    expect(find('share-past', 'income-share')).toMatchObject({
      exposure: '30000.01',
      facts: {
        totalLimitMinor: 30_000_01,
        annualIncomeMinor: 90_000_00,
        allowedMinor: 30_000_00,
        excessMinor: 1,
        share: '1/3',
      },
      creditLineId: null,
      status: 'OPEN',
    });
    expect(find('cap-past', 'total-limit')).toMatchObject({
      exposure: '200000.01',
      facts: { maxMinor: 200_000_00, excessMinor: 1 },
    });
    expect(find('overflow-past', 'overflow')).toMatchObject({
      exposure: (affordableMinor(10_000, 2_000) / 100 + 0.01).toFixed(2),
      facts: {
        affordableLimitMinor: affordableMinor(10_000, 2_000),
        excessMinor: 1,
        monthlyIncomeMinor: 10_000_00,
        monthlyDebtServiceMinor: 2_000_00,
      },
    });
    // the income re-reported on the line, not the one declared, is the income judged
    expect(find('lower', 'income-share').facts).toMatchObject({
      monthlyIncomeMinor: 3_000_00,
      allowedMinor: 12_000_00,
      excessMinor: 8_000_00,
    });
    expect(find('term', 'allowed-term')).toMatchObject({
      exposure: '1000.00',
      facts: { termMonths: 48, allowedTerms: [12, 24, 36] },
    });
    expect(find('unknown', 'income-share')).toMatchObject({ exposure: '5000.00', code: 'INCOME_UNKNOWN' });

    // the decided borrower: card and loan together past a third, traced to the decision that set the card
    const decided = firstFindings.find(
      (finding) =>
        finding.borrower.externalRef === 'B-compliance-decided' && finding.checkId === 'income-share',
    )!;
    expect(decided.setByDecisionId).toBe(decision.id);
    expect(decided.setByLimitChangeId).not.toBeNull();
    expect(Number(decided.exposure)).toBe(60_000 + Number(decision.creditLine.limit));

    expect(first).toMatchObject({
      borrowersChecked: 12,
      borrowersTotal: 12,
      findingsOpen: firstFindings.length,
      newFindings: firstFindings.length,
      resolvedFindings: 0,
    });
    const summary = Object.fromEntries(
      first.checks.map((check: { check: string; code: string }) => [`${check.check} ${check.code}`, check]),
    );
    expect(summary['total-limit BREACH']).toMatchObject({
      findings: 1,
      exposure: '200000.01',
      newFindings: 1,
      resolved: 0,
    });
    expect(summary['apr-24-36 BREACH']).toMatchObject({ findings: 2, exposure: '2000.00' });
    expect(summary['income-share INCOME_UNKNOWN'].description).toMatch(/1\/3 of annual income/);
  });

  it('keeps a finding open while it breaches, resolves it when it no longer does, opens new ones', async () => {
    const em = api.orm.em.fork();
    // the loan of share-past paid down by a fen; cap-at's loan raised by one
    await em.nativeUpdate(CreditLine, { id: lineIds.get('share-past loan') }, { limitMinor: 10_000_00 });
    await em.nativeUpdate(CreditLine, { id: lineIds.get('cap-at loan') }, { limitMinor: 50_000_01 });
    const second = await start();
    expect(second).toMatchObject({ newFindings: 1, resolvedFindings: 1, findingsOpen: firstFindings.length });
    const summary = Object.fromEntries(
      second.checks.map((check: { check: string; code: string }) => [`${check.check} ${check.code}`, check]),
    );
    expect(summary['total-limit BREACH']).toMatchObject({ findings: 2, newFindings: 1, resolved: 0 });
    expect(summary['income-share BREACH']).toMatchObject({ newFindings: 0, resolved: 1 });

    const resolved = await findings({ resolvedInRunId: second.id });
    expect(resolved.map(keyOf)).toEqual(['share-past income-share BREACH']);
    expect(resolved[0]).toMatchObject({ status: 'RESOLVED', firstRunId: first.id, lastRunId: first.id });
    const opened = await findings({ newInRunId: second.id });
    expect(opened.map(keyOf)).toEqual(['cap-at total-limit BREACH']);
    // a finding still there is the same finding, seen again
    const unknown = (await findings({ status: 'OPEN', checkId: 'overflow', code: 'INCOME_UNKNOWN' }))[0];
    expect(unknown).toMatchObject({ firstRunId: first.id, lastRunId: second.id });
    expect(unknown.id).toBe(firstFindings.find((f) => f.id === unknown.id)?.id);

    const runs = (await api.request(RUNS, {}, risk)).data.complianceRuns;
    expect(runs.totalCount).toBe(2);
    expect(runs.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([second.id, first.id]);
  });

  it('keeps a note on a finding with who wrote it, in the audit log', async () => {
    const [finding] = await findings({ checkId: 'allowed-term' });
    const noted = await api.request(
      ANNOTATE,
      { input: { id: finding.id, note: 'Granted before the 48-month term was withdrawn' } },
      risk,
    );
    expect(noted.errors).toBeUndefined();
    expect(noted.data.annotateComplianceFinding).toMatchObject({
      note: 'Granted before the 48-month term was withdrawn',
      annotatedBy: 'risk@spillway.local',
    });
    const events = await api.orm.em
      .fork()
      .find(AuditEvent, { action: 'compliance.annotate', entityId: finding.id });
    expect(events).toHaveLength(1);
    const empty = await api.request(ANNOTATE, { input: { id: finding.id, note: '  ' } }, risk);
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.note' });
    const missing = await api.request(
      ANNOTATE,
      { input: { id: '00000000-0000-4000-8000-000000000000', note: 'x' } },
      risk,
    );
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
