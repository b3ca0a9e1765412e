import type { EntityManager, RequiredEntityData } from '@mikro-orm/core';
import { type CompiledPolicy, evaluatePolicy, isOverflow, type MappedCase } from '@spillway/rules';
import { Borrower } from '../borrowers/borrower.entity.js';
import { encryptPhone, maskPhone } from '../borrowers/pii.js';
import type { Config } from '../core/config.js';
import { newId } from '../core/ids.js';
import { cnyToMinor, formatMoney } from '../core/money.js';
import { Role } from '../core/role.js';
import type { Viewer } from '../core/viewer.js';
import { CreditLine, CreditLineStatus } from '../credit-lines/credit-line.entity.js';
import { type CreditLineService, refreshOverflow } from '../credit-lines/credit-line.service.js';
import { lineFacts, refreshCapacity } from '../monitoring/portfolio-review.job.js';
import { DEFAULT_PRODUCT_KEY, Product } from '../products/product.entity.js';
import {
  type DemoBorrower,
  demoBorrower,
  demoPhone,
  INCOME_SHOCK,
  type InstalmentLoan,
} from './demo-borrowers.js';
import { findTaiwanData, taiwanRows } from './demo-taiwan.js';

/** The data has no price: the cards are assumed to run at 18%, inside the product's 24% ceiling. */
const ASSUMED_APR_BPS = 1800;
/** The latest statement in the data (PAY_0, BILL_AMT1, PAY_AMT1): September 2005. */
const STATEMENT_MONTHS = ['2005-09', '2005-08', '2005-07', '2005-06', '2005-05', '2005-04'];
const DELAY_COLUMNS = ['PAY_0', 'PAY_2', 'PAY_3', 'PAY_4', 'PAY_5', 'PAY_6'];
/** NT$ to CNY at 4 NT$ per CNY, as the mapping converts: one NT$ is 25 fen exactly. */
const FEN_PER_NTD = 25;
const BEHAVIOUR_AS_OF = new Date('2005-09-30T00:00:00Z');
/** Facts of the borrower rather than of the card: they go to the profile, the rest is the card's behaviour. */
const PROFILE_FACTS = [
  'monthlyIncome',
  'monthlyDebtService',
  'age',
  'employmentMonths',
  'bureauScore',
  'multiLenderCount',
  'inquiries3m',
  'maxDpd12m',
];
const INSERT_CHUNK = 200;
/** Rows mapped between two turns of the event loop: seeding runs beside a server that answers requests. */
const YIELD_EVERY = 100;
const SHOCK_CHUNK = 100;
const SERVICING: Viewer = {
  kind: 'apiKey',
  id: 'demo-servicing',
  label: 'system:demo-servicing',
  roles: [Role.APP],
};

export const TAIWAN_BORROWER_PREFIX = 'TW-';
const TAIWAN_CLIENTS = { externalRef: { $like: `${TAIWAN_BORROWER_PREFIX}%` } };

/**
 * Who the Taiwan clients become: the borrowers as the mapping reads the data (income inferred from the
 * limit, no other debts: the acceptance figures of the MONITORING policy are computed on these), or the
 * demo's borrowers (demo-borrowers.ts), whose declared income and debts were drawn, some of whom also hold
 * an instalment loan, the demo's second product. The demo's cash-lines are sized by the MONITORING policy
 * as a review sizes them, so `overflowCustomers` and the dashboard show the overflow before any review.
 */
export type PortfolioBorrowers =
  | { kind: 'mapped' }
  | { kind: 'demo'; instalmentProduct: Product; monitoring: CompiledPolicy };

/**
 * Turns the Taiwan credit-card clients into a portfolio: one borrower and one active cash-line per client,
 * with the card's limit, its latest balance, the behavioural facts the mapping derives, six monthly
 * statements and the default observed afterwards. A client who already applied through the demo decisions
 * keeps the line an approval gave them (a declined one gets the card's), and gains the behaviour. Borrowers
 * get a made-up phone, stored encrypted like any other, so reminders have somewhere to go. Returns the
 * cash-lines it opened. Data: UCI dataset 350, CC BY 4.0.
 */
