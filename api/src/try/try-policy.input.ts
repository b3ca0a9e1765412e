import { IsOptional, MaxLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Money } from '../graphql/money.scalar.js';

@InputType()
export class TryApplicationInput {
  @Field(() => Money)
  requestedAmount!: string;

  @Field(() => Int)
  termMonths!: number;
}

@InputType({
  description:
    'Exactly one policy source (document or versionId) and one case source (facts, decisionId, caseId or borrowerId)',
})
export class TryPolicyInput {
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'An unsaved policy document' })
  document?: Record<string, unknown>;

  @Field(() => ID, { nullable: true, description: 'Any version, drafts included' })
  versionId?: string;

  @Field({ nullable: true, description: 'With `document`: whose published policies fill the other stages' })
  @IsOptional()
  @MaxLength(64)
  productKey?: string;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Catalog facts by name; with borrowerId they override the stored profile',
  })
  facts?: Record<string, unknown>;

  @Field(() => TryApplicationInput, {
    nullable: true,
    description: 'With facts (optional) or borrowerId (required)',
  })
  application?: TryApplicationInput;

  @Field(() => ID, { nullable: true, description: "A stored decision's facts snapshot" })
  decisionId?: string;

  @Field(() => ID, { nullable: true, description: 'A historical case' })
  caseId?: string;

  @Field(() => ID, { nullable: true, description: "A borrower's stored profile and current lines" })
  borrowerId?: string;

  @Field({ nullable: true, description: "Defaults to the decision's asOf, or now" })
  asOf?: Date;
}
