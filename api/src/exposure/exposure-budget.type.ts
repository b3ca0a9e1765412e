import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One point of a budget window: what was used by then' })
export class BudgetPoint {
  @Field()
  at!: Date;

  @Field(() => Float, { description: 'CNY of new exposure, or a count of approvals' })
  used!: number;
}

@ObjectType({ description: "A budget's current window and how it is being used" })
export class BudgetWindowUse {
  @Field({ description: '`DAY:2026-12-03` or `MONTH:2026-12`, in the policy time zone' })
  window!: string;

  @Field()
  startsAt!: Date;

  @Field()
  endsAt!: Date;

  @Field(() => Float, { description: 'CNY of new exposure, or a count of approvals' })
  used!: number;

  @Field(() => Float, { nullable: true, description: 'The cap, for an amount budget' })
  limit!: number | null;

  @Field(() => Float, { nullable: true })
  left!: number | null;

  @Field(() => Float, { description: 'Where the window ends at the pace so far' })
  projectedAtEnd!: number;

  @Field(() => [BudgetPoint], { description: 'Use over the window, for a burn-down chart' })
  series!: BudgetPoint[];

  @Field(() => Int, { description: 'Decisions this budget referred, declined or shrank in the window' })
  stopped!: number;
}

@ObjectType({ description: 'An exposure budget of the published EXPOSURE policy, with live use' })
export class ExposureBudgetView {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field({ description: 'DAY or MONTH' })
  window!: string;

  @Field({ description: 'NEW_EXPOSURE (CNY) or APPROVALS (a count)' })
  measure!: string;

  @Field({ description: 'REFER, DECLINE or SHRINK' })
  onExceed!: string;

  @Field(() => Float, { nullable: true })
  amount!: number | null;

  @Field(() => Float, { nullable: true })
  share!: number | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  segment!: Record<string, unknown> | null;

  @Field()
  timeZone!: string;

  @Field(() => BudgetWindowUse)
  current!: BudgetWindowUse;
}
