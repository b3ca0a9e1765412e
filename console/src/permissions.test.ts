import { describe, expect, it } from 'vitest';
import { canDo, visibleResources } from './permissions';

const CONSOLE = [
  'policies',
  'versions',
  'decisions',
  'referrals',
  'borrowers',
  'backtests',
  'scorecardFits',
  'caseSets',
  'alerts',
  'portfolioReviews',
  'overflowCustomers',
  'budgets',
  'complianceFindings',
];

describe('role to menu mapping', () => {
  it.each([
    ['RISK_MANAGER', [...CONSOLE, 'audit']],
    ['APPROVER', [...CONSOLE, 'audit']],
    ['QA_ANALYST', [...CONSOLE, 'audit']],
    ['ADMIN', [...CONSOLE, 'audit', 'users', 'apiKeys']],
    ['APP', []],
  ])('shows %s its resources', (role, expected) => {
    expect(visibleResources([role])).toEqual(expected);
  });

  it('unions the resources of several roles', () => {
    expect(visibleResources(['APPROVER', 'ADMIN'])).toContain('users');
  });

  it('grants nothing without a role list', () => {
    expect(visibleResources(undefined)).toEqual([]);
    expect(visibleResources('ADMIN')).toEqual([]);
  });

  it('lets only risk managers resolve referrals', () => {
    expect(canDo(['RISK_MANAGER'], 'resolveReferral')).toBe(true);
    for (const role of ['APPROVER', 'QA_ANALYST', 'ADMIN', 'APP']) {
      expect(canDo([role], 'resolveReferral')).toBe(false);
    }
  });

  it.each([
    ['RISK_MANAGER', { editPolicy: true, reviewPolicy: false, publishPolicy: true }],
    ['APPROVER', { editPolicy: false, reviewPolicy: true, publishPolicy: true }],
    ['QA_ANALYST', { editPolicy: false, reviewPolicy: false, publishPolicy: false }],
    ['ADMIN', { editPolicy: true, reviewPolicy: true, publishPolicy: true }],
  ] as const)('gives %s the policy workflow the API allows it', (role, allowed) => {
    for (const [action, expected] of Object.entries(allowed)) {
      expect(canDo([role], action as keyof typeof allowed)).toBe(expected);
    }
  });

  it.each([
    [
      'RISK_MANAGER',
      { runBacktest: true, importCaseSet: true, runReview: true, actOnAlert: true, approveCut: false },
    ],
    [
      'APPROVER',
      { runBacktest: false, importCaseSet: false, runReview: false, actOnAlert: true, approveCut: true },
    ],
    [
      'QA_ANALYST',
      { runBacktest: true, importCaseSet: true, runReview: false, actOnAlert: false, approveCut: false },
    ],
    [
      'ADMIN',
      { runBacktest: true, importCaseSet: true, runReview: true, actOnAlert: true, approveCut: true },
    ],
    [
      'APP',
      { runBacktest: false, importCaseSet: false, runReview: false, actOnAlert: false, approveCut: false },
    ],
  ] as const)('gives %s the backtest and monitoring actions of the API matrix', (role, allowed) => {
    for (const [action, expected] of Object.entries(allowed)) {
      expect(canDo([role], action as keyof typeof allowed)).toBe(expected);
    }
  });
});

describe('compliance actions', () => {
  it.each([
    ['RISK_MANAGER', { runCompliance: true, annotateFinding: true }],
    ['APPROVER', { runCompliance: false, annotateFinding: true }],
    ['QA_ANALYST', { runCompliance: false, annotateFinding: false }],
    ['ADMIN', { runCompliance: true, annotateFinding: true }],
    ['APP', { runCompliance: false, annotateFinding: false }],
  ] as const)('gives %s what the API matrix allows', (role, allowed) => {
    for (const [action, expected] of Object.entries(allowed)) {
      expect(canDo([role], action as keyof typeof allowed)).toBe(expected);
    }
  });
});
