/**
 * The behaviour scorecard shipped for the demo product's MONITORING policy, fitted on the Taiwan credit-card
 * case set (30,000 real lines, I-C. Yeh and C-H. Lien (2009), UCI dataset 350, CC BY 4.0) as mapped by
 * api/seed/taiwan-credit-default.mapping.json. `TAIWAN_BEHAVIOUR_FIT` is how it was fitted: the candidate
 * characteristics a credit analyst builds from six months of statements, and the fit's settings.
 * test/taiwan-scorecard.test.ts refits it from the data and requires the result to equal
 * `defaultScorecards().behaviour`, so the card here is exactly what the data and the math give.
 */
import { deepFreeze } from './deep-freeze.js';
import type { ScorecardSpec } from './scorecard.js';
import type { CandidateCharacteristic, ScorecardFitOptions } from './scorecard-fit.js';

/** What a credit analyst builds from six months of statements; the fit keeps those that earn their place. */
const BEHAVIOUR_CANDIDATES: CandidateCharacteristic[] = [
  {
    name: 'existingLimit',
    fact: 'existingLimit',
    reasonCode: 'LOW_CREDIT_LIMIT',
    description: 'The limit the lender granted: a low one says it knew less good of the borrower.',
  },
  {
    name: 'currentDpd',
    fact: 'currentDpd',
    reasonCode: 'CURRENTLY_PAST_DUE',
    description: 'Days past due now.',
  },
  {
    name: 'maxDpd12m',
    fact: 'maxDpd12m',
    reasonCode: 'SERIOUS_DELINQUENCY',
    description: 'The worst delay of the period.',
  },
  {
    name: 'monthsDelinquent6m',
    fact: 'monthsDelinquent6m',
    reasonCode: 'FREQUENT_DELINQUENCY',
    description: 'How often the line was late in six months.',
  },
  {
    name: 'utilization',
    fact: 'utilization',
    reasonCode: 'UTILIZATION_OUT_OF_RANGE',
    monotonic: 'valley',
    description:
      'Share of the limit drawn: a full line is risky, and so is an unused one (the borrower banks elsewhere).',
  },
  {
    name: 'utilizationAvg6m',
    fact: 'utilizationAvg6m',
    reasonCode: 'AVERAGE_UTILIZATION_OUT_OF_RANGE',
    monotonic: 'valley',
    description:
      'Share of the limit drawn on average over six statements; both ends are risky, as for utilization.',
  },
  {
    name: 'utilizationTrend6m',
    fact: 'utilizationTrend6m',
    reasonCode: 'FALLING_UTILIZATION',
    description:
      'Slope of utilisation over six statements: a line the borrower stops using (or is stopped from using) precedes default.',
  },
  {
    name: 'balanceTrend',
    fact: 'balanceTrend',
    reasonCode: 'FALLING_BALANCE',
    description: 'Balance now against three months ago.',
  },
  {
    name: 'paymentRatio',
    fact: 'paymentRatio',
    reasonCode: 'LOW_PAYMENT_RATIO',
    description: 'Paid / due over the last three statements.',
  },
  {
    name: 'paymentRatioPrior',
    fact: 'paymentRatioPrior',
    reasonCode: 'LOW_EARLIER_PAYMENT_RATIO',
    description: 'Paid / due over the statements before.',
  },
  {
    name: 'monthsRevolving6m',
    fact: 'monthsRevolving6m',
    reasonCode: 'IRREGULAR_REPAYMENT',
    description: 'Months the borrower paid at least the minimum and revolved the rest: the steady pattern.',
  },
  {
    name: 'monthsPaidInFull6m',
    fact: 'monthsPaidInFull6m',
    reasonCode: 'FEW_FULL_PAYMENTS',
    description: 'Statements paid in full.',
  },
  {
    name: 'monthsWithoutPayment6m',
    fact: 'monthsWithoutPayment6m',
    reasonCode: 'MISSED_PAYMENTS',
    description: 'Statements followed by no payment at all.',
  },
  {
    name: 'averagePayment3m',
    fact: 'averagePayment3m',
    reasonCode: 'LOW_RECENT_PAYMENTS',
    description: 'Money paid per month lately.',
  },
  {
    name: 'averagePayment6m',
    fact: 'averagePayment6m',
    reasonCode: 'LOW_PAYMENTS',
    description: 'Money paid per month over six months.',
  },
  {
    name: 'availableCredit',
    expression: 'max(existingLimit - drawnBalance, 0)',
    reasonCode: 'LITTLE_AVAILABLE_CREDIT',
    description: 'Limit left to draw (CNY).',
  },
];

export const TAIWAN_BEHAVIOUR_FIT: Readonly<ScorecardFitOptions> = deepFreeze({
  name: 'cash-line behaviour',
  description:
    'Behaviour score of a credit line from its last six statements: more points, less risk. Fitted on the Taiwan credit-card case set (seed 1, 70/30 stratified split).',
  seed: 1,
  testShare: 0.3,
  // the MONITORING policy's rules flagged 48.5% of the Taiwan lines before it embedded this card: the capture to beat
  flagShares: [0.1, 0.2, 0.3, 0.485, 0.5],
  characteristics: BEHAVIOUR_CANDIDATES,
});

