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
}
