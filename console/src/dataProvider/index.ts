import {
  type CreateParams,
  type DataProvider,
  type GetListParams,
  type GetListResult,
  type GetOneParams,
  HttpError,
  type RaRecord,
} from 'react-admin';
import { getToken } from '../session';
import {
  type ApiKey,
  type CreatedApiKey,
  createApiKey,
  createUser,
  deactivateUser,
  getApiKeyList,
  getUserList,
  revokeApiKey,
  type User,
} from './admin';
import { type AuditVerification, getAuditList, verifyAuditLog } from './audit';
import {
  type Backtest,
  cancelBacktest,
  getBacktest,
  getBacktestList,
  getDifferenceList,
  type ReplayParams,
  replayDecisions,
  type StartBacktestParams,
  startBacktest,
} from './backtests';
import { getBorrower, getBorrowerList } from './borrowers';
import {
  type CaseSetImport,
  getCaseList,
  getCaseSet,
  getCaseSetList,
  type ImportCaseSetParams,
  importCaseSet,
} from './caseSets';
import {
  annotateFinding,
  type ComplianceFinding,
  type ComplianceRun,
  getComplianceRun,
  getComplianceRunList,
  getFinding,
  getFindingList,
  runComplianceCheck,
} from './compliance';
import { getDashboard } from './dashboard';
import {
  type Decision,
  getDecision,
  getDecisionList,
  getReferralList,
  type ResolveReferralParams,
  type ResolveReferralsParams,
  resolveReferral,
  resolveReferrals,
} from './decisions';
import { getBudgetList } from './exposure';
import { createGraphQLClient, type GraphQLRequest } from './graphqlClient';
import {
  type Alert,
  type AlertActionParams,
  actOnAlert,
  actOnAlerts,
  type BulkAlertParams,
  type BulkResult,
  getAlert,
  getAlertList,
  getOverflowList,
  getReview,
  getReviewList,
  getReviewSchedule,
  type PortfolioReview,
  type ReviewScheduleRecord,
  runPortfolioReview,
  setReviewSchedule,
} from './monitoring';
import {
  actOnVersion,
  type ChallengerParams,
  createDraft,
  getFactCatalog,
  getPolicy,
  getPolicyList,
  getPolicyVersion,
  getVersionList,
  type Policy,
  type PublishParams,
  publishVersion,
  type RollbackParams,
  rollbackPolicy,
  setChallenger,
  type UpdateDraftParams,
  updateDraft,
  type VersionActionParams,
  type VersionSummary,
} from './policies';
import {
  getScorecardFit,
  getScorecardFitList,
  type ScorecardFit,
  type StartScorecardFitParams,
  startScorecardFit,
} from './scorecardFits';
import { type TryOutcome, type TryPolicyParams, tryPolicy } from './tryPolicy';

interface ResourceHandlers {
  getList?(request: GraphQLRequest, params: GetListParams): Promise<GetListResult<RaRecord>>;
  getOne?(request: GraphQLRequest, params: GetOneParams): Promise<{ data: RaRecord }>;
  create?(request: GraphQLRequest, params: CreateParams): Promise<{ data: RaRecord }>;
}

