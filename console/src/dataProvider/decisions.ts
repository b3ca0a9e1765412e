import { type GetListParams, type GetListResult, type GetOneParams, HttpError } from 'react-admin';
import type { GraphQLRequest } from './graphqlClient';
import { toConnectionArgs } from './pagination';

export type DecisionOutcome = 'APPROVE' | 'DECLINE' | 'REFER';
export type PolicyKind = 'ADMISSION' | 'LIMIT' | 'PRICING' | 'MONITORING';

// A type alias, not an interface, so that it is assignable to react-admin's RaRecord index signature.
export type Decision = {
  id: string;
  outcome: DecisionOutcome;
  approvedLimit: string | null;
  aprBps: number | null;
  termMonths: number | null;
  riskTier: string | null;
  overflow: boolean;
  decidedAt: string;
  productKey: string;
  borrower: { id: string; externalRef: string; name: string };
  // Only fetched by getOne: the list query stays light.
  affordableLimit?: string | null;
  latencyMs?: number;
  reasons?: { code: string; message: string; policyKind: PolicyKind; rule: string }[];
  revisions?: { kind: PolicyKind; policyId: string; versionId: string; number: number; revision: string }[];
  facts?: Record<string, unknown>;
  trace?: unknown;
  application?: {
    id: string;
    requestedAmount: string;
    termMonths: number;
    purpose: string | null;
    channel: string | null;
  };
};

const LIST_FIELDS = `
  id outcome approvedLimit aprBps termMonths riskTier overflow decidedAt productKey
  borrower { id externalRef name }`;

const DETAIL_FIELDS = `${LIST_FIELDS}
  affordableLimit latencyMs facts trace
  reasons { code message policyKind rule }
  revisions { kind policyId versionId number revision }
  application { id requestedAmount termMonths purpose channel }`;

const LIST_QUERY = `query Decisions($first: Int, $after: String, $filter: DecisionFilter) {
  decisions(first: $first, after: $after, filter: $filter) { totalCount edges { node { ${LIST_FIELDS} } } }
}`;

const ONE_QUERY = `query Decision($id: ID!) { decision(id: $id) { ${DETAIL_FIELDS} } }`;

const FILTER_KEYS = ['outcome', 'borrowerId', 'productKey', 'from', 'to', 'overflow'] as const;

/**
 * Keeps only DecisionFilter's fields: the API rejects unknown input fields, and cleared inputs send ''.
 * Always an object, never null: an empty filter means "no filter" to any resolver.
 */
export function toDecisionFilter(filter: Record<string, unknown> | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) {
    const value = filter?.[key];
    if (value !== undefined && value !== null && value !== '') result[key] = value;
  }
  return result;
}

export async function getDecisionList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<Decision>> {
  const data = await request<{ decisions: { totalCount: number; edges: { node: Decision }[] } }>(LIST_QUERY, {
    ...toConnectionArgs(params.pagination),
    filter: toDecisionFilter(params.filter),
  });
  return { data: data.decisions.edges.map((edge) => edge.node), total: data.decisions.totalCount };
}

export async function getDecision(
  request: GraphQLRequest,
  params: GetOneParams,
): Promise<{ data: Decision }> {
  const data = await request<{ decision: Decision | null }>(ONE_QUERY, { id: String(params.id) });
  if (!data.decision) throw new HttpError(`Decision ${params.id} not found`, 404);
  return { data: data.decision };
}
