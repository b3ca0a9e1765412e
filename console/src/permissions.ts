import type { Role } from './session';

export type ResourceName =
  | 'policies'
  | 'versions'
  | 'decisions'
  | 'referrals'
  | 'borrowers'
  | 'backtests'
  | 'scorecardFits'
  | 'caseSets'
  | 'alerts'
  | 'portfolioReviews'
  | 'overflowCustomers'
  | 'budgets'
  | 'complianceFindings'
  | 'audit'
  | 'users'
  | 'apiKeys';
export type Action =
  | 'resolveReferral'
  | 'editPolicy'
  | 'reviewPolicy'
  | 'publishPolicy'
  | 'runBacktest'
  | 'importCaseSet'
  | 'runReview'
  | 'actOnAlert'
  | 'approveCut'
  | 'runCompliance'
  | 'annotateFinding';

const CONSOLE_ROLES: Role[] = ['RISK_MANAGER', 'APPROVER', 'QA_ANALYST', 'ADMIN'];

// Mirrors the API's @Authorized lists, so that nobody is shown a page that would only answer FORBIDDEN.
// The API stays the authority: this only decides what the console offers.
const resourceRoles: Record<ResourceName, Role[]> = {
  policies: CONSOLE_ROLES,
  versions: CONSOLE_ROLES,
  decisions: CONSOLE_ROLES,
  // Everyone may look at the queue; only risk managers may resolve (see actionRoles).
  referrals: CONSOLE_ROLES,
  borrowers: CONSOLE_ROLES,
  backtests: CONSOLE_ROLES,
  scorecardFits: CONSOLE_ROLES,
  caseSets: CONSOLE_ROLES,
  alerts: CONSOLE_ROLES,
  portfolioReviews: CONSOLE_ROLES,
  overflowCustomers: CONSOLE_ROLES,
  // exposureBudgets: every console role.
  budgets: CONSOLE_ROLES,
  complianceFindings: CONSOLE_ROLES,
  audit: ['ADMIN', 'QA_ANALYST', 'APPROVER', 'RISK_MANAGER'],
  users: ['ADMIN'],
  apiKeys: ['ADMIN'],
};

const actionRoles: Record<Action, Role[]> = {
  resolveReferral: ['RISK_MANAGER'],
  // Maker-checker: authors draft and submit, reviewers approve or reject (never their own work: the API
  // checks the person, this only the role), and either may publish, roll back or set a challenger.
  editPolicy: ['RISK_MANAGER', 'ADMIN'],
  reviewPolicy: ['APPROVER', 'ADMIN'],
  publishPolicy: ['RISK_MANAGER', 'APPROVER', 'ADMIN'],
  // startBacktest, replayDecisions, cancelBacktest and startScorecardFit.
  runBacktest: ['RISK_MANAGER', 'QA_ANALYST', 'ADMIN'],
  importCaseSet: ['RISK_MANAGER', 'QA_ANALYST', 'ADMIN'],
  // runPortfolioReview and setReviewSchedule.
  runReview: ['RISK_MANAGER', 'ADMIN'],
  // acknowledgeAlert and dismissAlert (which rejects a pending cut).
  actOnAlert: ['RISK_MANAGER', 'APPROVER', 'ADMIN'],
  // approveAlert applies the cut.
  approveCut: ['APPROVER', 'ADMIN'],
  // runComplianceCheck; QA and approvers read what it found.
  runCompliance: ['RISK_MANAGER', 'ADMIN'],
  annotateFinding: ['RISK_MANAGER', 'APPROVER', 'ADMIN'],
};

/** Menu order. */
export const RESOURCES = Object.keys(resourceRoles) as ResourceName[];

/** react-admin hands permissions over as `any`: anything but a role list grants nothing. */
function rolesOf(permissions: unknown): Role[] {
  return Array.isArray(permissions) ? (permissions as Role[]) : [];
}

export function canAccess(permissions: unknown, resource: ResourceName): boolean {
  return rolesOf(permissions).some((role) => resourceRoles[resource].includes(role));
}

export function canDo(permissions: unknown, action: Action): boolean {
  return rolesOf(permissions).some((role) => actionRoles[action].includes(role));
}

export function visibleResources(permissions: unknown): ResourceName[] {
  return RESOURCES.filter((resource) => canAccess(permissions, resource));
}
