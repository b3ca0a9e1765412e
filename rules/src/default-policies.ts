/**
 * The demo product's default policies (`cash-line`, CNY), built from real rules: limit <= 1/3 of annual
 * income and <= RMB 200,000 per borrower (China's online small-loan and bank internet-loan rules), within
 * the affordable limit at a 50% DSR cap, APR <= 24%. Every number lives here, in the documents, where risk
 * managers can see and change it; none is hard-coded in the evaluator.
 */
import { defaultScorecards } from './default-scorecards.js';
import type { PolicyDocument, PolicyKind } from './policy-document.js';

const ADMISSION: PolicyDocument = {
  kind: 'ADMISSION',
  name: 'cash-line admission',
  description:
    'Who may borrow: hard declines for incapacity and severe risk, referral for the marginal band.',
  parameters: {
    dsrCap: 0.5,
    referDsr: 0.4,
    aprCeilingBps: 2400,
    minAge: 18,
    maxAge: 65,
    severeDpd: 90,
    referDpd: 30,
    extremeMultiLending: 7,
    referMultiLending: 4,
    minBureauScore: 550,
    referBureauScore: 620,
    referInquiries3m: 6,
    referEmploymentMonths: 6,
  },
  facts: {
    newPayment: 'annuityPayment(requestedAmount, monthlyRate(aprCeilingBps), termMonths)',
    dsr: 'debtServiceRatio(monthlyDebtService, newPayment, monthlyIncome)',
  },
  onMissingFact: { outcome: 'REFER', reason: 'MISSING_FACT' },
  rules: [
    {
      name: 'invalid-amount',
      description: 'A request for nothing (or less) is not a loan application.',
      priority: 100,
      conditions: { all: [{ fact: 'requestedAmount', operator: 'lessThanInclusive', value: 0 }] },
      event: {
        type: 'decline',
        params: { reason: 'INVALID_REQUESTED_AMOUNT', message: 'The requested amount must be positive.' },
      },
    },
    {
      name: 'invalid-term',
      description: 'A loan needs at least one repayment month.',
      priority: 100,
      conditions: { all: [{ fact: 'termMonths', operator: 'lessThan', value: 1 }] },
      event: {
        type: 'decline',
        params: { reason: 'INVALID_TERM', message: 'The term must be at least one month.' },
      },
    },
    {
      name: 'no-income',
      description:
        'Without income there is no repayment capacity: lending would create an overflow customer.',
      priority: 95,
      conditions: { all: [{ fact: 'monthlyIncome', operator: 'lessThanInclusive', value: 0 }] },
      event: { type: 'decline', params: { reason: 'NO_INCOME', message: 'No verifiable income.' } },
    },
    {
      name: 'underage',
      description: 'Lending to minors is not allowed.',
      priority: 90,
      conditions: { all: [{ fact: 'age', operator: 'lessThan', value: { param: 'minAge' } }] },
      event: {
        type: 'decline',
        params: { reason: 'UNDERAGE', message: 'The applicant is under the minimum age.' },
      },
    },
    {
      name: 'over-age',
      description: 'Terms would run past working age; income is unlikely to last the loan.',
      priority: 90,
      conditions: { all: [{ fact: 'age', operator: 'greaterThan', value: { param: 'maxAge' } }] },
      event: {
        type: 'decline',
        params: { reason: 'OVER_AGE', message: 'The applicant is over the maximum age.' },
      },
    },
    {
      name: 'severe-delinquency',
      description: '90+ days past due in the last year is a default by the regulatory definition.',
      priority: 80,
      conditions: {
        all: [{ fact: 'maxDpd12m', operator: 'greaterThanInclusive', value: { param: 'severeDpd' } }],
      },
      event: {
        type: 'decline',
        params: { reason: 'SEVERE_DELINQUENCY', message: 'A default (90+ DPD) in the last 12 months.' },
      },
    },
    {
      name: 'extreme-multi-lending',
      description: 'Open balances with many lenders signal debt cycling (borrowing to repay).',
      priority: 70,
      conditions: {
        all: [
          {
            fact: 'multiLenderCount',
            operator: 'greaterThanInclusive',
            value: { param: 'extremeMultiLending' },
          },
        ],
      },
      event: {
        type: 'decline',
        params: { reason: 'EXTREME_MULTI_LENDING', message: 'Too many lenders with open balances.' },
      },
    },
    {
      name: 'dsr-above-cap',
      description: 'Repayments above half of income leave too little to live on (50% DSR cap).',
      priority: 60,
      conditions: { all: [{ fact: 'dsr', operator: 'greaterThan', value: { param: 'dsrCap' } }] },
      event: {
        type: 'decline',
        params: { reason: 'DSR_ABOVE_CAP', message: 'Debt service would exceed 50% of income.' },
      },
    },
    {
      name: 'low-bureau-score',
      description: 'Scores below 550 default at several times the portfolio rate.',
      priority: 50,
      conditions: {
        all: [{ fact: 'bureauScore', operator: 'lessThan', value: { param: 'minBureauScore' } }],
      },
      event: {
        type: 'decline',
        params: { reason: 'LOW_BUREAU_SCORE', message: 'Bureau score below the minimum.' },
      },
    },
    {
      name: 'marginal-bureau-score',
      description: 'The 550-619 band is profitable only with a human look at the file.',
      priority: 30,
      conditions: {
        all: [
          { fact: 'bureauScore', operator: 'greaterThanInclusive', value: { param: 'minBureauScore' } },
          { fact: 'bureauScore', operator: 'lessThan', value: { param: 'referBureauScore' } },
        ],
      },
      event: {
        type: 'refer',
        params: { reason: 'MARGINAL_BUREAU_SCORE', message: 'Bureau score in the marginal band.' },
      },
    },
    {
      name: 'high-multi-lending',
      description: 'Four to six lenders is common but needs a review of the debt picture.',
      priority: 30,
      conditions: {
        all: [
          {
            fact: 'multiLenderCount',
            operator: 'greaterThanInclusive',
            value: { param: 'referMultiLending' },
          },
          { fact: 'multiLenderCount', operator: 'lessThan', value: { param: 'extremeMultiLending' } },
        ],
      },
      event: {
        type: 'refer',
        params: { reason: 'HIGH_MULTI_LENDING', message: 'Several lenders with open balances.' },
      },
    },
    {
      name: 'recent-delinquency',
      description: '30-89 days past due is a warning sign short of default.',
      priority: 30,
      conditions: {
        all: [
          { fact: 'maxDpd12m', operator: 'greaterThanInclusive', value: { param: 'referDpd' } },
          { fact: 'maxDpd12m', operator: 'lessThan', value: { param: 'severeDpd' } },
        ],
      },
      event: {
        type: 'refer',
        params: { reason: 'RECENT_DELINQUENCY', message: '30-89 days past due in the last 12 months.' },
      },
    },
    {
      name: 'dsr-near-cap',
      description: 'Between 40% and 50% DSR a small income shock tips the borrower over.',
      priority: 20,
      conditions: {
        all: [
          { fact: 'dsr', operator: 'greaterThan', value: { param: 'referDsr' } },
          { fact: 'dsr', operator: 'lessThanInclusive', value: { param: 'dsrCap' } },
        ],
      },
      event: {
        type: 'refer',
        params: { reason: 'DSR_NEAR_CAP', message: 'Debt service close to the 50% cap.' },
      },
    },
    {
      name: 'many-inquiries',
      description: 'A burst of inquiries means the applicant is shopping for credit, often under stress.',
      priority: 20,
      conditions: {
        all: [
          { fact: 'inquiries3m', operator: 'greaterThanInclusive', value: { param: 'referInquiries3m' } },
        ],
      },
      event: {
        type: 'refer',
        params: { reason: 'MANY_INQUIRIES', message: 'Many credit inquiries in 3 months.' },
      },
    },
    {
      name: 'short-employment',
      description: 'Income from a job held under six months is not yet stable.',
      priority: 10,
      conditions: {
        all: [{ fact: 'employmentMonths', operator: 'lessThan', value: { param: 'referEmploymentMonths' } }],
      },
      event: {
        type: 'refer',
        params: { reason: 'SHORT_EMPLOYMENT', message: 'Less than six months with the employer.' },
      },
    },
  ],
};