export async function seedTaiwanPortfolio(
  em: EntityManager,
  config: Config,
  borrowers: PortfolioBorrowers = { kind: 'mapped' },
): Promise<number | null> {
  const taiwan = findTaiwanData(config);
  if (!taiwan) return null;
  const product = await em.findOneOrFail(Product, { key: DEFAULT_PRODUCT_KEY });
  const instalments = borrowers.kind === 'demo' ? borrowers.instalmentProduct : null;
  const known = new Map(
    (await em.find(Borrower, TAIWAN_CLIENTS, { fields: ['externalRef'] })).map((borrower) => [
      borrower.externalRef,
      borrower.id,
    ]),
  );
  // A client whose cash-line carries the card's behaviour is done; the others were made by the demo
  // decisions or left by an interrupted run.
  const done = new Set(
    (
      await em.find(
        CreditLine,
        { product, behaviour: { $ne: null }, borrower: TAIWAN_CLIENTS },
        { fields: ['borrower'] },
      )
    ).map((line) => line.borrower.id),
  );
  let opened = 0;
  let newBorrowers: RequiredEntityData<Borrower>[] = [];
  let newLines: RequiredEntityData<CreditLine>[] = [];
  const flush = async () => {
    if (newBorrowers.length === 0) return;
    await em.transactional(async (tx) => {
      await tx.insertMany(Borrower, newBorrowers);
      await tx.insertMany(CreditLine, newLines);
    });
    newBorrowers = [];
    newLines = [];
  };
  const now = new Date();
  let rowsRead = 0;
  for await (const { row, mapped } of taiwanRows(taiwan)) {
    if (++rowsRead % YIELD_EVERY === 0) await new Promise((resume) => setImmediate(resume));
    const externalRef = `${TAIWAN_BORROWER_PREFIX}${row.ID}`;
    const existing = known.get(externalRef);
    if (existing && done.has(existing)) continue;
    const demo = borrowers.kind === 'demo' ? demoBorrower(row.ID) : null;
    const { profile, card } = cardLine(row, mapped, demo);
    if (borrowers.kind === 'demo') {
      const instalmentMinor = demo?.instalment ? cnyToMinor(demo.instalment.principal) : 0;
      await sizeLine(borrowers.monitoring, card, profile, now, instalmentMinor);
    }
    const lines = (borrower: string): RequiredEntityData<CreditLine>[] => [
      { id: newId(), createdAt: now, updatedAt: now, borrower, product: product.id, ...card },
      ...(instalments && demo?.instalment
        ? [
            {
              id: newId(),
              createdAt: now,
              updatedAt: now,
              borrower,
              product: instalments.id,
              ...instalmentLine(demo.instalment),
            },
          ]
        : []),
    ];
    if (existing) {
      opened += await completeKnownClient(em, existing, product, profile, card, lines(existing));
      continue;
    }
    const phone = demo?.phone ?? demoPhone(row.ID);
    const borrowerId = newId();
    newBorrowers.push({
      id: borrowerId,
      createdAt: now,
      updatedAt: now,
      externalRef,
      name: `Taiwan client ${row.ID}`,
      phoneMasked: maskPhone(phone),
      phoneEncrypted: encryptPhone(config.secret, phone),
      profile,
    });
    newLines.push(...lines(borrowerId));
    opened++;
    if (newBorrowers.length >= INSERT_CHUNK) await flush();
  }
  await flush();
  return opened;
}

/** The borrower's profile and the cash-line of one Taiwan row. */
function cardLine(row: Record<string, string>, mapped: MappedCase, demo: DemoBorrower | null) {
  const { existingLimit, drawnBalance, ...facts } = mapped.facts;
  const profile = Object.fromEntries(
    Object.entries(facts).filter(([fact]) => PROFILE_FACTS.includes(fact)),
  ) as Record<string, unknown>;
  if (demo) {
    profile.monthlyIncome = demo.monthlyIncome;
    profile.monthlyDebtService = demo.monthlyDebtService;
    profile.multiLenderCount = demo.multiLenderCount;
  }
  const card = {
    limitMinor: cnyToMinor(Number(existingLimit)),
    drawnBalanceMinor: cnyToMinor(Math.max(0, Number(drawnBalance))),
    affordableLimitMinor: null as number | null,
    overflow: false,
    aprBps: ASSUMED_APR_BPS,
    status: CreditLineStatus.ACTIVE,
    behaviour: Object.fromEntries(Object.entries(facts).filter(([fact]) => !PROFILE_FACTS.includes(fact))),
    behaviourAsOf: BEHAVIOUR_AS_OF,
    history: {
      statements: STATEMENT_MONTHS.map((month, index) => ({
        month,
        billed: formatMoney(Number(row[`BILL_AMT${index + 1}`]) * FEN_PER_NTD),
        paid: formatMoney(Number(row[`PAY_AMT${index + 1}`]) * FEN_PER_NTD),
        delayMonths: Math.max(0, Number(row[DELAY_COLUMNS[index]])),
      })),
      observedDefault: mapped.observedDefault,
      source: 'UCI 350, CC BY 4.0',
    },
  };
  return { profile, card };
}

/**
 * The line's affordable limit, as a portfolio review estimates it, and its overflow flag: the borrower's
 * limits with this lender together (this line's and `otherLimitsMinor`) against it.
 */