const resources: Record<string, ResourceHandlers> = {
  decisions: { getList: getDecisionList, getOne: getDecision },
  // A referral is a decision seen from the review queue: the same record, so the same getOne.
  referrals: { getList: getReferralList, getOne: getDecision },
  borrowers: { getList: getBorrowerList, getOne: getBorrower },
  audit: { getList: getAuditList },
  users: { getList: getUserList, create: createUser },
  apiKeys: { getList: getApiKeyList },
  policies: { getList: getPolicyList, getOne: getPolicy },
  // Read-only resources the policy pages query without registering them (no menu, no routes of their own).
  policyVersions: { getOne: getPolicyVersion },
  // Versions across policies: the review queue, my drafts... Its rows open under their policy.
  versions: { getList: getVersionList },
  facts: { getList: getFactCatalog },
  caseSets: { getList: getCaseSetList, getOne: getCaseSet },
  cases: { getList: getCaseList },
  backtests: { getList: getBacktestList, getOne: getBacktest },
  // The cases of one job that changed: `filter.backtestId` names the job.
  backtestDifferences: { getList: getDifferenceList },
  scorecardFits: { getList: getScorecardFitList, getOne: getScorecardFit },
  alerts: { getList: getAlertList, getOne: getAlert },
  portfolioReviews: { getList: getReviewList, getOne: getReview },
  // One record per product (`id` is the product key).
  reviewSchedules: { getOne: getReviewSchedule },
  overflowCustomers: { getList: getOverflowList },
  // A product's exposure budgets with their live use (`filter.productKey`; the id is the budget's name).
  budgets: { getList: getBudgetList },
  // The compliance page: findings are its list, runs its summary and trend.
  complianceFindings: { getList: getFindingList, getOne: getFinding },
  complianceRuns: { getList: getComplianceRunList, getOne: getComplianceRun },
  // The dashboard's figures, counted by the API for the window `meta.boundaries` spans.
  dashboard: { getOne: getDashboard },
};

function handler<K extends keyof ResourceHandlers>(
  resource: string,
  method: K,
): NonNullable<ResourceHandlers[K]> {
  const handlers = resources[resource];
  if (!handlers) throw new HttpError(`Unknown resource: ${resource}`, 404);
  const run = handlers[method];
  if (!run) throw new HttpError(`${method} is not supported for ${resource}`, 405);
  return run as NonNullable<ResourceHandlers[K]>;
}

// Writes go through domain mutations (resolveReferral, revokeApiKey, ...) exposed as custom methods, not
// generic CRUD: only creating a user is a plain create.
const unsupported = (method: string) => (resource: string) =>
  Promise.reject(new HttpError(`${method} is not supported for ${resource}`, 405));

/** The custom methods components reach through useDataProvider<SpillwayDataProvider>(). */
export interface SpillwayMethods {
  resolveReferral(params: ResolveReferralParams): Promise<{ data: Decision }>;
  resolveReferrals(params: ResolveReferralsParams): Promise<{ data: BulkResult<Decision> }>;
  verifyAuditLog(): Promise<{ data: AuditVerification }>;
  deactivateUser(params: { id: string }): Promise<{ data: User }>;
  createApiKey(params: { name: string }): Promise<{ data: CreatedApiKey }>;
  revokeApiKey(params: { id: string }): Promise<{ data: ApiKey }>;
  createDraft(params: { policyId: string; fromVersionId?: string }): Promise<{ data: VersionSummary }>;
  updateDraft(params: UpdateDraftParams): Promise<{ data: VersionSummary }>;
  submitVersion(params: VersionActionParams): Promise<{ data: VersionSummary }>;
  approveVersion(params: VersionActionParams): Promise<{ data: VersionSummary }>;
  rejectVersion(params: VersionActionParams): Promise<{ data: VersionSummary }>;
  publishVersion(params: PublishParams): Promise<{ data: VersionSummary }>;
  rollbackPolicy(params: RollbackParams): Promise<{ data: VersionSummary }>;
  setChallenger(params: ChallengerParams): Promise<{ data: Policy }>;
  tryPolicy(params: TryPolicyParams): Promise<{ data: TryOutcome }>;
  importCaseSet(params: ImportCaseSetParams): Promise<{ data: CaseSetImport }>;
  startBacktest(params: StartBacktestParams): Promise<{ data: Backtest }>;
  replayDecisions(params: ReplayParams): Promise<{ data: Backtest }>;
  cancelBacktest(params: { id: string }): Promise<{ data: Backtest }>;
  startScorecardFit(params: StartScorecardFitParams): Promise<{ data: ScorecardFit }>;
  acknowledgeAlert(params: AlertActionParams): Promise<{ data: Alert }>;
  approveAlert(params: AlertActionParams): Promise<{ data: Alert }>;
  dismissAlert(params: AlertActionParams): Promise<{ data: Alert }>;
  acknowledgeAlerts(params: BulkAlertParams): Promise<{ data: BulkResult<Alert> }>;
  approveAlerts(params: BulkAlertParams): Promise<{ data: BulkResult<Alert> }>;
  dismissAlerts(params: BulkAlertParams): Promise<{ data: BulkResult<Alert> }>;
  runPortfolioReview(): Promise<{ data: PortfolioReview }>;
  setReviewSchedule(params: { cron: string | null }): Promise<{ data: ReviewScheduleRecord }>;
  runComplianceCheck(): Promise<{ data: ComplianceRun }>;
  annotateFinding(params: { id: string; note: string }): Promise<{ data: ComplianceFinding }>;
}

