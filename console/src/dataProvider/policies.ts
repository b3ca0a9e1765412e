import { type GetListParams, type GetListResult, type GetOneParams, HttpError } from 'react-admin';
import { fetchConnection, pageOf, pickFilter } from './connection';
import type { PolicyKind } from './decisions';
import type { GraphQLRequest } from './graphqlClient';

export type VersionStatus = 'DRAFT' | 'IN_REVIEW' | 'APPROVED' | 'PUBLISHED' | 'RETIRED' | 'REJECTED';
export type ChallengerMode = 'SHADOW' | 'SPLIT';

/** One problem in a policy document, as rules/ reports it: `path` is a JSON path into the document. */
export type PolicyProblem = {
  code: string;
  path: string;
  message: string;
  severity: 'error' | 'warning';
};

export type Person = { id: string; name: string };

export type VersionRef = { id: string; number: number; revision: string };

/** A version as the history lists it: who did what, when. */
export type VersionSummary = {
  id: string;
  number: number;
  status: VersionStatus;
  revision: string;
  lockVersion: number;
  basedOnNumber: number | null;
  author: Person | null;
  submittedBy: Person | null;
  submittedAt: string | null;
  reviewedBy: Person | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  effectiveAt: string | null;
  publishedAt: string | null;
  retiredAt: string | null;
};

export type Policy = {
  id: string;
  kind: PolicyKind;
  productKey: string;
  challengerMode: ChallengerMode | null;
  challengerShare: number | null;
  publishedVersion: (VersionRef & { publishedAt: string | null }) | null;
  challengerVersion: VersionRef | null;
  scheduledVersion: (VersionRef & { effectiveAt: string | null }) | null;
  // Only fetched by getOne.
  versions?: VersionSummary[];
};

export type PolicyVersion = VersionSummary & {
  document: Record<string, unknown>;
  validation: { valid: boolean; errors: PolicyProblem[]; warnings: PolicyProblem[] };
  policy: {
    id: string;
    kind: PolicyKind;
    productKey: string;
    /** What the editor diffs against and the Try panel compares with. */
    publishedVersion: (VersionRef & { document: Record<string, unknown> }) | null;
  };
};

export type FactDefinition = {
  /** The fact's name: react-admin needs an `id`. */
  id: string;
  name: string;
  type: 'number' | 'integer' | 'string' | 'boolean';
  unit: string | null;
  description: string;
  source: string;
  example: unknown;
  default: unknown;
};

const REF_FIELDS = 'id number revision';

const POLICY_FIELDS = `id kind productKey challengerMode challengerShare
  publishedVersion { ${REF_FIELDS} publishedAt }
  challengerVersion { ${REF_FIELDS} }
  scheduledVersion { ${REF_FIELDS} effectiveAt }`;

const VERSION_SUMMARY_FIELDS = `id number status revision lockVersion basedOnNumber
  author { id name } submittedBy { id name } submittedAt reviewedBy { id name } reviewedAt reviewNote
  effectiveAt publishedAt retiredAt`;

const PROBLEM_FIELDS = 'code path message severity';

const VERSION_FIELDS = `${VERSION_SUMMARY_FIELDS} document
  validation { valid errors { ${PROBLEM_FIELDS} } warnings { ${PROBLEM_FIELDS} } }
  policy { id kind productKey publishedVersion { ${REF_FIELDS} document } }`;

/** A version in a list across policies: with the policy it belongs to, to open it under its policy. */
export type VersionListItem = VersionSummary & {
  policy: { id: string; kind: PolicyKind; productKey: string };
};

export type VersionQueue = 'AWAITING_MY_REVIEW' | 'MY_DRAFTS' | 'MY_REJECTED';
export const VERSION_QUEUES: VersionQueue[] = ['AWAITING_MY_REVIEW', 'MY_DRAFTS', 'MY_REJECTED'];
export const VERSION_STATUSES: VersionStatus[] = [
  'DRAFT',
  'IN_REVIEW',
  'APPROVED',
  'PUBLISHED',
  'RETIRED',
  'REJECTED',
];

const VERSIONS_QUERY = `query PolicyVersions($first: Int, $after: String, $filter: PolicyVersionFilter) {
  policyVersions(first: $first, after: $after, filter: $filter) {
    totalCount edges { node { ${VERSION_SUMMARY_FIELDS} policy { id kind productKey } } }
  }
}`;

/** Versions across the policies, by status or by the signed-in person's queue. */
export function getVersionList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<VersionListItem>> {
  return fetchConnection(
    request,
    VERSIONS_QUERY,
    'policyVersions',
    params,
    pickFilter(params.filter, ['status', 'queue']),
  );
}

const LIST_QUERY = `query Policies($productKey: String!) { policies(productKey: $productKey) { ${POLICY_FIELDS} } }`;

