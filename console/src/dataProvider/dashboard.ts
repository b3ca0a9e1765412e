import type { GetOneParams } from 'react-admin';
import type { DecisionOutcome, PolicyKind } from './decisions';
import type { GraphQLRequest } from './graphqlClient';
import { OPEN_ALERTS_FIELD } from './monitoring';

export const OUTCOMES: DecisionOutcome[] = ['APPROVE', 'REFER', 'DECLINE'];

export type DayCounts = { start: string } & Record<DecisionOutcome, number>;

export type PolicyPublish = {
  seq: string;
  at: string;
  actor: string;
  action: 'publish' | 'rollback';
  policyId: string;
  kind: PolicyKind;
  number: number;
};

export type DashboardStats = {
  id: string;
  days: DayCounts[];
  /** Decisions in the whole window that granted more than the borrower can repay. */
  overflowDecisions: number;
  /** Borrowers with an active line above their affordable limit now. */
  overflowBorrowers: number;
  pendingReferrals: number;
  /** Monitoring alerts nobody has acted on yet (status OPEN). */
  openAlerts: number;
  /** Newest first. */
  publishes: PolicyPublish[];
  queues: WorkQueues;
  /** What the guided first run of the demo links to; null when demo mode is off. */
  demo: DemoGuide | null;
};

/** What waits for the signed-in person, counted by the API; the dashboard shows those of their roles. */
export type WorkQueues = {
  awaitingMyReview: number;
  myDrafts: number;
  myRejected: number;
  pendingReferrals: number;
  pendingCuts: number;
  failedBacktests: number;
  failedReviews: number;
};

export type DemoGuide = {
  /** The newest decision, to open its trace. */
  decisionId: string | null;
  /** The ADMISSION policy, whose thresholds the guide suggests changing. */
  admissionPolicyId: string | null;
};

/** How many publishes the dashboard lists. */
export const LATEST_PUBLISHES = 5;

const count = (filter: string) => `decisions(first: 0, filter: { ${filter} }) { totalCount }`;

const auditEvents = (action: PolicyPublish['action']) =>
  `auditEvents(first: ${LATEST_PUBLISHES}, filter: { action: "${action}", entityType: "PolicyVersion" }) {
    edges { node { seq at actor action summary } }
  }`;

/**
 * How many decisions of `$outcome` each day had: the API counts (no page of decisions is fetched to be
 * counted here). `$t0`...`$tN` are the day starts and the end of the last day. One outcome per query keeps
 * a query within the API's limit of 30 aliases.
 */
export function dailyCountsQuery(dayCount: number): string {
  const days = Array.from({ length: dayCount }, (_, day) => day);
  const variables = [...days, dayCount].map((index) => `$t${index}: DateTime!`).join(', ');
  const perDay = days.map(
    (day) => `d${day}: ${count(`from: $t${day}, to: $t${day + 1}, outcome: $outcome`)}`,
  );
  return `query DailyDecisions($outcome: DecisionOutcome!, ${variables}) {
    ${perDay.join('\n    ')}
  }`;
}

/** The overflow and referral counts, and the latest publishes and rollbacks from the audit log. */
export const OVERVIEW_QUERY = `query DashboardOverview($from: DateTime!, $to: DateTime!) {
  overflowDecisions: ${count('from: $from, to: $to, overflow: true')}
  overflowBorrowers: borrowers(first: 0, filter: { overflowOnly: true }) { totalCount }
  pendingReferrals: ${count('referralStatus: PENDING')}
  ${OPEN_ALERTS_FIELD}
  published: ${auditEvents('publish')}
  rolledBack: ${auditEvents('rollback')}
}`;

type Total = { totalCount: number };
type AuditConnection = {
  edges: {
    node: {
      seq: string;
      at: string;
      actor: string;
      action: PolicyPublish['action'];
      summary: Record<string, unknown>;
    };
  }[];
};

