import { IsOptional, MaxLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { BulkIds } from '../graphql/bulk.js';
import { PageArgs } from '../graphql/connection.js';
import { InputBounds } from '../graphql/input-bounds.js';
import { Money } from '../graphql/money.scalar.js';
import { AlertSeverity, AlertStatus, CutStatus } from './alert.entity.js';
import { ReviewStatus } from './portfolio-review.entity.js';

@InputType()
export class AlertFilterInput {
  @Field(() => AlertSeverity, { nullable: true })
  severity?: AlertSeverity;

  @Field({ nullable: true, description: 'overflow, delinquency, paymentRatio, utilization, income...' })
  indicator?: string;

  @Field(() => AlertStatus, { nullable: true })
  status?: AlertStatus;

  @Field(() => CutStatus, {
    nullable: true,
    description: 'PENDING_APPROVAL lists the cuts awaiting an APPROVER',
  })
  cutStatus?: CutStatus;

  @Field({ nullable: true })
  productKey?: string;

  @Field(() => ID, { nullable: true })
  creditLineId?: string;

  @Field(() => ID, { nullable: true })
  borrowerId?: string;
}

@ArgsType()
export class AlertListArgs extends PageArgs {
  @Field(() => AlertFilterInput, { nullable: true })
  filter?: AlertFilterInput;
}

@ArgsType()
export class ReviewListArgs extends PageArgs {
  @Field(() => String, { nullable: true })
  productKey?: string;

  @Field(() => ReviewStatus, { nullable: true, description: 'FAILED lists the reviews to look into' })
  status?: ReviewStatus;
}

@InputType()
export class AlertActionInput {
  @Field(() => ID)
  id!: string;

  @Field({ nullable: true, description: 'Why: kept with the alert and in the audit log' })
  @IsOptional()
  @MaxLength(2000)
  note?: string;
}

@InputType({ description: 'The same action on several alerts, with one note for all' })
export class BulkAlertActionInput {
  @Field(() => [ID], { description: 'At most 100' })
  @BulkIds()
  ids!: string[];

  @Field({ nullable: true, description: 'Why: kept with each alert and in the audit log' })
  @InputBounds({ maxLength: 2000 })
  @IsOptional()
  @MaxLength(2000)
  note?: string;
}

@InputType({
  description: 'What the servicing system knows of a line now: its balance and behavioural facts',
})
export class LineBehaviourInput {
  @Field(() => ID)
  creditLineId!: string;

  @Field(() => Money)
  drawnBalance!: string;

  @Field(() => GraphQLJSONObject, {
    description:
      'Catalog facts: utilization, utilization3mAgo, paymentRatio, monthsDelinquent6m, currentDpd...',
  })
  facts!: Record<string, unknown>;

  @Field({ description: 'When the servicing system observed them' })
  asOf!: Date;
}
