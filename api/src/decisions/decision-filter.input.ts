import { IsOptional, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { ReferralStatus } from './decision.entity.js';
import { DecisionOutcome } from './decision-outcome.js';

@InputType()
export class DecisionFilter {
  @Field(() => DecisionOutcome, { nullable: true })
  outcome?: DecisionOutcome;

  @Field(() => ReferralStatus, { nullable: true, description: 'PENDING lists the review queue' })
  referralStatus?: ReferralStatus;

  @Field(() => ID, { nullable: true })
  borrowerId?: string;

  @Field({ nullable: true })
  productKey?: string;

  @Field({ nullable: true, description: 'Decided at or after' })
  from?: Date;

  @Field({ nullable: true, description: 'Decided before' })
  to?: Date;

  @Field({ nullable: true })
  overflow?: boolean;

  @Field({
    nullable: true,
    description:
      'Decisions giving this reason code, e.g. EXPOSURE_BUDGET for those a budget stopped or shrank',
  })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{0,63}$/, { message: 'reason must be a reason code such as EXPOSURE_BUDGET' })
  reason?: string;
}
