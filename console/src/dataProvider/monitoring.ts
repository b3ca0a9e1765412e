import { type GetListParams, type GetListResult, type GetOneParams, HttpError } from 'react-admin';
import { fetchConnection, fetchPage, pickFilter } from './connection';
import type { GraphQLRequest } from './graphqlClient';

export type AlertSeverity = 'LOW' | 'MEDIUM' | 'HIGH';
export type AlertStatus = 'OPEN' | 'ACKNOWLEDGED' | 'APPROVED' | 'DISMISSED';
export type CutStatus = 'NONE' | 'PENDING_APPROVAL' | 'APPLIED' | 'REJECTED';
export type ReviewStatus = 'RUNNING' | 'COMPLETED' | 'FAILED';

export const SEVERITIES: AlertSeverity[] = ['HIGH', 'MEDIUM', 'LOW'];
export const REVIEW_STATUSES: ReviewStatus[] = ['RUNNING', 'COMPLETED', 'FAILED'];
export const ALERT_STATUSES: AlertStatus[] = ['OPEN', 'ACKNOWLEDGED', 'APPROVED', 'DISMISSED'];
export const CUT_STATUSES: CutStatus[] = ['NONE', 'PENDING_APPROVAL', 'APPLIED', 'REJECTED'];
/** The indicators the default MONITORING policy raises; a policy may add its own. */
export const INDICATORS = ['overflow', 'delinquency', 'paymentRatio', 'utilization', 'income'] as const;

/** The product the console watches: the API's default, and the only one the demo has. */
export const PRODUCT_KEY = 'cash-line';

/** A borrower's line as monitoring watches it; the borrower's page shows it with its alerts and statements. */
export type CreditLine = {
  id: string;
  limit: string;
  drawnBalance: string;
  aprBps: number;
  affordableLimit: string | null;
  overflow: boolean;
  status: 'ACTIVE' | 'CLOSED' | 'FROZEN';
  productKey?: string;
  /** Fetched by the overflow list, whose rows open the borrower. */
  borrower?: { id: string; externalRef: string; name: string };
  // Only fetched by the borrower's getOne.
  behaviour?: Record<string, unknown> | null;
  behaviourAsOf?: string | null;
  /** `{ statements: [{ month, billed, paid, delayMonths }] }`, newest first, as the servicing system sent it. */
  history?: Record<string, unknown> | null;
  alerts?: Alert[];
};

export type Alert = {
  id: string;
  createdAt: string;
  borrowerId: string;
  indicator: string;
  severity: AlertSeverity;
  status: AlertStatus;
  cutStatus: CutStatus;
  reason: string;
  rule: string;
  revision: string;
  reviewId: string;
  limitAtAlert: string;
  drawnBalance: string;
  proposedLimit: string | null;
  policyProposedLimit: string | null;
  clampedToBalance: boolean;
  note: string | null;
  actedAt: string | null;
  actedBy: string | null;
  creditLine: Pick<CreditLine, 'id' | 'limit' | 'drawnBalance' | 'status'>;
  borrower: { id: string; externalRef: string; name: string };
  // Only fetched by getOne.
  facts?: Record<string, unknown>;
  /** The scorecards' points as the review scored the line (rules' ScorecardTrace); null on older alerts. */
  scorecards?: Record<string, unknown>[] | null;
};

export type PortfolioReview = {
  id: string;
  productKey: string;
  status: ReviewStatus;
  trigger: 'MANUAL' | 'SCHEDULED';
  linesReviewed: number;
  linesTotal: number;
  linesFlagged: number;
  alertsCreated: number;
  alertsDeduplicated: number;
  cutsApplied: number;
  cutsPendingApproval: number;
  notificationsQueued: number;
  /** Hits by indicator and severity: { overflow: { HIGH: 12 } }. */
  counts: Record<string, Partial<Record<AlertSeverity, number>>>;
  durationMs: number | null;
  error: string | null;
  startedAt: string;
  startedBy: string;
  finishedAt: string | null;
  revision: string;
};

