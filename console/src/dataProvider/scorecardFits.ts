import type { ScorecardFitReport, ScorecardSpec } from '@spillway/rules';
import { type GetListParams, type GetListResult, type GetOneParams, HttpError } from 'react-admin';
import type { JobStatus } from './backtests';
import { fetchPage, pickFilter } from './connection';
import type { PolicyKind } from './decisions';
import type { GraphQLRequest } from './graphqlClient';

/** A candidate characteristic: a catalog fact of the cases, or an expression over them. */
export interface FitCandidate {
  name: string;
  fact?: string;
  expression?: string;
  reasonCode: string;
}

export type ScorecardFit = {
  id: string;
  status: JobStatus;
  name: string;
  outcome: string;
  productKey: string;
  policyId: string;
  policyKind: PolicyKind;
  caseSet: { id: string; name: string } | null;
  casesTotal: number;
  casesRead: number;
  casesSkipped: number;
  /** 0 to 1. */
  progress: number;
  testShare: number;
  seed: number;
  createdAt: string;
  createdBy: string;
  finishedAt: string | null;
  draftVersion: { id: string; number: number; status: string } | null;
  // Only fetched by getOne.
  characteristics?: FitCandidate[];
  error?: string | null;
  failure?: { reason?: string; field?: string } | null;
  report?: ScorecardFitReport | null;
  scorecard?: ScorecardSpec | null;
};

export interface StartScorecardFitParams {
  caseSetId: string;
  /** The policy the card goes into as a draft; the product's MONITORING policy when absent. */
  policyId?: string;
  name: string;
  outcome?: string;
  characteristics: FitCandidate[];
  testShare?: number;
  seed?: number;
}

const LIST_FIELDS = `id status name outcome productKey policyId policyKind caseSet { id name } casesTotal
  casesRead casesSkipped progress testShare seed createdAt createdBy finishedAt draftVersion { id number status }`;

const DETAIL_FIELDS = `${LIST_FIELDS} characteristics error failure report scorecard`;

const LIST_QUERY = `query ScorecardFits($first: Int, $after: String, $status: JobStatus, $caseSetId: ID) {
  scorecardFits(first: $first, after: $after, status: $status, caseSetId: $caseSetId) {
    totalCount edges { node { ${LIST_FIELDS} } }
  }
}`;

const ONE_QUERY = `query ScorecardFit($id: ID!) { scorecardFit(id: $id) { ${DETAIL_FIELDS} } }`;

const START_MUTATION = `mutation StartScorecardFit($input: StartScorecardFitInput!) {
  startScorecardFit(input: $input) { ${LIST_FIELDS} }
}`;

export function getScorecardFitList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<ScorecardFit>> {
  return fetchPage(
    request,
    LIST_QUERY,
    'scorecardFits',
    params,
    pickFilter(params.filter, ['status', 'caseSetId']),
  );
}

export async function getScorecardFit(
  request: GraphQLRequest,
  params: GetOneParams,
): Promise<{ data: ScorecardFit }> {
  const data = await request<{ scorecardFit: ScorecardFit | null }>(ONE_QUERY, { id: String(params.id) });
  if (!data.scorecardFit) throw new HttpError(`Scorecard fit ${params.id} not found`, 404);
  return { data: data.scorecardFit };
}

export async function startScorecardFit(
  request: GraphQLRequest,
  input: StartScorecardFitParams,
): Promise<{ data: ScorecardFit }> {
  const data = await request<{ startScorecardFit: ScorecardFit }>(START_MUTATION, { input });
  return { data: data.startScorecardFit };
}