const LIMIT: PolicyDocument = {
  kind: 'LIMIT',
  name: 'cash-line limit',
  description: 'How much: the request, trimmed by risk, capped by regulation and by repayment capacity.',
  parameters: {
    dsrCap: 0.5,
    aprCeilingBps: 2400,
    incomeCapDivisor: 3,
    absoluteCap: 200000,
    shortEmploymentCap: 5000,
    youngBorrowerAge: 22,
    youngBorrowerCap: 10000,
  },
  facts: {
    incomeLimit: 'max(monthlyIncome, 0) * 12 / incomeCapDivisor',
    affordableLimit: 'affordableLimit(monthlyIncome, monthlyDebtService, dsrCap, aprCeilingBps, termMonths)',
  },
  onMissingFact: { outcome: 'REFER', reason: 'MISSING_FACT' },
  limit: {
    base: 'requestedAmount',
    affordable: 'affordableLimit',
    caps: [
      {
        name: 'income-cap',
        description: 'Total credit per borrower <= 1/3 of annual income (online small-loan rules).',
        value: 'incomeLimit - existingLimit',
        reason: 'INCOME_CAP',
      },
      {
        name: 'absolute-cap',
        description: 'Total credit per borrower <= RMB 200,000 (internet-loan rules).',
        value: 'absoluteCap - existingLimit',
        reason: 'ABSOLUTE_CAP',
      },
      {
        name: 'total-exposure',
        description: 'Existing lines plus the new one must fit repayment capacity: no overflow by design.',
        value: 'affordableLimit - existingLimit',
        reason: 'TOTAL_EXPOSURE_CAP',
      },
    ],
    step: 100,
    minimum: 1000,
    belowMinimum: { outcome: 'DECLINE', reason: 'LIMIT_BELOW_MINIMUM' },
  },
  rules: [
    {
      name: 'marginal-score-haircut',
      description: 'Marginal scores get 60% of the request: losses rise faster than balances.',
      priority: 30,
      conditions: { all: [{ fact: 'bureauScore', operator: 'lessThan', value: 620 }] },
      event: { type: 'multiply', params: { factor: 0.6, reason: 'MARGINAL_SCORE_HAIRCUT' } },
    },
    {
      name: 'fair-score-haircut',
      description: 'Fair scores (620-679) get 80% of the request.',
      priority: 30,
      conditions: {
        all: [
          { fact: 'bureauScore', operator: 'greaterThanInclusive', value: 620 },
          { fact: 'bureauScore', operator: 'lessThan', value: 680 },
        ],
      },
      event: { type: 'multiply', params: { factor: 0.8, reason: 'FAIR_SCORE_HAIRCUT' } },
    },
    {
      name: 'multi-lender-haircut',
      description: 'Borrowers with four or more lenders get 70%: their debt can grow elsewhere overnight.',
      priority: 20,
      conditions: { all: [{ fact: 'multiLenderCount', operator: 'greaterThanInclusive', value: 4 }] },
      event: { type: 'multiply', params: { factor: 0.7, reason: 'MULTI_LENDER_HAIRCUT' } },
    },
    {
      name: 'short-employment-cap',
      description: 'A new job is not yet proven income: start small and grow the line with behaviour.',
      priority: 10,
      conditions: { all: [{ fact: 'employmentMonths', operator: 'lessThan', value: 6 }] },
      event: { type: 'cap', params: { value: 'shortEmploymentCap', reason: 'SHORT_EMPLOYMENT_CAP' } },
    },
    {
      name: 'young-borrower-cap',
      description: 'Young borrowers have thin files and volatile income.',
      priority: 10,
      conditions: { all: [{ fact: 'age', operator: 'lessThan', value: { param: 'youngBorrowerAge' } }] },
      event: { type: 'cap', params: { value: 'youngBorrowerCap', reason: 'YOUNG_BORROWER_CAP' } },
    },
  ],
};

