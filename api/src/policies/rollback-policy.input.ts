import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class RollbackPolicyInput {
  @Field(() => ID)
  policyId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'A RETIRED version; the most recently retired when omitted',
  })
  versionId?: string | null;
}
