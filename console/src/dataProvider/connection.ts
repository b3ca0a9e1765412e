import type { GetListParams, GetListResult, RaRecord } from 'react-admin';
import type { GraphQLRequest } from './graphqlClient';
import { MAX_PAGE_SIZE, offsetCursor } from './pagination';

export interface Connection<T> {
  totalCount: number;
  edges: { node: T }[];
}

/** Runs a connection query whose only top-level field is `field` and flattens it for react-admin. */
export function fetchConnection<T>(
  request: GraphQLRequest,
  query: string,
  field: string,
  params: GetListParams,
  filter: Record<string, unknown>,
): Promise<{ data: T[]; total: number }> {
  return fetchPage(request, query, field, params, { filter });
}

/**
 * The same, for connections whose arguments are not one `filter` input (`kind`, `productKey`...). A page
 * larger than the API serves at once (an export asks for a thousand rows) is fetched in API-sized parts.
 */
export async function fetchPage<T>(
  request: GraphQLRequest,
  query: string,
  field: string,
  params: GetListParams,
  variables: Record<string, unknown>,
): Promise<{ data: T[]; total: number }> {
  const page = Math.max(1, params.pagination?.page ?? 1);
  const perPage = Math.max(1, params.pagination?.perPage ?? 25);
  const data: T[] = [];
  let total = 0;
  for (let offset = (page - 1) * perPage; data.length < perPage; ) {
    const first = Math.min(MAX_PAGE_SIZE, perPage - data.length);
    const answer = await request<Record<string, Connection<T>>>(query, {
      first,
      after: offset > 0 ? offsetCursor(offset - 1) : null,
      ...variables,
    });
    const part = flatten(answer[field]);
    data.push(...part.data);
    total = part.total;
    offset += part.data.length;
    if (part.data.length < first) break;
  }
  return { data, total };
}

export function flatten<T>(connection: Connection<T>): { data: T[]; total: number } {
  return { data: connection.edges.map((edge) => edge.node), total: connection.totalCount };
}

/** Keeps only the named filter fields: the API rejects unknown input fields, and cleared inputs send ''. */
export function pickFilter(
  filter: Record<string, unknown> | undefined,
  keys: readonly string[],
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const value = filter?.[key];
    if (value !== undefined && value !== null && value !== '') result[key] = value;
  }
  return result;
}

/** A page of a list the API returns whole (users, API keys: a handful of rows). */
export function pageOf<T>(rows: T[], params: GetListParams): GetListResult<T & RaRecord> {
  const page = Math.max(1, params.pagination?.page ?? 1);
  const perPage = params.pagination?.perPage ?? rows.length;
  const start = (page - 1) * perPage;
  return { data: rows.slice(start, start + perPage) as (T & RaRecord)[], total: rows.length };
}
