import { IsOptional, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType } from 'type-graphql';
import { ChallengerMode } from './policy-kind.js';

@InputType()
export class SetChallengerInput {
  @Field(() => ID)
  policyId!: string;

  @Field(() => ID, { nullable: true, description: 'An APPROVED version; omit to remove the challenger' })
  versionId?: string | null;

  @Field(() => ChallengerMode, { nullable: true, description: 'SHADOW when omitted' })
  mode?: ChallengerMode | null;

  @Field(() => Float, {
    nullable: true,
    description: 'SPLIT only: the share of borrowers, above 0 and at most 1',
  })
  @IsOptional()
  @Min(0)
  @Max(1)
  share?: number | null;
}