export type SpillwayDataProvider = DataProvider & SpillwayMethods;

export function buildDataProvider(request: GraphQLRequest): SpillwayDataProvider {
  // Handler lookups throw synchronously; react-admin expects a rejected promise.
  const call = async <T>(run: () => Promise<T>) => run();
  const getOne = (resource: string, params: GetOneParams) =>
    call(() => handler(resource, 'getOne')(request, params));
  const methods: SpillwayMethods = {
    resolveReferral: (params) => resolveReferral(request, params),
    resolveReferrals: (params) => resolveReferrals(request, params),
    verifyAuditLog: () => verifyAuditLog(request),
    deactivateUser: ({ id }) => deactivateUser(request, id),
    createApiKey: ({ name }) => createApiKey(request, name),
    revokeApiKey: ({ id }) => revokeApiKey(request, id),
    createDraft: (params) => createDraft(request, params),
    updateDraft: (params) => updateDraft(request, params),
    submitVersion: (params) => actOnVersion(request, 'submitVersion', params),
    approveVersion: (params) => actOnVersion(request, 'approveVersion', params),
    rejectVersion: (params) => actOnVersion(request, 'rejectVersion', params),
    publishVersion: (params) => publishVersion(request, params),
    rollbackPolicy: (params) => rollbackPolicy(request, params),
    setChallenger: (params) => setChallenger(request, params),
    tryPolicy: (params) => tryPolicy(request, params),
    importCaseSet: (params) => importCaseSet(request, params),
    startBacktest: (params) => startBacktest(request, params),
    replayDecisions: (params) => replayDecisions(request, params),
    cancelBacktest: ({ id }) => cancelBacktest(request, id),
    startScorecardFit: (params) => startScorecardFit(request, params),
    acknowledgeAlert: (params) => actOnAlert(request, 'acknowledgeAlert', params),
    approveAlert: (params) => actOnAlert(request, 'approveAlert', params),
    dismissAlert: (params) => actOnAlert(request, 'dismissAlert', params),
    acknowledgeAlerts: (params) => actOnAlerts(request, 'acknowledgeAlerts', params),
    approveAlerts: (params) => actOnAlerts(request, 'approveAlerts', params),
    dismissAlerts: (params) => actOnAlerts(request, 'dismissAlerts', params),
    runPortfolioReview: () => runPortfolioReview(request),
    setReviewSchedule: (params) => setReviewSchedule(request, params),
    runComplianceCheck: () => runComplianceCheck(request),
    annotateFinding: (params) => annotateFinding(request, params),
  };
  const provider = {
    getList: (resource: string, params: GetListParams) =>
      call(() => handler(resource, 'getList')(request, params)),
    getOne,
    getMany: async (resource: string, params: { ids: RaRecord['id'][] }) => {
      const results = await Promise.all(params.ids.map((id) => getOne(resource, { id })));
      return { data: results.map((result) => result.data) };
    },
    getManyReference: unsupported('getManyReference'),
    create: (resource: string, params: CreateParams) =>
      call(() => handler(resource, 'create')(request, params)),
    update: unsupported('update'),
    updateMany: unsupported('updateMany'),
    delete: unsupported('delete'),
    deleteMany: unsupported('deleteMany'),
    ...methods,
  };
  // The handlers return concrete record types; DataProvider's methods are generic over the caller's type.
  return provider as unknown as SpillwayDataProvider;
}

export const dataProvider = buildDataProvider(createGraphQLClient({ getToken }));