const PRICING: PolicyDocument = {
  kind: 'PRICING',
  name: 'cash-line pricing',
  description: 'At what price: risk tiers priced below the 24% APR ceiling.',
  onMissingFact: { outcome: 'REFER', reason: 'MISSING_FACT' },
  pricing: {
    aprCeilingBps: 2400,
    aprFloorBps: 720,
    fallbackTier: 'D',
    tiers: {
      A: { aprBps: 1080, terms: [3, 6, 12, 24, 36], description: 'Prime: 720+ and no delinquency.' },
      B: { aprBps: 1440, terms: [3, 6, 12, 24], description: 'Near prime: 660+.' },
      C: { aprBps: 1800, terms: [3, 6, 12], description: 'Standard: 600+.' },
      D: { aprBps: 2160, terms: [3, 6, 12], description: 'Everyone else admitted, close to the ceiling.' },
    },
  },
  rules: [
    {
      name: 'tier-a',
      description: 'Prime borrowers with a clean year price at the bottom of the range.',
      priority: 40,
      conditions: {
        all: [
          { fact: 'bureauScore', operator: 'greaterThanInclusive', value: 720 },
          { fact: 'maxDpd12m', operator: 'equal', value: 0 },
        ],
      },
      event: { type: 'tier', params: { tier: 'A', reason: 'TIER_A' } },
    },
    {
      name: 'tier-b',
      description: 'Near-prime scores.',
      priority: 30,
      conditions: { all: [{ fact: 'bureauScore', operator: 'greaterThanInclusive', value: 660 }] },
      event: { type: 'tier', params: { tier: 'B', reason: 'TIER_B' } },
    },
    {
      name: 'tier-c',
      description: 'Standard scores.',
      priority: 20,
      conditions: { all: [{ fact: 'bureauScore', operator: 'greaterThanInclusive', value: 600 }] },
      event: { type: 'tier', params: { tier: 'C', reason: 'TIER_C' } },
    },
    {
      name: 'multi-lender-premium',
      description: 'Three or more lenders raise expected loss: +2.00 points.',
      priority: 10,
      conditions: { all: [{ fact: 'multiLenderCount', operator: 'greaterThanInclusive', value: 3 }] },
      event: { type: 'adjust', params: { bps: 200, reason: 'MULTI_LENDER_PREMIUM' } },
    },
    {
      name: 'inquiry-premium',
      description: 'Credit shopping raises expected loss: +1.20 points.',
      priority: 10,
      conditions: { all: [{ fact: 'inquiries3m', operator: 'greaterThanInclusive', value: 4 }] },
      event: { type: 'adjust', params: { bps: 120, reason: 'INQUIRY_PREMIUM' } },
    },
    {
      name: 'large-line-discount',
      description: 'Large prime lines carry fixed costs over a bigger balance: -0.60 points.',
      priority: 10,
      conditions: {
        all: [
          { fact: 'approvedLimit', operator: 'greaterThanInclusive', value: 100000 },
          { fact: 'bureauScore', operator: 'greaterThanInclusive', value: 720 },
        ],
      },
      event: { type: 'adjust', params: { bps: -60, reason: 'LARGE_LINE_DISCOUNT' } },
    },
  ],
};

