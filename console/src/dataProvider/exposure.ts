import type { GetListParams, GetListResult } from 'react-admin';
import type { GraphQLRequest } from './graphqlClient';

export type BudgetWindowKind = 'DAY' | 'MONTH';
export type BudgetMeasure = 'NEW_EXPOSURE' | 'APPROVALS';
export type BudgetAction = 'REFER' | 'DECLINE' | 'SHRINK';

export const BUDGET_WINDOWS: BudgetWindowKind[] = ['DAY', 'MONTH'];
export const BUDGET_MEASURES: BudgetMeasure[] = ['NEW_EXPOSURE', 'APPROVALS'];
export const BUDGET_ACTIONS: BudgetAction[] = ['REFER', 'DECLINE', 'SHRINK'];

/** A published budget of a product and its current window: CNY of new exposure or a count of approvals. */
export interface ExposureBudget {
  /** The budget's name: unique within its product's EXPOSURE policy. */
  id: string;
  name: string;
  description: string | null;
  window: BudgetWindowKind;
  measure: BudgetMeasure;
  onExceed: BudgetAction;
  amount: number | null;
  share: number | null;
  segment: Record<string, unknown> | null;
  timeZone: string;
  current: {
    window: string;
    startsAt: string;
    endsAt: string;
    used: number;
    limit: number | null;
    left: number | null;
    projectedAtEnd: number;
    stopped: number;
    series: { at: string; used: number }[];
  };
}

const BUDGETS_QUERY = `query ExposureBudgets($productKey: String!) {
  exposureBudgets(productKey: $productKey) {
    name description window measure onExceed amount share segment timeZone
    current { window startsAt endsAt used limit left projectedAtEnd stopped series { at used } }
  }
}`;

export const DEFAULT_BUDGET_PRODUCT = 'cash-line';

/** Every budget of `filter.productKey` (cash-line by default), live: one page, as the policy lists them. */
export async function getBudgetList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<ExposureBudget>> {
  const productKey = String(params.filter?.productKey ?? DEFAULT_BUDGET_PRODUCT);
  const data = await request<{ exposureBudgets: Omit<ExposureBudget, 'id'>[] }>(BUDGETS_QUERY, {
    productKey,
  });
  const budgets = data.exposureBudgets.map((budget) => ({ ...budget, id: budget.name }));
  return { data: budgets, total: budgets.length };
}
