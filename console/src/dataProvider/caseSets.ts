import { type GetListParams, type GetListResult, type GetOneParams, HttpError } from 'react-admin';
import { type Connection, fetchConnection, flatten } from './connection';
import type { GraphQLRequest } from './graphqlClient';
import { toConnectionArgs } from './pagination';

export type CaseSetFormat = 'CSV' | 'JSONL';

export type CaseSet = {
  id: string;
  name: string;
  productKey: string;
  caseCount: number;
  defaultCount: number;
  unknownOutcomeCount: number;
  failedRowCount: number;
  status: 'COMPLETE' | 'PARTIAL';
  source: string;
  createdAt: string;
  createdBy: string;
  // Only fetched by getOne.
  mapping?: Record<string, unknown>;
};

/** A historical case; the list shows its facts, the try panel runs a policy on it by id. */
export type HistoricalCase = {
  id: string;
  line: number;
  externalRef: string | null;
  observedDefault: boolean | null;
  facts?: Record<string, unknown>;
  application?: Record<string, unknown>;
  expected?: Record<string, unknown> | null;
};

/** A row that did not map, as the API words it. */
export type CaseRowError = {
  line: number;
  column: string | null;
  path: string;
  code: string;
  message: string;
};

export interface ImportCaseSetParams {
  name: string;
  format: CaseSetFormat;
  mapping: Record<string, unknown>;
  content: string;
  keepValidRows?: boolean;
  refColumn?: string;
}

export type CaseSetImport = {
  caseSet: CaseSet;
  importedRows: number;
  failedRows: number;
  rowErrors: CaseRowError[];
};

const CASE_SET_FIELDS = `id name productKey caseCount defaultCount unknownOutcomeCount failedRowCount status source
  createdAt createdBy`;

const CASE_SETS_QUERY = `query CaseSets($first: Int, $after: String) {
  caseSets(first: $first, after: $after) { totalCount edges { node { ${CASE_SET_FIELDS} } } }
}`;

const CASE_SET_QUERY = `query CaseSet($id: ID!) { caseSet(id: $id) { ${CASE_SET_FIELDS} mapping } }`;

const CASES_QUERY = `query Cases($id: ID!, $first: Int, $after: String) {
  caseSet(id: $id) { cases(first: $first, after: $after) {
    totalCount edges { node { id line externalRef observedDefault facts application expected } }
  } }
}`;

const IMPORT_MUTATION = `mutation ImportCaseSet($input: ImportCaseSetInput!) {
  importCaseSet(input: $input) {
    importedRows failedRows rowErrors { line column path code message }
    caseSet { ${CASE_SET_FIELDS} }
  }
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
  return flatten(data.caseSet.cases);
}

/** All or nothing unless keepValidRows: a refusal carries rowErrors / problems in its extensions. */
export async function importCaseSet(
  request: GraphQLRequest,
  params: ImportCaseSetParams,
): Promise<{ data: CaseSetImport }> {
  const input: Record<string, unknown> = { ...params };
  if (!params.refColumn) delete input.refColumn;
  const data = await request<{ importCaseSet: CaseSetImport }>(IMPORT_MUTATION, { input });
  return { data: data.importCaseSet };
}