export type ReviewSchedule = {
  cron: string;
  nextRunAt: string;
  lastRunAt: string | null;
  updatedBy: string;
};

/** One product's schedule as a record: react-admin wants an id, and "no schedule" is a valid answer. */
export type ReviewScheduleRecord = { id: string; schedule: ReviewSchedule | null };

export interface AlertActionParams {
  id: string;
  note?: string;
}

export type AlertAction = 'acknowledgeAlert' | 'approveAlert' | 'dismissAlert';
export type BulkAlertAction = 'acknowledgeAlerts' | 'approveAlerts' | 'dismissAlerts';

/** A record a bulk action left as it was, and why, as the single action words it. */
export type BulkFailure = { id: string; code: string; reason: string | null; message: string };
export type BulkResult<T> = { succeeded: T[]; failures: BulkFailure[] };

export interface BulkAlertParams {
  ids: string[];
  note?: string;
}

export const ALERT_FIELDS = `id createdAt borrowerId indicator severity status cutStatus reason rule revision reviewId
  limitAtAlert drawnBalance proposedLimit policyProposedLimit clampedToBalance note actedAt actedBy
  creditLine { id limit drawnBalance status } borrower { id externalRef name }`;

const ALERTS_QUERY = `query Alerts($first: Int, $after: String, $filter: AlertFilterInput) {
  alerts(first: $first, after: $after, filter: $filter) { totalCount edges { node { ${ALERT_FIELDS} } } }
}`;

const ALERT_QUERY = `query Alert($id: ID!) { alert(id: $id) { ${ALERT_FIELDS} facts scorecards } }`;

const REVIEW_FIELDS = `id productKey status trigger linesReviewed linesTotal linesFlagged alertsCreated
  alertsDeduplicated cutsApplied cutsPendingApproval notificationsQueued counts durationMs error startedAt
  startedBy finishedAt revision`;

const REVIEWS_QUERY = `query Reviews($first: Int, $after: String, $productKey: String, $status: ReviewStatus) {
  portfolioReviews(first: $first, after: $after, productKey: $productKey, status: $status) {
    totalCount edges { node { ${REVIEW_FIELDS} } }
  }
}`;

const REVIEW_QUERY = `query Review($id: ID!) { portfolioReview(id: $id) { ${REVIEW_FIELDS} } }`;

const SCHEDULE_FIELDS = 'cron nextRunAt lastRunAt updatedBy';

const SCHEDULE_QUERY = `query Schedule($productKey: String!) {
  reviewSchedule(productKey: $productKey) { ${SCHEDULE_FIELDS} }
}`;

const LINE_FIELDS =
  'id productKey limit drawnBalance aprBps affordableLimit overflow status borrower { id externalRef name }';

const OVERFLOW_QUERY = `query Overflow($first: Int, $after: String, $productKey: String!) {
  overflowCustomers(first: $first, after: $after, productKey: $productKey) {
    totalCount edges { node { ${LINE_FIELDS} } }
  }
}`;

const alertMutation = (action: AlertAction) => `mutation Act($input: AlertActionInput!) {
  ${action}(input: $input) { ${ALERT_FIELDS} facts scorecards }
}`;

const bulkAlertMutation = (action: BulkAlertAction) => `mutation Act($input: BulkAlertActionInput!) {
  ${action}(input: $input) { succeeded { ${ALERT_FIELDS} } failures { id code reason message } }
}`;

const RUN_REVIEW_MUTATION = `mutation RunReview($productKey: String!) {
  runPortfolioReview(productKey: $productKey) { ${REVIEW_FIELDS} }
}`;

const SET_SCHEDULE_MUTATION = `mutation SetSchedule($productKey: String!, $cron: String) {
  setReviewSchedule(productKey: $productKey, cron: $cron) { ${SCHEDULE_FIELDS} }
}`;

const ALERT_FILTER_KEYS = ['severity', 'indicator', 'status', 'cutStatus', 'creditLineId', 'borrowerId'];

