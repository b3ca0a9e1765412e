import { Length } from 'class-validator';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { BulkIds } from '../graphql/bulk.js';
import { InputBounds } from '../graphql/input-bounds.js';
import { Money } from '../graphql/money.scalar.js';

export enum ReferralAction {
  APPROVE = 'APPROVE',
  DECLINE = 'DECLINE',
}

registerEnumType(ReferralAction, { name: 'ReferralAction' });

@InputType()
export class ResolveReferralInput {
  @Field(() => ID)
  decisionId!: string;

  @Field(() => ReferralAction)
  action!: ReferralAction;

  @Field(() => Money, { nullable: true, description: 'Required to approve; at most what the policy allowed' })
  limit?: string;

  @Field()
  @Length(1, 2000)
  note!: string;
}

@InputType({ description: 'The same resolution for several referrals, with one note for all' })
export class ResolveReferralsInput {
  @Field(() => [ID], { description: 'At most 100' })
  @BulkIds()
  decisionIds!: string[];

  @Field(() => ReferralAction, {
    description: "APPROVE grants each the most its policy and the borrower's repayment capacity allow",
  })
  action!: ReferralAction;

  @Field()
  @InputBounds({ maxLength: 2000 })
  @Length(1, 2000)
  note!: string;
}
