import { type GetListParams, type GetListResult, type GetOneParams, HttpError } from 'react-admin';
import { fetchConnection, pickFilter } from './connection';
import type { GraphQLRequest } from './graphqlClient';
import type { BulkResult } from './monitoring';

export type DecisionOutcome = 'APPROVE' | 'DECLINE' | 'REFER';
export type PolicyKind = 'ADMISSION' | 'LIMIT' | 'PRICING' | 'MONITORING' | 'EXPOSURE' | 'COMPLIANCE';
export type ReferralStatus = 'PENDING' | 'APPROVED' | 'DECLINED';

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
  referralStatus: ReferralStatus | null;
  affordableLimit: string | null;
  // Only fetched by getOne and the referral queue: the decision list stays light.
  reasons?: {
    code: string;
    message: string;
    policyKind: PolicyKind;
    rule: string;
    /** The figures the message embeds, to word it in any language. */
    params?: Record<string, number | string> | null;
  }[];
  // Only fetched by getOne.
  latencyMs?: number;
  resolution?: {
    status: ReferralStatus;
    limit: string | null;
    note: string;
    resolvedAt: string;
    resolvedBy: string;
  } | null;
  creditLine?: { id: string; limit: string } | null;
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

export const DECISION_LIST_FIELDS = `
  id outcome approvedLimit aprBps termMonths riskTier overflow decidedAt productKey referralStatus affordableLimit
  borrower { id externalRef name }`;

const REASON_FIELDS = 'reasons { code message policyKind rule params }';

const DETAIL_FIELDS = `${DECISION_LIST_FIELDS} ${REASON_FIELDS}
  latencyMs facts trace
  resolution { status limit note resolvedAt resolvedBy }
  creditLine { id limit }
  revisions { kind policyId versionId number revision }
  application { id requestedAmount termMonths purpose channel }`;

const listQuery = (fields: string) => `query Decisions($first: Int, $after: String, $filter: DecisionFilter) {
  decisions(first: $first, after: $after, filter: $filter) { totalCount edges { node { ${fields} } } }
}`;

const LIST_QUERY = listQuery(DECISION_LIST_FIELDS);
const REFERRAL_QUERY = listQuery(`${DECISION_LIST_FIELDS} ${REASON_FIELDS}`);

const ONE_QUERY = `query Decision($id: ID!) { decision(id: $id) { ${DETAIL_FIELDS} } }`;

const FILTER_KEYS = [
  'outcome',
  'borrowerId',
  'productKey',
  'from',
  'to',
  'overflow',
  'referralStatus',
  'reason',
];

/** Always an object, never null: an empty filter means "no filter" to any resolver. */
export function toDecisionFilter(filter: Record<string, unknown> | undefined): Record<string, unknown> {
  return pickFilter(filter, FILTER_KEYS);
}

export function getDecisionList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<Decision>> {
  return fetchConnection(request, LIST_QUERY, 'decisions', params, toDecisionFilter(params.filter));
}

/** The review queue: referred decisions nobody has resolved yet, with the reasons they were referred for. */
export function getReferralList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<Decision>> {
  const filter = { ...toDecisionFilter(params.filter), referralStatus: 'PENDING' };
  return fetchConnection(request, REFERRAL_QUERY, 'decisions', params, filter);
}

export interface ResolveReferralParams {
  decisionId: string;
  action: 'APPROVE' | 'DECLINE';
  /** Required to approve; ignored by a decline. */
  limit?: string;
  note: string;
}

const RESOLVE_MUTATION = `mutation ResolveReferral($input: ResolveReferralInput!) {
  resolveReferral(input: $input) { ${DETAIL_FIELDS} }
}`;

export async function resolveReferral(
  request: GraphQLRequest,
  params: ResolveReferralParams,
): Promise<{ data: Decision }> {
  const input = { ...params, limit: params.action === 'APPROVE' ? params.limit : undefined };
  const data = await request<{ resolveReferral: Decision }>(RESOLVE_MUTATION, { input });
  return { data: data.resolveReferral };
}

export interface ResolveReferralsParams {
  decisionIds: string[];
  /** APPROVE grants each the most its policy and the borrower's repayment capacity allow. */
  action: 'APPROVE' | 'DECLINE';
  note: string;
}

const RESOLVE_MANY_MUTATION = `mutation ResolveReferrals($input: ResolveReferralsInput!) {
  resolveReferrals(input: $input) {
    succeeded { ${DECISION_LIST_FIELDS} } failures { id code reason message }
  }
}`;

/** Each referral named, in its own transaction and audited alone: the refusals come back one by one. */
export async function resolveReferrals(
  request: GraphQLRequest,
  input: ResolveReferralsParams,
): Promise<{ data: BulkResult<Decision> }> {
  const data = await request<{ resolveReferrals: BulkResult<Decision> }>(RESOLVE_MANY_MUTATION, { input });
  return { data: data.resolveReferrals };
}

export async function getDecision(
  request: GraphQLRequest,
  params: GetOneParams,
): Promise<{ data: Decision }> {
  const data = await request<{ decision: Decision | null }>(ONE_QUERY, { id: String(params.id) });
  if (!data.decision) throw new HttpError(`Decision ${params.id} not found`, 404);
  return { data: data.decision };
}
