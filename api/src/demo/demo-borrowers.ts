import { createHash } from 'node:crypto';
import { affordablePrincipal, annuityPayment, monthlyRateFromBps } from '@spillway/rules';

/**
 * The demo's borrowers: what a lender would know of each Taiwan client beyond the card, drawn at random
 * because the data has none of it. Declared income, other lenders' repayments, a second loan with this
 * lender and a later income shock are drawn independently of the card's limit, from the distributions below
 * (api/seed/README.md, "The demo's borrowers"), so some limits exceed what their borrower can repay: the
 * overflow customers the product exists to catch. Every draw is seeded by the client's ID: the same client
 * gets the same figures on every machine, whatever order the rows are read in.
 */

/** Changing it draws another population, and the README's demo counts with it. */
const SEED = 'spillway-demo-1';

/** Log-normal monthly income (CNY): median and log-scale spread, and the floor (minimum wages). */
export const INCOME = { median: 7000, sigma: 0.6, floor: 2000 } as const;

/**
 * Other lenders: the share of borrowers in each group, how many lenders the group owes, and the band of
 * monthly income their repayments take.
 */
export const OTHER_DEBT = [
  { group: 'none', share: 0.4, lenders: [0, 0], debtShare: [0, 0] },
  { group: 'consumer loan', share: 0.3, lenders: [1, 1], debtShare: [0.03, 0.12] },
  { group: 'mortgage or car loan', share: 0.2, lenders: [1, 2], debtShare: [0.15, 0.35] },
  { group: 'multi-lending', share: 0.1, lenders: [2, 6], debtShare: [0.25, 0.6] },
] as const;

/** The second product: an instalment loan with this lender, held by a share of the borrowers. */
export const INSTALMENT = {
  productKey: 'instalment-loan',
  share: 0.15,
  principal: { median: 20_000, sigma: 0.5, min: 3000, max: 100_000, step: 1000 },
  termsMonths: [12, 24, 36],
  aprBps: [1200, 1500, 1800, 2100],
} as const;

/**
 * Loans written under older terms, which the compliance run finds: a share of the instalment loans priced in
 * the 24–36% band before the 24% ceiling, and a share on a 48-month term the product no longer offers. Chosen
 * by the client's ID, after the draws, so every other figure of the demo (and its counts) stays as drawn.
 */
export const LEGACY_LOANS = { aprEvery: 97, aprBps: 2800, termEvery: 89, termMonths: 48 } as const;

/** Income falls reported by the servicing system after the September statements. */
export const INCOME_SHOCK = {
  share: 0.06,
  fall: [0.1, 0.6],
  reportedAt: '2005-10-31T00:00:00.000Z',
} as const;

export interface InstalmentLoan {
  principal: number;
  aprBps: number;
  termMonths: number;
  monthsPaid: number;
  /** Principal still owed after `monthsPaid` payments, CNY. */
  balance: number;
  /** The monthly annuity payment, CNY. */
  payment: number;
}

export interface DemoBorrower {
  /** Declared monthly income before the shock, CNY. */
  monthlyIncome: number;
  /** Other lenders with an open balance (this lender not counted). */
  otherLenders: number;
  /**
   * Repayments to other lenders, CNY a month. The instalment loan with this lender is not in it: it counts
   * through its limit, as every line with this lender does (rules/README.md, the overflow customer).
   */
  monthlyDebtService: number;
  /** Lenders with an open balance, this one included (the catalog fact). */
  multiLenderCount: number;
  instalment: InstalmentLoan | null;
  /** The income change reported later (-0.35 = fell 35%) and the income after it; null for most. */
  incomeShock: { incomeChange: number; monthlyIncome: number } | null;
  phone: string;
}

/** A made-up mobile number, so reminders to the client have somewhere to go. */
export const demoPhone = (id: string) => `138${id.padStart(8, '0')}`;

const cents = (value: number) => Math.round(value * 100) / 100;
const roundTo = (value: number, step: number) => Math.round(value / step) * step;

/** The group of OTHER_DEBT a uniform draw in [0, 1) falls in, by the groups' shares. */
function pickGroup(draw: number) {
  let bound = 0;
  for (const group of OTHER_DEBT) {
    bound += group.share;
    if (draw < bound) return group;
  }
  return OTHER_DEBT[OTHER_DEBT.length - 1];
}

/** mulberry32: small and fast, and good enough to draw a demo population. */
function randomStream(id: string) {
  let state = createHash('sha256').update(`${SEED}:${id}`).digest().readUInt32LE(0);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
  const uniform = (low: number, high: number) => low + (high - low) * next();
  return {
    next,
    uniform,
    integer: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    /** Box-Muller; 1 - next() keeps the logarithm away from zero. */
    logNormal: (median: number, sigma: number) =>
      median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())),
  };
}

export function demoBorrower(id: string): DemoBorrower {
  const random = randomStream(id);
  const monthlyIncome = Math.max(INCOME.floor, roundTo(random.logNormal(INCOME.median, INCOME.sigma), 10));

  const debt = pickGroup(random.next());
  const otherLenders = random.integer(debt.lenders[0], debt.lenders[1]);
  const otherDebtService = cents(monthlyIncome * random.uniform(debt.debtShare[0], debt.debtShare[1]));

  let instalment: InstalmentLoan | null = null;
  if (random.next() < INSTALMENT.share) {
    const { median, sigma, min, max, step } = INSTALMENT.principal;
    const principal = Math.min(max, Math.max(min, roundTo(random.logNormal(median, sigma), step)));
    const drawnTerm = random.pick(INSTALMENT.termsMonths);
    const drawnApr = random.pick(INSTALMENT.aprBps);
    const monthsPaid = random.integer(1, drawnTerm - 1);
    const legacy = Number(id);
    const termMonths = legacy % LEGACY_LOANS.termEvery === 0 ? LEGACY_LOANS.termMonths : drawnTerm;
    const aprBps = legacy % LEGACY_LOANS.aprEvery === 0 ? LEGACY_LOANS.aprBps : drawnApr;
    const rate = monthlyRateFromBps(aprBps);
    const payment = cents(annuityPayment(principal, rate, termMonths));
    const balance = cents(affordablePrincipal(payment, rate, termMonths - monthsPaid));
    instalment = { principal, aprBps, termMonths, monthsPaid, balance, payment };
  }

  let incomeShock: DemoBorrower['incomeShock'] = null;
  if (random.next() < INCOME_SHOCK.share) {
    const incomeChange = -cents(random.uniform(INCOME_SHOCK.fall[0], INCOME_SHOCK.fall[1]));
    incomeShock = { incomeChange, monthlyIncome: roundTo(monthlyIncome * (1 + incomeChange), 10) };
  }

  return {
    monthlyIncome,
    otherLenders,
    monthlyDebtService: cents(otherDebtService),
    multiLenderCount: 1 + otherLenders,
    instalment,
    incomeShock,
    phone: demoPhone(id),
  };
}
