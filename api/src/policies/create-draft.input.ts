import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class CreateDraftInput {
  @Field(() => ID)
  policyId!: string;

  @Field(() => ID, { nullable: true, description: 'The version to copy; the published one when omitted' })
  fromVersionId?: string | null;
}
