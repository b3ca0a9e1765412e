import { type GetListParams, type GetListResult, type GetOneParams, HttpError } from 'react-admin';
import { type Connection, fetchConnection, pickFilter } from './connection';
import { DECISION_LIST_FIELDS, type Decision } from './decisions';
import type { GraphQLRequest } from './graphqlClient';
import { ALERT_FIELDS, type Alert, type CreditLine } from './monitoring';
import { MAX_PAGE_SIZE } from './pagination';

export type LimitChange = {
  id: string;
  from: string | null;
  to: string;
  reason: string;
  decisionId: string | null;
  alertId: string | null;
  approvedBy: string | null;
};

export type Borrower = {
  id: string;
  externalRef: string;
  name: string;
  monthlyIncome: string | null;
  overflow: boolean;
  creditLines: CreditLine[];
  // Only fetched by getOne.
  phone?: string | null;
  profile?: Record<string, unknown>;
  limitHistory?: LimitChange[];
  decisions?: Decision[];
};

const LIST_FIELDS = `id externalRef name monthlyIncome overflow
  creditLines { id limit drawnBalance aprBps affordableLimit overflow status }`;

const LIST_QUERY = `query Borrowers($first: Int, $after: String, $filter: BorrowerFilter) {
  borrowers(first: $first, after: $after, filter: $filter) { totalCount edges { node { ${LIST_FIELDS} } } }
}`;

// The show page lists the newest decisions only: a borrower with more has them in the decision list.
const ONE_QUERY = `query Borrower($id: ID!) {
  borrower(id: $id) {
    ${LIST_FIELDS} phone profile
    creditLines { behaviour behaviourAsOf history
      alerts(first: ${MAX_PAGE_SIZE}) { edges { node { ${ALERT_FIELDS} } } } }
    limitHistory { id from to reason decisionId alertId approvedBy }
    decisions(first: ${MAX_PAGE_SIZE}) { totalCount edges { node { ${DECISION_LIST_FIELDS} } } }
  }
}`;

/** The console's `q` search box and overflow toggle, in BorrowerFilter's words. */
export function toBorrowerFilter(filter: Record<string, unknown> | undefined): Record<string, unknown> {
  const { q, overflowOnly } = filter ?? {};
  // An unticked overflow-only box means "everyone", not "only borrowers within capacity".
  return pickFilter(
    { search: typeof q === 'string' ? q.trim() : q, overflowOnly: overflowOnly || undefined },
    ['search', 'overflowOnly'],
  );
}

export function getBorrowerList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<Borrower>> {
  return fetchConnection(request, LIST_QUERY, 'borrowers', params, toBorrowerFilter(params.filter));
}

type BorrowerPayload = Omit<Borrower, 'decisions' | 'creditLines'> & {
  decisions: Connection<Decision>;
  creditLines: (Omit<CreditLine, 'alerts'> & { alerts: Connection<Alert> })[];
};

export async function getBorrower(
  request: GraphQLRequest,
  params: GetOneParams,
): Promise<{ data: Borrower }> {
  const data = await request<{ borrower: BorrowerPayload | null }>(ONE_QUERY, { id: String(params.id) });
  if (!data.borrower) throw new HttpError(`Borrower ${params.id} not found`, 404);
  const { decisions, ...borrower } = data.borrower;
  // GraphQL merges the two selections of creditLines (the list's fields and the show page's extras).
  const creditLines = borrower.creditLines.map((line) => ({
    ...line,
    alerts: line.alerts.edges.map((edge) => edge.node),
  }));
  return { data: { ...borrower, creditLines, decisions: decisions.edges.map((edge) => edge.node) } };
}
