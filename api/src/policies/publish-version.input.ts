import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class PublishVersionInput {
  @Field(() => ID)
  versionId!: string;

  @Field(() => Date, { nullable: true, description: 'Publish at this time instead of now' })
  effectiveAt?: Date | null;
}
