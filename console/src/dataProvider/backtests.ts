import type { BacktestMetrics, DecisionSummary, FieldDifference } from '@spillway/rules';
import { type GetListParams, type GetListResult, type GetOneParams, HttpError } from 'react-admin';
import { type Connection, fetchPage, flatten, pickFilter } from './connection';
import { type PolicyKind, toDecisionFilter } from './decisions';
import type { GraphQLRequest } from './graphqlClient';
import { toConnectionArgs } from './pagination';

export type JobStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export type BacktestKind = 'BACKTEST' | 'REPLAY';
export type ChangeKind =
  | 'SWAP_IN'
  | 'SWAP_OUT'
  | 'REFERRAL_CHANGE'
  | 'LIMIT_UP'
  | 'LIMIT_DOWN'
  | 'PRICE_CHANGE'
  | 'RULES_CHANGE'
  | 'UNCHANGED';

export const JOB_STATUSES: JobStatus[] = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];
export const BACKTEST_KINDS: BacktestKind[] = ['BACKTEST', 'REPLAY'];
export const CHANGE_KINDS: ChangeKind[] = [
  'SWAP_IN',
  'SWAP_OUT',
  'REFERRAL_CHANGE',
  'LIMIT_UP',
  'LIMIT_DOWN',
  'PRICE_CHANGE',
  'RULES_CHANGE',
  'UNCHANGED',
];

/** A job still has work ahead: its page polls until it does not. */
export const isRunning = (status: JobStatus) => status === 'QUEUED' || status === 'RUNNING';

export type BacktestPolicy = {
  kind: PolicyKind;
  number: number | null;
  policyId: string | null;
  versionId: string | null;
  revision: string;
};

export type Backtest = {
  id: string;
  kind: BacktestKind;
  status: JobStatus;
  productKey: string;
  casesDone: number;
  casesTotal: number;
  /** 0 to 1. */
  progress: number;
  createdAt: string;
  createdBy: string;
  startedAt: string | null;
  finishedAt: string | null;
  caseSet: { id: string; name: string } | null;
  /** The versions tried in place of the published ones (none for a plain replay). */
  candidate: BacktestPolicy[];
  // Only fetched by getOne.
  asOf?: string;
  cancelledBy?: string | null;
  error?: string | null;
  baseline?: BacktestPolicy[];
  decisionFilter?: Record<string, unknown> | null;
  expectationsChecked?: number;
  regressions?: number;
  mismatches?: number;
  /** Null until the job completes. */
  passed?: boolean | null;
  /** Null until the first chunk commits. */
  metrics?: BacktestMetrics | null;
  /** Null without exposure budgets, or until the job completes. */
  budgets?: BacktestBudgets | null;
};

export type BacktestBudgetEffect = {
  budget: string;
  shrunk: number;
  referred: number;
  declined: number;
  /** Money: new exposure the budget kept from going ahead. */
  withheld: string;
};

export type BacktestBudgetWindow = { window: string; approvals: number; newExposure: string };

/** The candidate's exposure budgets applied to its approvals in time order (or file order). */
export type BacktestBudgets = {
  order: 'APPLICATION_TIME' | 'FILE_ORDER';
  versionId: string | null;
  timeZone: string;
  approvals: number;
  fitted: number;
  shrunk: number;
  stopped: number;
  budgets: BacktestBudgetEffect[];
  windows: BacktestBudgetWindow[];
};

export type BacktestDifference = {
  id: string;
  caseId: string | null;
  decisionId: string | null;
  line: number | null;
  externalRef: string | null;
  changeKind: ChangeKind;
  observedDefault: boolean | null;
  baseline: DecisionSummary;
  candidate: DecisionSummary;
  regression: boolean;
  mismatch: boolean;
  expectationFailures: FieldDifference[];
  mismatches: FieldDifference[];
};

export interface StartBacktestParams {
  caseSetId: string;
  candidateVersionIds: string[];
  baselineVersionIds?: string[];
}

export interface ReplayParams {
  /** DecisionFilter's fields; empty means every decision of the product. */
  filter?: Record<string, unknown>;
  candidateVersionIds?: string[];
}

const POLICY_FIELDS = 'kind number policyId versionId revision';

const LIST_FIELDS = `id kind status productKey casesDone casesTotal progress createdAt createdBy startedAt finishedAt
  caseSet { id name } candidate { ${POLICY_FIELDS} }`;

