import type { Decision, DecisionOutcome } from './decisions';
import type { GraphQLRequest } from './graphqlClient';
import type { PolicyProblem } from './policies';

/** The policy to try: an unsaved document (run with its product's published policies) or a stored version. */
export type TryPolicySource =
  | { document: Record<string, unknown>; productKey: string }
  | { versionId: string };

/** The case to try it on: a stored decision's facts, a historical case, a borrower's profile, or typed facts. */
export type TryCaseSource =
  | { decisionId: string }
  | { caseId: string }
  | { borrowerId: string; application: TryApplication }
  | { facts: Record<string, unknown> };

export type TryPolicyParams = TryPolicySource & TryCaseSource;

export interface TryApplication {
  /** Money, as a decimal string. */
  requestedAmount: string;
  termMonths: number;
}

/** rules/' pipeline result, as JSON: money is a number of CNY here, not a decimal string. */
export type TryResult = {
  outcome: DecisionOutcome;
  approvedLimit?: number | null;
  aprBps?: number | null;
  termMonths?: number | null;
  riskTier?: string | null;
  affordableLimit?: number | null;
  overflow?: boolean;
  reasons: NonNullable<Decision['reasons']>;
  [key: string]: unknown;
};

export type TryOutcome = { result: TryResult; trace: unknown; problems: PolicyProblem[] };

const TRY_MUTATION = `mutation TryPolicy($input: TryPolicyInput!) {
  tryPolicy(input: $input) { result trace problems { code path message severity } }
}`;

export async function tryPolicy(
  request: GraphQLRequest,
  params: TryPolicyParams,
): Promise<{ data: TryOutcome }> {
  const data = await request<{ tryPolicy: TryOutcome }>(TRY_MUTATION, { input: params });
  return { data: data.tryPolicy };
}