async function sizeLine(
  monitoring: CompiledPolicy,
  line: Pick<
    CreditLine,
    'behaviour' | 'limitMinor' | 'drawnBalanceMinor' | 'affordableLimitMinor' | 'overflow'
  >,
  profile: Record<string, unknown>,
  asOf: Date,
  otherLimitsMinor: number,
) {
  const facts = lineFacts({ ...line, profile, otherLinesLimitMinor: otherLimitsMinor });
  refreshCapacity(line, (await evaluatePolicy(monitoring, { facts, asOf: asOf.toISOString() })).facts);
  line.overflow = isOverflow(line.limitMinor + otherLimitsMinor, line.affordableLimitMinor);
}

/** A loan repaid in equal instalments, paid on time so far: its statements are its instalments. */
function instalmentLine(loan: InstalmentLoan) {
  const payment = formatMoney(cnyToMinor(loan.payment));
  return {
    limitMinor: cnyToMinor(loan.principal),
    drawnBalanceMinor: cnyToMinor(loan.balance),
    affordableLimitMinor: null,
    overflow: false,
    aprBps: loan.aprBps,
    status: CreditLineStatus.ACTIVE,
    history: {
      statements: STATEMENT_MONTHS.slice(0, loan.monthsPaid).map((month) => ({
        month,
        billed: payment,
        paid: payment,
        delayMonths: 0,
      })),
      instalment: { termMonths: loan.termMonths, monthsPaid: loan.monthsPaid, payment },
      source: 'Spillway demo: drawn, not data (api/seed/README.md)',
    },
  };
}

/** A client the demo decisions created: their profile, the card's behaviour and the lines they lack. */
async function completeKnownClient(
  em: EntityManager,
  borrowerId: string,
  product: Product,
  profile: Record<string, unknown>,
  card: ReturnType<typeof cardLine>['card'],
  lines: RequiredEntityData<CreditLine>[],
): Promise<number> {
  return em.transactional(async (tx) => {
    const borrower = await tx.findOneOrFail(Borrower, { id: borrowerId });
    borrower.profile = { ...borrower.profile, ...profile };
    const held = new Set(
      (await tx.find(CreditLine, { borrower }, { fields: ['product'] })).map((line) => line.product.id),
    );
    if (held.has(product.id)) {
      await tx.nativeUpdate(
        CreditLine,
        { borrower, product },
        { behaviour: card.behaviour, behaviourAsOf: card.behaviourAsOf, history: card.history },
      );
    }
    const missing = lines.filter((line) => !held.has(line.product as string));
    if (missing.length > 0) {
      await tx.insertMany(CreditLine, missing);
      // A line added beside the one a decision opened changes that borrower's overflow.
      refreshOverflow(await tx.find(CreditLine, { borrower, status: CreditLineStatus.ACTIVE }));
    }
    return missing.some((line) => line.product === product.id) ? 1 : 0;
  });
}

/**
 * The demo's income shocks, reported as the servicing system reports any change: through the same
 * behaviour update as `recordLineBehaviour`, with the fall (`incomeChange`) and the income after it; then
 * the line is sized again, as the next review would. Each is reported once. Returns how many were reported.
 */
export async function reportIncomeShocks(
  em: EntityManager,
  creditLines: CreditLineService,
  monitoring: CompiledPolicy,
): Promise<number> {
  const reportedAt = new Date(INCOME_SHOCK.reportedAt);
  const clients = await em.find(Borrower, TAIWAN_CLIENTS, { fields: ['externalRef'] });
  const shocks = new Map(
    clients.flatMap(({ externalRef }) => {
      const shock = demoBorrower(externalRef.slice(TAIWAN_BORROWER_PREFIX.length)).incomeShock;
      return shock ? [[externalRef, shock] as const] : [];
    }),
  );
  if (shocks.size === 0) return 0;
  const lines = await em.find(
    CreditLine,
    {
      product: { key: DEFAULT_PRODUCT_KEY },
      borrower: { externalRef: { $in: [...shocks.keys()] } },
      behaviourAsOf: { $lt: reportedAt },
    },
    { populate: ['borrower'], orderBy: { id: 'asc' } },
  );
  for (let start = 0; start < lines.length; start += SHOCK_CHUNK) {
    // One commit per chunk: a commit per report would spend the seed's time waiting on the disk.
    await em.fork().transactional(async (tx) => {
      const chunk = lines.slice(start, start + SHOCK_CHUNK);
      const others = await creditLines.otherProductLines(
        tx,
        chunk.map((line) => line.borrower.id),
        chunk[0].product.id,
      );
      for (const line of chunk) {
        const reported = await creditLines.recordBehaviour(tx, SERVICING, {
          creditLineId: line.id,
          drawnBalance: formatMoney(line.drawnBalanceMinor) as string,
          facts: { ...line.behaviour, ...shocks.get(line.borrower.externalRef) },
          asOf: reportedAt,
        });
        const otherLimitsMinor = (others.get(line.borrower.id) ?? []).reduce(
          (sum, other) => sum + other.limitMinor,
          0,
        );
        await sizeLine(monitoring, reported, reported.borrower.profile, reportedAt, otherLimitsMinor);
      }
    });
  }
  return lines.length;
}
