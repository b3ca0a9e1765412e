import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class UpdateDraftInput {
  @Field(() => ID)
  versionId!: string;

  @Field(() => GraphQLJSONObject, { description: 'The whole policy document; drafts may be invalid' })
  document!: Record<string, unknown>;

  @Field(() => Int, { description: 'The lockVersion the edit was based on; a stale one is a CONFLICT' })
  expectedLockVersion!: number;
}