const ONE_QUERY = `query Policy($id: ID!) {
  policy(id: $id) { ${POLICY_FIELDS} versions { ${VERSION_SUMMARY_FIELDS} } }
}`;

const VERSION_QUERY = `query PolicyVersion($id: ID!) { policyVersion(id: $id) { ${VERSION_FIELDS} } }`;

const FACT_CATALOG_QUERY =
  'query FactCatalog { factCatalog { name type unit description source example default } }';

/** The product every installation has; the API offers no list of products to choose from. */
export const DEFAULT_PRODUCT_KEY = 'cash-line';

export async function getPolicyList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<Policy>> {
  const productKey = String(params.filter?.productKey ?? '').trim() || DEFAULT_PRODUCT_KEY;
  const data = await request<{ policies: Policy[] }>(LIST_QUERY, { productKey });
  return pageOf(data.policies, params);
}

export async function getPolicy(request: GraphQLRequest, params: GetOneParams): Promise<{ data: Policy }> {
  const data = await request<{ policy: Policy | null }>(ONE_QUERY, { id: String(params.id) });
  if (!data.policy) throw new HttpError(`Policy ${params.id} not found`, 404);
  return { data: data.policy };
}

export async function getPolicyVersion(
  request: GraphQLRequest,
  params: GetOneParams,
): Promise<{ data: PolicyVersion }> {
  const data = await request<{ policyVersion: PolicyVersion | null }>(VERSION_QUERY, {
    id: String(params.id),
  });
  if (!data.policyVersion) throw new HttpError(`Policy version ${params.id} not found`, 404);
  return { data: data.policyVersion };
}

export async function getFactCatalog(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<FactDefinition>> {
  const data = await request<{ factCatalog: Omit<FactDefinition, 'id'>[] }>(FACT_CATALOG_QUERY);
  return pageOf(
    data.factCatalog.map((fact) => ({ ...fact, id: fact.name })),
    params,
  );
}

// The workflow: each mutation answers with the version as the history shows it; pages refresh after it.

export interface VersionActionParams {
  versionId: string;
  /** The lock version the user saw: a version changed meanwhile is a CONFLICT, not a surprise. */
  expectedLockVersion?: number;
  comment?: string;
}

export interface UpdateDraftParams {
  versionId: string;
  document: Record<string, unknown>;
  expectedLockVersion: number;
}

export interface PublishParams {
  versionId: string;
  /** ISO time to publish at; now when absent. */
  effectiveAt?: string | null;
}

export interface RollbackParams {
  policyId: string;
  /** The RETIRED version to publish again; the most recently retired when absent. */
  versionId?: string;
}

export interface ChallengerParams {
  policyId: string;
  /** An APPROVED version; none removes the challenger. */
  versionId?: string;
  mode?: ChallengerMode;
  share?: number;
}

type VersionMutation = 'submitVersion' | 'approveVersion' | 'rejectVersion';

const versionMutation = (name: string, input: string) =>
  `mutation ${name[0].toUpperCase()}${name.slice(1)}($input: ${input}!) {
    ${name}(input: $input) { ${VERSION_SUMMARY_FIELDS} }
  }`;

async function mutateVersion(
  request: GraphQLRequest,
  name: VersionMutation | 'createDraft' | 'updateDraft' | 'publishVersion' | 'rollbackPolicy',
  inputType: string,
  input: Record<string, unknown>,
): Promise<{ data: VersionSummary }> {
  const data = await request<Record<string, VersionSummary>>(versionMutation(name, inputType), { input });
  return { data: data[name] };
}

export const createDraft = (request: GraphQLRequest, params: { policyId: string; fromVersionId?: string }) =>
  mutateVersion(request, 'createDraft', 'CreateDraftInput', params);

export const updateDraft = (request: GraphQLRequest, params: UpdateDraftParams) =>
  mutateVersion(request, 'updateDraft', 'UpdateDraftInput', { ...params });

export const actOnVersion = (request: GraphQLRequest, name: VersionMutation, params: VersionActionParams) =>
  mutateVersion(request, name, 'VersionActionInput', { ...params });

export const publishVersion = (request: GraphQLRequest, params: PublishParams) =>
  mutateVersion(request, 'publishVersion', 'PublishVersionInput', {
    versionId: params.versionId,
    effectiveAt: params.effectiveAt || undefined,
  });

export const rollbackPolicy = (request: GraphQLRequest, params: RollbackParams) =>
  mutateVersion(request, 'rollbackPolicy', 'RollbackPolicyInput', { ...params });

export async function setChallenger(
  request: GraphQLRequest,
  params: ChallengerParams,
): Promise<{ data: Policy }> {
  const data = await request<{ setChallenger: Policy }>(
    `mutation SetChallenger($input: SetChallengerInput!) { setChallenger(input: $input) { ${POLICY_FIELDS} } }`,
    { input: params },
  );
  return { data: data.setChallenger };
}