/**
 * Monitoring flags a line on overflow, on hard delinquency, and by the band of its behaviour score (the
 * Taiwan card, src/default-scorecards.ts). The soft triggers (a utilisation spike or a full line, a falling
 * payment ratio) fired on lines defaulting at about the portfolio's rate; they now alert only on lines the
 * card does not rate low-risk, and on every line too little is known about to score. The MEDIUM band's top
 * keeps the share of lines flagged at or under what the rules alone flagged on the Taiwan data (48.5%):
 * test/taiwan-monitoring.test.ts measures it.
 */
const MONITORING: PolicyDocument = {
  kind: 'MONITORING',
  name: 'cash-line monitoring',
  description: 'After lending: catch borrowers drifting into overflow before they default.',
  parameters: {
    dsrCap: 0.5,
    aprCeilingBps: 2400,
    reviewTermMonths: 12,
    utilizationSpike: 0.3,
    spikeUtilizationFloor: 0.8,
    highUtilization: 1,
    delinquentDpd: 30,
    paymentRatioFloor: 0.8,
    paymentRatioDropAlert: 0.2,
    incomeDropAlert: -0.3,
    highRiskScore: 500,
    mediumRiskScore: 539,
    maxMissingBehaviour: 2,
  },
  facts: {
    affordableLimit:
      'affordableLimit(monthlyIncome, monthlyDebtService, dsrCap, aprCeilingBps, reviewTermMonths)',
    // max(.., 1) keeps the ratio finite when nothing is affordable: any line then reads as far above 1
    // All the borrower's limits with this lender count against what they can repay (capacity.ts, isOverflow).
    limitToAffordable: '(existingLimit + otherLinesLimit) / max(affordableLimit, 1)',
    utilizationChange: 'utilization - utilization3mAgo',
    paymentRatioDrop: 'paymentRatioPrior - paymentRatio',
    behaviourScored: {
      expression: 'behaviourMissingCount <= maxMissingBehaviour',
      type: 'boolean',
      description:
        'Enough of the six months is known to trust the score: a new line scored on its missing bins is not.',
    },
    behaviourAtRisk: {
      expression: 'not behaviourScored or behaviourScore < mediumRiskScore',
      type: 'boolean',
      description: 'The card does not rate the line low-risk, or cannot rate it: soft triggers apply.',
    },
  },
  scorecards: { behaviour: defaultScorecards().behaviour },
  onMissingFact: { outcome: 'REFER', reason: 'MISSING_FACT' },
  monitoring: { step: 100 },
  rules: [
    {
      name: 'limit-above-affordable',
      description: 'The line exceeds what the borrower can repay today: an overflow customer.',
      priority: 50,
      conditions: { all: [{ fact: 'limitToAffordable', operator: 'greaterThan', value: 1 }] },
      event: {
        type: 'alert',
        params: { indicator: 'overflow', severity: 'HIGH', reason: 'LIMIT_ABOVE_AFFORDABLE' },
      },
    },
    {
      name: 'cut-to-affordable',
      description: 'Bring the line back to capacity, never below what is already drawn.',
      priority: 50,
      conditions: { all: [{ fact: 'limitToAffordable', operator: 'greaterThan', value: 1 }] },
      event: {
        type: 'reduceLimit',
        params: {
          target: 'max(affordableLimit - otherLinesLimit, drawnBalance)',
          reason: 'OVERFLOW_LIMIT_CUT',
        },
      },
    },
    {
      name: 'worsening-delinquency',
      description: 'More delinquent months than in the previous half year: the trend precedes default.',
      priority: 40,
      conditions: {
        all: [
          { fact: 'monthsDelinquent6m', operator: 'greaterThan', value: { fact: 'monthsDelinquentPrior6m' } },
          { fact: 'monthsDelinquent6m', operator: 'greaterThanInclusive', value: 1 },
        ],
      },
      event: {
        type: 'alert',
        params: { indicator: 'delinquency', severity: 'HIGH', reason: 'WORSENING_DELINQUENCY' },
      },
    },
    {
      name: 'delinquent-now',
      description:
        'A payment 30+ days late today: one cycle down, roll rates to default rise with every further cycle.',
      priority: 45,
      conditions: {
        all: [{ fact: 'currentDpd', operator: 'greaterThanInclusive', value: { param: 'delinquentDpd' } }],
      },
      event: {
        type: 'alert',
        params: { indicator: 'delinquency', severity: 'HIGH', reason: 'DELINQUENT_NOW' },
      },
    },
    {
      name: 'freeze-undrawn-when-delinquent',
      description: 'A borrower 30+ days late should not draw more: the limit falls to the drawn balance.',
      priority: 40,
      conditions: {
        all: [{ fact: 'currentDpd', operator: 'greaterThanInclusive', value: { param: 'delinquentDpd' } }],
      },
      event: { type: 'reduceLimit', params: { target: 'drawnBalance', reason: 'DELINQUENT_LIMIT_FREEZE' } },
    },
    {
      name: 'high-risk-behaviour-score',
      description:
        'A behaviour score under 500: lines there default at more than twice the portfolio rate. The ' +
        'characteristics that cost the most points come with the alert.',
      priority: 35,
      conditions: {
        all: [
          { fact: 'behaviourScored', operator: 'equal', value: true },
          { fact: 'behaviourScore', operator: 'lessThan', value: { param: 'highRiskScore' } },
        ],
      },
      event: {
        type: 'alert',
        params: {
          indicator: 'behaviour-score',
          severity: 'HIGH',
          reason: 'HIGH_RISK_BEHAVIOUR_SCORE',
          scoreReasons: 'behaviour',
        },
      },
    },
    {
      name: 'medium-risk-behaviour-score',
      description:
        'A behaviour score from 500 up to 539: the band that, beside the delinquency rules, catches more ' +
        'defaults than the soft triggers did at no more lines flagged.',
      priority: 25,
      conditions: {
        all: [
          { fact: 'behaviourScored', operator: 'equal', value: true },
          { fact: 'behaviourScore', operator: 'greaterThanInclusive', value: { param: 'highRiskScore' } },
          { fact: 'behaviourScore', operator: 'lessThan', value: { param: 'mediumRiskScore' } },
        ],
      },
      event: {
        type: 'alert',
        params: {
          indicator: 'behaviour-score',
          severity: 'MEDIUM',
          reason: 'MEDIUM_RISK_BEHAVIOUR_SCORE',
          scoreReasons: 'behaviour',
        },
      },
    },
    {
      name: 'falling-payment-ratio',
      description:
        'Paying a shrinking share of what is due is the earliest sign of strain, on a line the behaviour ' +
        'score does not rate low-risk (or cannot score).',
      priority: 30,
      conditions: {
        all: [
          { fact: 'behaviourAtRisk', operator: 'equal', value: true },
          {
            fact: 'paymentRatioDrop',
            operator: 'greaterThanInclusive',
            value: { param: 'paymentRatioDropAlert' },
          },
          { fact: 'paymentRatio', operator: 'lessThan', value: { param: 'paymentRatioFloor' } },
        ],
      },
      event: {
        type: 'alert',
        params: { indicator: 'paymentRatio', severity: 'MEDIUM', reason: 'FALLING_PAYMENT_RATIO' },
      },
    },
    {
      name: 'utilization-spike',
      description:
        'A jump of 30+ points that leaves the line 80%+ drawn often funds other debts; a jump that still ' +
        'leaves ample headroom is ordinary spending, and so is one on a line the behaviour score rates low-risk.',
      priority: 30,
      conditions: {
        all: [
          { fact: 'behaviourAtRisk', operator: 'equal', value: true },
          {
            fact: 'utilizationChange',
            operator: 'greaterThanInclusive',
            value: { param: 'utilizationSpike' },
          },
          {
            fact: 'utilization',
            operator: 'greaterThanInclusive',
            value: { param: 'spikeUtilizationFloor' },
          },
        ],
      },
      event: {
        type: 'alert',
        params: { indicator: 'utilization', severity: 'MEDIUM', reason: 'UTILIZATION_SPIKE' },
      },
    },
    {
      name: 'high-utilization',
      description:
        'A line drawn to or beyond its limit leaves no buffer: the classic over-limit trigger of card ' +
        'early-warning systems, where the behaviour score does not rate the line low-risk.',
      priority: 20,
      conditions: {
        all: [
          { fact: 'behaviourAtRisk', operator: 'equal', value: true },
          { fact: 'utilization', operator: 'greaterThanInclusive', value: { param: 'highUtilization' } },
        ],
      },
      event: {
        type: 'alert',
        params: { indicator: 'utilization', severity: 'MEDIUM', reason: 'HIGH_UTILIZATION' },
      },
    },
    {
      name: 'income-drop',
      description: 'A 30% income fall shrinks capacity under the existing line.',
      priority: 20,
      conditions: {
        all: [{ fact: 'incomeChange', operator: 'lessThanInclusive', value: { param: 'incomeDropAlert' } }],
      },
      event: { type: 'alert', params: { indicator: 'income', severity: 'MEDIUM', reason: 'INCOME_DROP' } },
    },
    {
      name: 'payment-reminder',
      description: 'A friendly reminder recovers most short payments before they become delinquency.',
      priority: 10,
      conditions: {
        all: [{ fact: 'paymentRatio', operator: 'lessThan', value: { param: 'paymentRatioFloor' } }],
      },
      event: { type: 'notify', params: { template: 'payment-reminder', reason: 'SHORT_PAYMENT' } },
    },
  ],
};

