import { type GetListParams, type GetListResult, type GetOneParams, HttpError } from 'react-admin';
import { type Connection, fetchConnection } from './connection';
import type { DecisionOutcome, PolicyKind } from './decisions';
import type { GraphQLRequest } from './graphqlClient';
import { toConnectionArgs } from './pagination';
import type { PolicyProblem } from './policies';

export type CaseSet = {
  id: string;
  name: string;
  productKey: string;
  caseCount: number;
  createdAt: string;
};

/** A historical case; its facts stay on the server, which tries the policy on them by id. */
export type HistoricalCase = {
  id: string;
  line: number;
  externalRef: string | null;
  observedDefault: boolean | null;
};

/** The policy to try: an unsaved document (run with its product's published policies) or a stored version. */
export type TryPolicySource =
  | { document: Record<string, unknown>; productKey: string }
  | { versionId: string };

/** The case to try it on: a stored decision's facts, a historical case, a borrower's profile, or typed facts. */
export type TryCaseSource =
  | { decisionId: string }
  | { caseId: string }
  | { borrowerId: string; application: TryApplication }
  | { facts: Record<string, unknown> };

export type TryPolicyParams = TryPolicySource & TryCaseSource;

export interface TryApplication {
  /** Money, as a decimal string. */
  requestedAmount: string;
  termMonths: number;
}

/** rules/' pipeline result, as JSON: money is a number of CNY here, not a decimal string. */
export type TryResult = {
  outcome: DecisionOutcome;
  approvedLimit?: number | null;
  aprBps?: number | null;
  termMonths?: number | null;
  riskTier?: string | null;
  affordableLimit?: number | null;
  overflow?: boolean;
  reasons: { code: string; message: string; policyKind: PolicyKind; rule: string }[];
  [key: string]: unknown;
};

export type TryOutcome = { result: TryResult; trace: unknown; problems: PolicyProblem[] };

const CASE_SET_FIELDS = 'id name productKey caseCount createdAt';

const CASE_SETS_QUERY = `query CaseSets($first: Int, $after: String) {
  caseSets(first: $first, after: $after) { totalCount edges { node { ${CASE_SET_FIELDS} } } }
}`;

const CASE_SET_QUERY = `query CaseSet($id: ID!) { caseSet(id: $id) { ${CASE_SET_FIELDS} } }`;

const CASES_QUERY = `query Cases($id: ID!, $first: Int, $after: String) {
  caseSet(id: $id) { cases(first: $first, after: $after) {
    totalCount edges { node { id line externalRef observedDefault } }
  } }
}`;

const TRY_MUTATION = `mutation TryPolicy($input: TryPolicyInput!) {
  tryPolicy(input: $input) { result trace problems { code path message severity } }
}`;

export function getCaseSetList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<CaseSet>> {
  return fetchConnection(request, CASE_SETS_QUERY, 'caseSets', params, {});
}

export async function getCaseSet(request: GraphQLRequest, params: GetOneParams): Promise<{ data: CaseSet }> {
  const data = await request<{ caseSet: CaseSet | null }>(CASE_SET_QUERY, { id: String(params.id) });
  if (!data.caseSet) throw new HttpError(`Case set ${params.id} not found`, 404);
  return { data: data.caseSet };
}

/** The cases of the set named by `filter.caseSetId`, in file order. */
export async function getCaseList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<HistoricalCase>> {
  const id = params.filter?.caseSetId;
  if (!id) return { data: [], total: 0 };
  const data = await request<{ caseSet: { cases: Connection<HistoricalCase> } | null }>(CASES_QUERY, {
    id,
    ...toConnectionArgs(params.pagination),
  });
  if (!data.caseSet) throw new HttpError(`Case set ${id} not found`, 404);
  const { cases } = data.caseSet;
  return { data: cases.edges.map((edge) => edge.node), total: cases.totalCount };
}

export async function tryPolicy(
  request: GraphQLRequest,
  params: TryPolicyParams,
): Promise<{ data: TryOutcome }> {
  const data = await request<{ tryPolicy: TryOutcome }>(TRY_MUTATION, { input: params });
  return { data: data.tryPolicy };
}
