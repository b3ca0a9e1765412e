import { Length } from 'class-validator';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
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