/** Publishes and rollbacks merged newest first: both put a version live. */
export function latestPublishes(...connections: AuditConnection[]): PolicyPublish[] {
  return connections
    .flatMap((connection) => connection.edges.map((edge) => edge.node))
    .sort((a, b) => Number(b.seq) - Number(a.seq))
    .slice(0, LATEST_PUBLISHES)
    .map(({ summary, ...event }) => ({
      ...event,
      policyId: String(summary.policyId),
      kind: summary.kind as PolicyKind,
      number: Number(summary.number),
    }));
}

/** Each count of the person's queues; versions are judged by who had a hand in them, on the server. */
export const QUEUES_QUERY = `query WorkQueues {
  awaitingMyReview: policyVersions(first: 0, filter: { queue: AWAITING_MY_REVIEW }) { totalCount }
  myDrafts: policyVersions(first: 0, filter: { queue: MY_DRAFTS }) { totalCount }
  myRejected: policyVersions(first: 0, filter: { queue: MY_REJECTED }) { totalCount }
  pendingCuts: alerts(first: 0, filter: { cutStatus: PENDING_APPROVAL }) { totalCount }
  failedBacktests: backtests(first: 0, status: FAILED) { totalCount }
  failedReviews: portfolioReviews(first: 0, status: FAILED) { totalCount }
  demoMode
  latestDecision: decisions(first: 1) { edges { node { id } } }
  policies { id kind }
}`;

type QueuesAnswer = Record<
  'awaitingMyReview' | 'myDrafts' | 'myRejected' | 'pendingCuts' | 'failedBacktests' | 'failedReviews',
  Total
> & {
  demoMode: boolean;
  latestDecision: { edges: { node: { id: string } }[] };
  policies: { id: string; kind: PolicyKind }[];
};

/** The figures for the window `meta.boundaries` spans (day starts, then the end of the last day). */
export async function getDashboard(
  request: GraphQLRequest,
  params: GetOneParams,
): Promise<{ data: DashboardStats }> {
  const boundaries: string[] = params.meta?.boundaries ?? [];
  const dayCount = boundaries.length - 1;
  const bounds = Object.fromEntries(boundaries.map((boundary, index) => [`t${index}`, boundary]));
  const dailyQuery = dailyCountsQuery(dayCount);
  const [queues, overview, ...perOutcome] = await Promise.all([
    request<QueuesAnswer>(QUEUES_QUERY),
    request<
      Record<'overflowDecisions' | 'overflowBorrowers' | 'pendingReferrals' | 'openAlerts', Total> & {
        published: AuditConnection;
        rolledBack: AuditConnection;
      }
    >(OVERVIEW_QUERY, { from: boundaries[0], to: boundaries[dayCount] }),
    ...OUTCOMES.map((outcome) => request<Record<string, Total>>(dailyQuery, { outcome, ...bounds })),
  ]);
  const days = boundaries.slice(0, -1).map((start, day) => {
    const counts = OUTCOMES.map((outcome, index) => [outcome, perOutcome[index][`d${day}`].totalCount]);
    return { start, ...Object.fromEntries(counts) } as DayCounts;
  });
  return {
    data: {
      id: String(params.id),
      days,
      overflowDecisions: overview.overflowDecisions.totalCount,
      overflowBorrowers: overview.overflowBorrowers.totalCount,
      pendingReferrals: overview.pendingReferrals.totalCount,
      openAlerts: overview.openAlerts.totalCount,
      publishes: latestPublishes(overview.published, overview.rolledBack),
      queues: {
        awaitingMyReview: queues.awaitingMyReview.totalCount,
        myDrafts: queues.myDrafts.totalCount,
        myRejected: queues.myRejected.totalCount,
        pendingReferrals: overview.pendingReferrals.totalCount,
        pendingCuts: queues.pendingCuts.totalCount,
        failedBacktests: queues.failedBacktests.totalCount,
        failedReviews: queues.failedReviews.totalCount,
      },
      demo: queues.demoMode
        ? {
            decisionId: queues.latestDecision.edges[0]?.node.id ?? null,
            admissionPolicyId: queues.policies.find((policy) => policy.kind === 'ADMISSION')?.id ?? null,
          }
        : null,
    },
  };
}
