import { IsOptional, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, InputType, Int } from 'type-graphql';
import { Money } from '../graphql/money.scalar.js';

@InputType({ description: 'Who is applying; profile fields update the stored borrower' })
export class DecideBorrowerInput {
  @Field()
  @Length(1, 128)
  externalRef!: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string;

  @Field({ nullable: true, description: 'Stored only as a keyed hash' })
  @IsOptional()
  @Length(4, 64)
  nationalId?: string;

  @Field({ nullable: true, description: 'Stored masked' })
  @IsOptional()
  @Matches(/^\+?[0-9 -]{6,20}$/)
  phone?: string;

  @Field(() => Money, { nullable: true })
  monthlyIncome?: string;

  @Field(() => Money, { nullable: true })
  monthlyDebtService?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(130)
  age?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(1200)
  employmentMonths?: number;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(64)
  region?: string;
}

@InputType()
export class DecideApplicationInput {
  @Field(() => Money)
  requestedAmount!: string;

  @Field(() => Int)
  termMonths!: number;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(64)
  purpose?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(64)
  channel?: string;
}

@InputType()
export class DecideInput {
  @Field({ description: 'Retries with the same key and input return the same decision' })
  @Length(1, 128)
  idempotencyKey!: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(64)
  productKey?: string;

  @Field(() => DecideBorrowerInput)
  borrower!: DecideBorrowerInput;

  @Field(() => DecideApplicationInput)
  application!: DecideApplicationInput;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'Catalog facts by name (bureau data, for example); they override the stored profile for this decision',
  })
  facts?: Record<string, unknown>;

  @Field({ nullable: true, description: 'The instant the policies evaluate at; defaults to now' })
  asOf?: Date;
}