const BEHAVIOUR: ScorecardSpec = {
  name: 'cash-line behaviour',
  description:
    'Behaviour score of a credit line from its last six statements: more points, less risk. Fitted on the Taiwan credit-card case set (seed 1, 70/30 stratified split).',
  scaling: { pdo: 20, baseScore: 600, baseOdds: 50 },
  characteristics: [
    {
      name: 'currentDpd',
      description: 'Days past due now.',
      fact: 'currentDpd',
      reasonCode: 'CURRENTLY_PAST_DUE',
      bins: [
        { max: 30, points: 63 },
        { min: 30, max: 60, points: 41 },
        { min: 60, points: 15 },
        { missing: true, points: 52 },
      ],
    },
    {
      name: 'monthsDelinquent6m',
      description: 'How often the line was late in six months.',
      fact: 'monthsDelinquent6m',
      reasonCode: 'FREQUENT_DELINQUENCY',
      bins: [
        { max: 1, points: 55 },
        { min: 1, max: 2, points: 51 },
        { min: 2, max: 3, points: 49 },
        { min: 3, points: 46 },
        { missing: true, points: 52 },
      ],
    },
    {
      name: 'utilizationAvg6m',
      description:
        'Share of the limit drawn on average over six statements; both ends are risky, as for utilization.',
      fact: 'utilizationAvg6m',
      reasonCode: 'AVERAGE_UTILIZATION_OUT_OF_RANGE',
      bins: [
        { max: 0.001152, points: 49 },
        { min: 0.001152, max: 0.009378, points: 52 },
        { min: 0.009378, max: 0.20549, points: 57 },
        { min: 0.20549, max: 0.4571, points: 54 },
        { min: 0.4571, max: 0.76198, points: 51 },
        { min: 0.76198, points: 48 },
        { missing: true, points: 52 },
      ],
    },
    {
      name: 'utilizationTrend6m',
      description:
        'Slope of utilisation over six statements: a line the borrower stops using (or is stopped from using) precedes default.',
      fact: 'utilizationTrend6m',
      reasonCode: 'FALLING_UTILIZATION',
      bins: [
        { max: -0.01013, points: 48 },
        { min: -0.01013, max: -0.00605, points: 50 },
        { min: -0.00605, max: 3e-7, points: 51 },
        { min: 3e-7, max: 0.001485, points: 54 },
        { min: 0.001485, points: 55 },
        { missing: true, points: 52 },
      ],
    },
    {
      name: 'monthsRevolving6m',
      description: 'Months the borrower paid at least the minimum and revolved the rest: the steady pattern.',
      fact: 'monthsRevolving6m',
      reasonCode: 'IRREGULAR_REPAYMENT',
      bins: [
        { max: 5, points: 48 },
        { min: 5, max: 6, points: 51 },
        { min: 6, points: 63 },
        { missing: true, points: 52 },
      ],
    },
    {
      name: 'monthsPaidInFull6m',
      description: 'Statements paid in full.',
      fact: 'monthsPaidInFull6m',
      reasonCode: 'FEW_FULL_PAYMENTS',
      bins: [
        { max: 1, points: 51 },
        { min: 1, max: 2, points: 54 },
        { min: 2, max: 4, points: 55 },
        { min: 4, max: 5, points: 56 },
        { min: 5, points: 58 },
        { missing: true, points: 52 },
      ],
    },
    {
      name: 'monthsWithoutPayment6m',
      description: 'Statements followed by no payment at all.',
      fact: 'monthsWithoutPayment6m',
      reasonCode: 'MISSED_PAYMENTS',
      bins: [
        { max: 1, points: 56 },
        { min: 1, max: 2, points: 47 },
        { min: 2, points: 41 },
        { missing: true, points: 52 },
      ],
    },
    {
      name: 'averagePayment3m',
      description: 'Money paid per month lately.',
      fact: 'averagePayment3m',
      reasonCode: 'LOW_RECENT_PAYMENTS',
      bins: [
        { max: 0.08, points: 48 },
        { min: 0.08, max: 347.5, points: 50 },
        { min: 347.5, max: 685.1, points: 51 },
        { min: 685.1, max: 1144.7, points: 53 },
        { min: 1144.7, max: 2899, points: 55 },
        { min: 2899, points: 59 },
        { missing: true, points: 52 },
      ],
    },
    {
      name: 'averagePayment6m',
      description: 'Money paid per month over six months.',
      fact: 'averagePayment6m',
      reasonCode: 'LOW_PAYMENTS',
      bins: [
        { max: 8.4, points: 45 },
        { min: 8.4, max: 510.4, points: 49 },
        { min: 510.4, max: 713, points: 52 },
        { min: 713, max: 1709, points: 55 },
        { min: 1709, max: 2989.5, points: 58 },
        { min: 2989.5, points: 62 },
        { missing: true, points: 52 },
      ],
    },
    {
      name: 'availableCredit',
      description: 'Limit left to draw (CNY).',
      expression: 'max(existingLimit - drawnBalance, 0)',
      reasonCode: 'LITTLE_AVAILABLE_CREDIT',
      bins: [
        { max: 6022, points: 47 },
        { min: 6022, max: 8780, points: 48 },
        { min: 8780, max: 16276, points: 51 },
        { min: 16276, max: 40959, points: 55 },
        { min: 40959, max: 93905, points: 59 },
        { min: 93905, points: 62 },
        { missing: true, points: 52 },
      ],
    },
  ],
};

/** Fresh copies, so a caller editing a draft never edits the shipped card. */
export function defaultScorecards(): { behaviour: ScorecardSpec } {
  return structuredClone({ behaviour: BEHAVIOUR });
}
