import type { BudgetBacktestReport } from '@spillway/rules';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { formatMoney } from '../core/money.js';
import { Money } from '../graphql/money.scalar.js';

export enum BudgetOrder {
  /** By the application time column of the case set. */
  APPLICATION_TIME = 'APPLICATION_TIME',
  /** The case set has no application time: file order, every case in the window of the backtest's asOf. */
  FILE_ORDER = 'FILE_ORDER',
}

registerEnumType(BudgetOrder, { name: 'BudgetOrder' });

/** What a backtest stores of its budget pass: the rules report and the order its cases were taken in. */
export interface StoredBudgetReport extends BudgetBacktestReport {
  order: BudgetOrder;
  policyId: string | null;
  versionId: string | null;
  revision: string;
}

@ObjectType({ description: 'What one budget did to the candidate approvals' })
export class BacktestBudgetEffect {
  @Field()
  budget!: string;

  @Field(() => Int, { description: 'Approvals it shrank to what was left' })
  shrunk!: number;

  @Field(() => Int)
  referred!: number;

  @Field(() => Int)
  declined!: number;

  @Field(() => Money, { description: 'New exposure it kept from going ahead' })
  withheld!: string;
}

@ObjectType({ description: 'New exposure that went ahead in one day or month, after the budgets' })
export class BacktestBudgetWindow {
  @Field({ description: '`DAY:2026-12-03` or `MONTH:2026-12`, in the budgets time zone' })
  window!: string;

  @Field(() => Int)
  approvals!: number;

  @Field(() => Money)
  newExposure!: string;
}

@ObjectType({
  description:
    "The candidate's EXPOSURE budgets applied to its approvals in time order, as decide would have applied them",
})
export class BacktestBudgets {
  @Field(() => BudgetOrder)
  order!: BudgetOrder;

  @Field(() => String, { nullable: true, description: 'The EXPOSURE version applied' })
  versionId!: string | null;

  @Field()
  revision!: string;

  @Field()
  timeZone!: string;

  @Field(() => Int, { description: 'Candidate approvals the budgets saw' })
  approvals!: number;

  @Field(() => Int, { description: 'Of them, approved whole' })
  fitted!: number;

  @Field(() => Int)
  shrunk!: number;

  @Field(() => Int, { description: 'Referred or declined' })
  stopped!: number;

  @Field(() => [BacktestBudgetEffect])
  budgets!: BacktestBudgetEffect[];

  @Field(() => [BacktestBudgetWindow])
  windows!: BacktestBudgetWindow[];
}

export function budgetsView(report: StoredBudgetReport): BacktestBudgets {
  return {
    ...report,
    budgets: report.budgets.map(({ withheldFen, ...effect }) => ({
      ...effect,
      withheld: formatMoney(withheldFen) as string,
    })),
    windows: report.windows.map(({ newExposureFen, ...window }) => ({
      ...window,
      newExposure: formatMoney(newExposureFen) as string,
    })),
  };
}
