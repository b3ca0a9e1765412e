import type { GetListParams, GetListResult } from 'react-admin';
import { fetchConnection, pickFilter } from './connection';
import type { GraphQLRequest } from './graphqlClient';

export type AuditEvent = {
  /** The event's seq: react-admin needs an `id`. */
  id: string;
  seq: string;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  summary: Record<string, unknown>;
};

export interface AuditVerification {
  valid: boolean;
  checked: number;
  brokenAt: number | null;
  reason: string | null;
}

const LIST_QUERY = `query AuditEvents($first: Int, $after: String, $filter: AuditEventFilter) {
  auditEvents(first: $first, after: $after, filter: $filter) {
    totalCount edges { node { seq at actor action entityType entityId summary } }
  }
}`;

const VERIFY_QUERY = 'query VerifyAuditLog { verifyAuditLog { valid checked brokenAt reason } }';

export async function getAuditList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<AuditEvent>> {
  const filter = pickFilter(params.filter, ['action', 'actor', 'entityType', 'entityId']);
  const result = await fetchConnection<Omit<AuditEvent, 'id'>>(
    request,
    LIST_QUERY,
    'auditEvents',
    params,
    filter,
  );
  return { ...result, data: result.data.map((event) => ({ ...event, id: event.seq })) };
}

export async function verifyAuditLog(request: GraphQLRequest): Promise<{ data: AuditVerification }> {
  const data = await request<{ verifyAuditLog: AuditVerification }>(VERIFY_QUERY);
  return { data: data.verifyAuditLog };
}
