import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { InputBounds } from '../graphql/input-bounds.js';

/** Submit, approve and reject: the version, optionally the lockVersion it was seen at, and a comment. */
@InputType()
export class VersionActionInput {
  @Field(() => ID)
  versionId!: string;

  @Field(() => Int, { nullable: true, description: 'Refuse with CONFLICT if the version changed since' })
  expectedLockVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'Required to reject' })
  @InputBounds({ maxLength: 2000 })
  @IsOptional()
  @MaxLength(2000)
  comment?: string | null;
}
