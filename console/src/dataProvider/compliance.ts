import { type GetListParams, type GetListResult, type GetOneParams, HttpError } from 'react-admin';
import { fetchConnection, fetchPage, pickFilter } from './connection';
import type { GraphQLRequest } from './graphqlClient';
import { PRODUCT_KEY } from './monitoring';

export type FindingStatus = 'OPEN' | 'RESOLVED';
export type FindingCode = 'BREACH' | 'INCOME_UNKNOWN';
export type ComplianceRunStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

export const FINDING_STATUSES: FindingStatus[] = ['OPEN', 'RESOLVED'];
export const FINDING_CODES: FindingCode[] = ['BREACH', 'INCOME_UNKNOWN'];
/** The checks of the default COMPLIANCE set; a policy may name its own, which the list shows by id. */
export const CHECK_IDS = [
  'income-share',
  'total-limit',
  'apr-24-36',
  'apr-above-36',
  'allowed-term',
  'overflow',
] as const;

/** One check of a run: how much breaches it, and what changed since the previous run. */
export type CheckSummary = {
  check: string;
  type: string;
  code: FindingCode;
  description: string | null;
  findings: number;
  exposure: string;
  newFindings: number;
  resolved: number;
};

export type ComplianceRun = {
  id: string;
  status: ComplianceRunStatus;
  productKey: string;
  revision: string;
  startedAt: string;
  startedBy: string;
  finishedAt: string | null;
  durationMs: number | null;
  borrowersTotal: number;
  borrowersChecked: number;
  findingsOpen: number;
  newFindings: number;
  resolvedFindings: number;
  error: string | null;
  checks: CheckSummary[];
};

export type ComplianceFinding = {
  id: string;
  status: FindingStatus;
  checkId: string;
  checkType: string;
  code: FindingCode;
  exposure: string;
  /** The evidence, money in fen (`...Minor`). */
  facts: Record<string, unknown>;
  revision: string;
  policyVersionId: string;
  borrowerId: string;
  borrower: { id: string; externalRef: string; name: string };
  creditLineId: string | null;
  firstRunId: string;
  lastRunId: string;
  resolvedRunId: string | null;
  firstFoundAt: string;
  lastFoundAt: string;
  resolvedAt: string | null;
  setByDecisionId: string | null;
  setByLimitChangeId: string | null;
  setByAlertId: string | null;
  note: string | null;
  annotatedBy: string | null;
  annotatedAt: string | null;
};

const RUN_FIELDS = `id status productKey revision startedAt startedBy finishedAt durationMs borrowersTotal
  borrowersChecked findingsOpen newFindings resolvedFindings error
  checks { check type code description findings exposure newFindings resolved }`;

const RUNS_QUERY = `query ComplianceRuns($first: Int, $after: String) {
  complianceRuns(first: $first, after: $after) { totalCount edges { node { ${RUN_FIELDS} } } }
}`;

const RUN_QUERY = `query ComplianceRun($id: ID!) { complianceRun(id: $id) { ${RUN_FIELDS} } }`;

const FINDING_FIELDS = `id status checkId checkType code exposure facts revision policyVersionId borrowerId
  borrower { id externalRef name } creditLineId firstRunId lastRunId resolvedRunId firstFoundAt lastFoundAt
  resolvedAt setByDecisionId setByLimitChangeId setByAlertId note annotatedBy annotatedAt`;

const FINDINGS_QUERY = `query ComplianceFindings($first: Int, $after: String, $filter: ComplianceFindingFilter) {
  complianceFindings(first: $first, after: $after, filter: $filter) {
    totalCount edges { node { ${FINDING_FIELDS} } }
  }
}`;

const FINDING_QUERY = `query ComplianceFinding($id: ID!) { complianceFinding(id: $id) { ${FINDING_FIELDS} } }`;

const RUN_MUTATION = `mutation RunCompliance($productKey: String!) {
  runComplianceCheck(productKey: $productKey) { ${RUN_FIELDS} }
}`;

const ANNOTATE_MUTATION = `mutation Annotate($input: AnnotateFindingInput!) {
  annotateComplianceFinding(input: $input) { ${FINDING_FIELDS} }
}`;

const FINDING_FILTER_KEYS = [
  'status',
  'checkId',
  'code',
  'borrowerId',
  'creditLineId',
  'newInRunId',
  'resolvedInRunId',
];

export function getComplianceRunList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<ComplianceRun>> {
  return fetchPage(request, RUNS_QUERY, 'complianceRuns', params, {});
}

export async function getComplianceRun(
  request: GraphQLRequest,
  params: GetOneParams,
): Promise<{ data: ComplianceRun }> {
  const data = await request<{ complianceRun: ComplianceRun | null }>(RUN_QUERY, { id: String(params.id) });
  if (!data.complianceRun) throw new HttpError(`Compliance run ${params.id} not found`, 404);
  return { data: data.complianceRun };
}

export function getFindingList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<ComplianceFinding>> {
  const filter = pickFilter(params.filter, FINDING_FILTER_KEYS);
  if (typeof filter.checkId === 'string') filter.checkId = filter.checkId.trim();
  return fetchConnection(request, FINDINGS_QUERY, 'complianceFindings', params, filter);
}

export async function getFinding(
  request: GraphQLRequest,
  params: GetOneParams,
): Promise<{ data: ComplianceFinding }> {
  const data = await request<{ complianceFinding: ComplianceFinding | null }>(FINDING_QUERY, {
    id: String(params.id),
  });
  if (!data.complianceFinding) throw new HttpError(`Compliance finding ${params.id} not found`, 404);
  return { data: data.complianceFinding };
}

export async function runComplianceCheck(request: GraphQLRequest): Promise<{ data: ComplianceRun }> {
  const data = await request<{ runComplianceCheck: ComplianceRun }>(RUN_MUTATION, {
    productKey: PRODUCT_KEY,
  });
  return { data: data.runComplianceCheck };
}

export async function annotateFinding(
  request: GraphQLRequest,
  params: { id: string; note: string },
): Promise<{ data: ComplianceFinding }> {
  const data = await request<{ annotateComplianceFinding: ComplianceFinding }>(ANNOTATE_MUTATION, {
    input: { id: params.id, note: params.note.trim() },
  });
  return { data: data.annotateComplianceFinding };
}
