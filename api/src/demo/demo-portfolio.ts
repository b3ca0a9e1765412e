import { randomUUID } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { EntityManager, RequiredEntityData } from '@mikro-orm/core';
import { type CompiledMapping, compileMapping, mapRow } from '@spillway/rules';
import { Borrower } from '../borrowers/borrower.entity.js';
import { encryptPhone, maskPhone } from '../borrowers/pii.js';
import type { Config } from '../core/config.js';
import { cnyToMinor, formatMoney } from '../core/money.js';
import { CreditLine, CreditLineStatus } from '../credit-lines/credit-line.entity.js';
import { DEFAULT_PRODUCT_KEY, Product } from '../products/product.entity.js';
import { findTaiwanData } from './demo-decisions.js';

/** The data has no price: the cards are assumed to run at 18%, inside the product's 24% ceiling. */
const ASSUMED_APR_BPS = 1800;
/** The latest statement in the data (PAY_0, BILL_AMT1, PAY_AMT1): September 2005. */
const STATEMENT_MONTHS = ['2005-09', '2005-08', '2005-07', '2005-06', '2005-05', '2005-04'];
const DELAY_COLUMNS = ['PAY_0', 'PAY_2', 'PAY_3', 'PAY_4', 'PAY_5', 'PAY_6'];
/** NT$ to CNY at 4 NT$ per CNY, as the mapping converts: one NT$ is 25 fen exactly. */
const FEN_PER_NTD = 25;
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

export const TAIWAN_BORROWER_PREFIX = 'TW-';

/**
 * Turns the Taiwan credit-card clients into the demo portfolio: one borrower and one active cash-line
 * per client, with the card's limit, its latest balance, the behavioural facts the mapping derives, six
 * monthly statements and the default observed afterwards. A client who already borrowed through the demo
 * decisions keeps their line, which gains the behaviour. Borrowers get a made-up phone, stored encrypted
 * like any other, so reminders have somewhere to go. Data: UCI dataset 350, CC BY 4.0.
 */
export async function seedTaiwanPortfolio(em: EntityManager, config: Config): Promise<number | null> {
  const taiwan = findTaiwanData(config);
  if (!taiwan) return null;
  const product = await em.findOneOrFail(Product, { key: DEFAULT_PRODUCT_KEY });
  const known = new Map(
    (
      await em.find(
        Borrower,
        { externalRef: { $like: `${TAIWAN_BORROWER_PREFIX}%` } },
        { fields: ['externalRef'] },
      )
    ).map((borrower) => [borrower.externalRef, borrower.id]),
  );
  // Lines of earlier demo decisions, or left by an interrupted run, that still lack their behaviour.
  const lacking = new Set(
    (
      await em.find(
        CreditLine,
        { product, behaviour: null, borrower: { externalRef: { $like: `${TAIWAN_BORROWER_PREFIX}%` } } },
        { fields: ['borrower'] },
      )
    ).map((line) => line.borrower.id),
  );
  const lines = createInterface({ input: createReadStream(taiwan.csv), crlfDelay: Number.POSITIVE_INFINITY });
  let header: string[] | null = null;
  let mapping: CompiledMapping | null = null;
  let lineNumber = 0;
  let created = 0;
  let borrowers: RequiredEntityData<Borrower>[] = [];
  let creditLines: RequiredEntityData<CreditLine>[] = [];
  const flush = async () => {
    if (borrowers.length === 0) return;
    await em.transactional(async (tx) => {
      await tx.insertMany(Borrower, borrowers);
      await tx.insertMany(CreditLine, creditLines);
    });
    created += creditLines.length;
    borrowers = [];
    creditLines = [];
  };
  const now = new Date();
  for await (const text of lines) {
    lineNumber++;
    if (lineNumber % YIELD_EVERY === 0) await new Promise((resume) => setImmediate(resume));
    if (!header) {
      header = text.split(',');
      mapping = compileMapping(JSON.parse(readFileSync(taiwan.mappingFile, 'utf8')), header);
      continue;
    }
    const cells = text.split(',');
    const row = Object.fromEntries(header.map((column, index) => [column, cells[index] ?? '']));
    const mapped = mapRow(mapping as CompiledMapping, row, lineNumber);
    if ('errors' in mapped)
      throw new Error(`Taiwan line ${lineNumber} does not map: ${mapped.errors[0].message}`);
    const { existingLimit, drawnBalance, ...facts } = mapped.facts;
    const behaviour = {
      behaviour: facts,
      behaviourAsOf: new Date('2005-09-30T00:00:00Z'),
      history: {
        statements: statementsOf(row),
        observedDefault: mapped.observedDefault,
        source: 'UCI 350, CC BY 4.0',
      },
    };
    const externalRef = `${TAIWAN_BORROWER_PREFIX}${row.ID}`;
    const existing = known.get(externalRef);
    if (existing) {
      if (lacking.has(existing))
        await em.nativeUpdate(CreditLine, { borrower: existing, product }, behaviour);
      continue;
    }
    const phone = `138${row.ID.padStart(8, '0')}`;
    const borrowerId = randomUUID();
    borrowers.push({
      id: borrowerId,
      createdAt: now,
      updatedAt: now,
      externalRef,
      name: `Taiwan client ${row.ID}`,
      phoneMasked: maskPhone(phone),
      phoneEncrypted: encryptPhone(config.secret, phone),
      profile: Object.fromEntries(
        PROFILE_FACTS.filter((fact) => fact in facts).map((fact) => [fact, facts[fact]]),
      ),
    });
    creditLines.push({
      id: randomUUID(),
      createdAt: now,
      updatedAt: now,
      borrower: borrowerId,
      product: product.id,
      limitMinor: cnyToMinor(Number(existingLimit)),
      drawnBalanceMinor: cnyToMinor(Math.max(0, Number(drawnBalance))),
      affordableLimitMinor: null,
      overflow: false,
      aprBps: ASSUMED_APR_BPS,
      status: CreditLineStatus.ACTIVE,
      ...behaviour,
    });
    if (borrowers.length >= INSERT_CHUNK) await flush();
  }
  await flush();
  return created;
}

function statementsOf(row: Record<string, string>) {
  return STATEMENT_MONTHS.map((month, index) => ({
    month,
    billed: formatMoney(Number(row[`BILL_AMT${index + 1}`]) * FEN_PER_NTD),
    paid: formatMoney(Number(row[`PAY_AMT${index + 1}`]) * FEN_PER_NTD),
    delayMonths: Math.max(0, Number(row[DELAY_COLUMNS[index]])),
  }));
}
