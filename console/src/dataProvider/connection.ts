import type { GetListParams, GetListResult, RaRecord } from 'react-admin';
import type { GraphQLRequest } from './graphqlClient';
import { toConnectionArgs } from './pagination';

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

/** The same, for connections whose arguments are not one `filter` input (`kind`, `productKey`...). */
export async function fetchPage<T>(
  request: GraphQLRequest,
  query: string,
  field: string,
  params: GetListParams,
  variables: Record<string, unknown>,
): Promise<{ data: T[]; total: number }> {
  const data = await request<Record<string, Connection<T>>>(query, {
    ...toConnectionArgs(params.pagination),
    ...variables,
  });
  return flatten(data[field]);
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