const DETAIL_FIELDS = `${LIST_FIELDS} asOf cancelledBy error decisionFilter
  baseline { ${POLICY_FIELDS} }
  expectationsChecked regressions mismatches passed metrics
  budgets { order versionId timeZone approvals fitted shrunk stopped
    budgets { budget shrunk referred declined withheld } windows { window approvals newExposure } }`;

const LIST_QUERY = `query Backtests($first: Int, $after: String, $kind: BacktestKind, $status: JobStatus,
  $candidateVersionId: ID) {
  backtests(first: $first, after: $after, kind: $kind, status: $status, candidateVersionId: $candidateVersionId) {
    totalCount edges { node { ${LIST_FIELDS} } }
  }
}`;

const ONE_QUERY = `query Backtest($id: ID!) { backtest(id: $id) { ${DETAIL_FIELDS} } }`;

const DIFFERENCES_QUERY = `query Differences($id: ID!, $first: Int, $after: String, $changeKinds: [ChangeKind!],
  $regressionsOnly: Boolean, $mismatchesOnly: Boolean) {
  backtest(id: $id) {
    differences(first: $first, after: $after, changeKinds: $changeKinds, regressionsOnly: $regressionsOnly,
      mismatchesOnly: $mismatchesOnly) {
      totalCount edges { node {
        id caseId decisionId line externalRef changeKind observedDefault baseline candidate regression mismatch
        expectationFailures mismatches
      } }
    }
  }
}`;

const START_MUTATION = `mutation StartBacktest($input: StartBacktestInput!) {
  startBacktest(input: $input) { ${LIST_FIELDS} }
}`;

const REPLAY_MUTATION = `mutation ReplayDecisions($input: ReplayDecisionsInput!) {
  replayDecisions(input: $input) { ${LIST_FIELDS} }
}`;

const CANCEL_MUTATION = `mutation CancelBacktest($id: ID!) { cancelBacktest(id: $id) { ${LIST_FIELDS} } }`;

export function getBacktestList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<Backtest>> {
  const filter = pickFilter(params.filter, ['kind', 'status', 'candidateVersionId']);
  return fetchPage(request, LIST_QUERY, 'backtests', params, filter);
}

export async function getBacktest(
  request: GraphQLRequest,
  params: GetOneParams,
): Promise<{ data: Backtest }> {
  const data = await request<{ backtest: Backtest | null }>(ONE_QUERY, { id: String(params.id) });
  if (!data.backtest) throw new HttpError(`Backtest ${params.id} not found`, 404);
  return { data: data.backtest };
}

/** The list's filter in the differences field's arguments; an empty change-kind list means every kind. */
export function toDifferenceArgs(filter: Record<string, unknown> | undefined): Record<string, unknown> {
  const kinds = Array.isArray(filter?.changeKinds) ? filter.changeKinds : [];
  return {
    ...(kinds.length > 0 ? { changeKinds: kinds } : {}),
    ...(filter?.regressionsOnly ? { regressionsOnly: true } : {}),
    ...(filter?.mismatchesOnly ? { mismatchesOnly: true } : {}),
  };
}

/** The cases of the job named by `filter.backtestId` that changed, in file order. */
export async function getDifferenceList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<BacktestDifference>> {
  const id = params.filter?.backtestId;
  if (!id) return { data: [], total: 0 };
  const data = await request<{ backtest: { differences: Connection<BacktestDifference> } | null }>(
    DIFFERENCES_QUERY,
    { id, ...toConnectionArgs(params.pagination), ...toDifferenceArgs(params.filter) },
  );
  if (!data.backtest) throw new HttpError(`Backtest ${id} not found`, 404);
  return flatten(data.backtest.differences);
}

export async function startBacktest(
  request: GraphQLRequest,
  input: StartBacktestParams,
): Promise<{ data: Backtest }> {
  const data = await request<{ startBacktest: Backtest }>(START_MUTATION, { input });
  return { data: data.startBacktest };
}

export async function replayDecisions(
  request: GraphQLRequest,
  params: ReplayParams,
): Promise<{ data: Backtest }> {
  const filter = toDecisionFilter(params.filter);
  const input = {
    ...(Object.keys(filter).length > 0 ? { filter } : {}),
    ...(params.candidateVersionIds?.length ? { candidateVersionIds: params.candidateVersionIds } : {}),
  };
  const data = await request<{ replayDecisions: Backtest }>(REPLAY_MUTATION, { input });
  return { data: data.replayDecisions };
}

export async function cancelBacktest(request: GraphQLRequest, id: string): Promise<{ data: Backtest }> {
  const data = await request<{ cancelBacktest: Backtest }>(CANCEL_MUTATION, { id });
  return { data: data.cancelBacktest };
}