/**
 * Paced expansion: generous enough that the demo keeps approving, with one budget of each kind to copy:
 * an amount per day, a monthly amount that shrinks what does not fit, a share of the month for one tier
 * (with a floor for the month's first days) that gets room back when limits are cut, and a count.
 */
const EXPOSURE: PolicyDocument = {
  kind: 'EXPOSURE',
  name: 'cash-line exposure budgets',
  description: 'How fast new limits may grow: overflow customers multiply when lending outruns judgement.',
  rules: [],
  exposure: {
    timeZone: 'Asia/Shanghai',
    budgets: [
      {
        name: 'daily-new-exposure',
        description: 'New limits granted in one day, all tiers.',
        window: 'DAY',
        measure: 'NEW_EXPOSURE',
        amount: 50_000_000,
        onExceed: 'REFER',
      },
      {
        name: 'monthly-new-exposure',
        description: 'New limits granted in one month: the last approvals of a full month get what is left.',
        window: 'MONTH',
        measure: 'NEW_EXPOSURE',
        amount: 1_000_000_000,
        onExceed: 'SHRINK',
      },
      {
        name: 'tier-c-share',
        description: 'Tier C (the riskiest priced) takes at most 30% of a month’s new exposure.',
        window: 'MONTH',
        measure: 'NEW_EXPOSURE',
        share: 0.3,
        floor: 1_000_000,
        segment: { all: [{ fact: 'riskTier', operator: 'equal', value: 'C' }] },
        onExceed: 'REFER',
        releaseOnCut: true,
      },
      {
        name: 'daily-approvals',
        description: 'Approvals in one day: a runaway channel stops here.',
        window: 'DAY',
        measure: 'APPROVALS',
        amount: 100_000,
        onExceed: 'DECLINE',
      },
    ],
  },
};