export function getAlertList(request: GraphQLRequest, params: GetListParams): Promise<GetListResult<Alert>> {
  const filter = pickFilter(params.filter, ALERT_FILTER_KEYS);
  if (typeof filter.indicator === 'string') filter.indicator = filter.indicator.trim();
  return fetchConnection(request, ALERTS_QUERY, 'alerts', params, filter);
}

export async function getAlert(request: GraphQLRequest, params: GetOneParams): Promise<{ data: Alert }> {
  const data = await request<{ alert: Alert | null }>(ALERT_QUERY, { id: String(params.id) });
  if (!data.alert) throw new HttpError(`Alert ${params.id} not found`, 404);
  return { data: data.alert };
}

export async function actOnAlert(
  request: GraphQLRequest,
  action: AlertAction,
  params: AlertActionParams,
): Promise<{ data: Alert }> {
  const note = params.note?.trim();
  const input = { id: params.id, ...(note ? { note } : {}) };
  const data = await request<Record<AlertAction, Alert>>(alertMutation(action), { input });
  return { data: data[action] };
}

/** Each alert named, in its own transaction and audited alone: the refusals come back one by one. */
export async function actOnAlerts(
  request: GraphQLRequest,
  action: BulkAlertAction,
  params: BulkAlertParams,
): Promise<{ data: BulkResult<Alert> }> {
  const note = params.note?.trim();
  const input = { ids: params.ids, ...(note ? { note } : {}) };
  const data = await request<Record<BulkAlertAction, BulkResult<Alert>>>(bulkAlertMutation(action), {
    input,
  });
  return { data: data[action] };
}

export function getReviewList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<PortfolioReview>> {
  return fetchPage(request, REVIEWS_QUERY, 'portfolioReviews', params, {
    productKey: PRODUCT_KEY,
    ...pickFilter(params.filter, ['status']),
  });
}

export async function getReview(
  request: GraphQLRequest,
  params: GetOneParams,
): Promise<{ data: PortfolioReview }> {
  const data = await request<{ portfolioReview: PortfolioReview | null }>(REVIEW_QUERY, {
    id: String(params.id),
  });
  if (!data.portfolioReview) throw new HttpError(`Portfolio review ${params.id} not found`, 404);
  return { data: data.portfolioReview };
}

export async function runPortfolioReview(request: GraphQLRequest): Promise<{ data: PortfolioReview }> {
  const data = await request<{ runPortfolioReview: PortfolioReview }>(RUN_REVIEW_MUTATION, {
    productKey: PRODUCT_KEY,
  });
  return { data: data.runPortfolioReview };
}

/** `id` is the product key. */
export async function getReviewSchedule(
  request: GraphQLRequest,
  params: GetOneParams,
): Promise<{ data: ReviewScheduleRecord }> {
  const productKey = String(params.id);
  const data = await request<{ reviewSchedule: ReviewSchedule | null }>(SCHEDULE_QUERY, { productKey });
  return { data: { id: productKey, schedule: data.reviewSchedule } };
}

/** A blank cron removes the schedule; a bad one is the API's BAD_USER_INPUT with the parser's reason. */
export async function setReviewSchedule(
  request: GraphQLRequest,
  params: { cron: string | null },
): Promise<{ data: ReviewScheduleRecord }> {
  const cron = params.cron?.trim() || null;
  const data = await request<{ setReviewSchedule: ReviewSchedule | null }>(SET_SCHEDULE_MUTATION, {
    productKey: PRODUCT_KEY,
    cron,
  });
  return { data: { id: PRODUCT_KEY, schedule: data.setReviewSchedule } };
}

export function getOverflowList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<CreditLine>> {
  return fetchPage(request, OVERFLOW_QUERY, 'overflowCustomers', params, { productKey: PRODUCT_KEY });
}

/** Alerts still waiting for someone (status OPEN), counted by the API. */
export const OPEN_ALERTS_FIELD = 'openAlerts: alerts(first: 0, filter: { status: OPEN }) { totalCount }';