/**
 * The limits online micro-lending must respect, across all of a borrower's lines with this lender. The
 * income share and the RMB 200,000 cap follow the draft Interim Measures for Online Micro-lending (CBIRC and
 * PBoC, 2 November 2020, art. 7); the APR bands follow the Supreme People's Court's 2015 Provisions on
 * private lending (arts. 26 and 31), which the 2017 Notice on Regulating Cash Loans (No. 141) holds cash
 * loans to; terms and capacity are the lender's own policy.
 */
const COMPLIANCE: PolicyDocument = {
  kind: 'COMPLIANCE',
  name: 'portfolio compliance checks',
  description: 'Which borrowers breach the limits of online micro-lending, and which are overflow customers.',
  rules: [],
  compliance: {
    checks: [
      {
        id: 'income-share',
        type: 'INCOME_SHARE',
        description:
          'All limits of one borrower at most 1/3 of annual income (draft Interim Measures for Online Micro-lending, 2020, art. 7). Unknown income is a finding, not a pass.',
        params: { numerator: 1, denominator: 3 },
      },
      {
        id: 'total-limit',
        type: 'TOTAL_LIMIT',
        description:
          'All limits of one borrower at most RMB 200,000 (draft Interim Measures for Online Micro-lending, 2020, art. 7).',
        params: { maxAmount: 200_000 },
      },
      {
        id: 'apr-24-36',
        type: 'APR_BAND',
        description:
          "APR above 24% and at most 36%: interest a court does not enforce (Supreme People's Court Provisions on private lending, 2015, art. 26; Notice No. 141, 2017).",
        params: { aboveBps: 2400, atMostBps: 3600 },
      },
      {
        id: 'apr-above-36',
        type: 'APR_BAND',
        description:
          "APR above 36%: the excess is void (Supreme People's Court Provisions on private lending, 2015, art. 26; Notice No. 141, 2017).",
        params: { aboveBps: 3600 },
      },
      {
        id: 'allowed-term',
        type: 'TERM',
        description: "A line's term among its product's allowed terms (the lender's product terms).",
        params: {},
      },
      {
        id: 'overflow',
        type: 'OVERFLOW',
        description:
          "All limits of one borrower at most the affordable limit at a 50% DSR cap, on current income and debts (the lender's capacity policy, as MONITORING).",
        params: { dsrCap: 0.5, aprBps: 2400, termMonths: 12 },
      },
    ],
  },
};

const DEFAULTS: Readonly<Record<PolicyKind, PolicyDocument>> = {
  ADMISSION,
  LIMIT,
  PRICING,
  MONITORING,
  EXPOSURE,
  COMPLIANCE,
};

/** Fresh deep copies, so a caller editing a draft never edits the shipped defaults. */
export function defaultPolicies(): Record<PolicyKind, PolicyDocument> {
  return structuredClone(DEFAULTS) as Record<PolicyKind, PolicyDocument>;
}
