import { IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../graphql/connection.js';
import { InputBounds } from '../graphql/input-bounds.js';
import { FindingStatus } from './compliance-finding.entity.js';

@InputType({ description: 'Which findings: every field narrows the list' })
export class ComplianceFindingFilter {
  @Field(() => FindingStatus, { nullable: true, description: 'OPEN lists what breaches now' })
  status?: FindingStatus;

  @Field({ nullable: true, description: 'The id of a check: income-share, total-limit, overflow...' })
  @IsOptional()
  @MaxLength(64)
  checkId?: string;

  @Field({ nullable: true, description: 'BREACH or INCOME_UNKNOWN' })
  @IsOptional()
  @MaxLength(32)
  code?: string;

  @Field(() => ID, { nullable: true })
  borrowerId?: string;

  @Field(() => ID, { nullable: true })
  creditLineId?: string;

  @Field(() => ID, { nullable: true, description: 'Findings this run found first' })
  newInRunId?: string;

  @Field(() => ID, { nullable: true, description: 'Findings this run resolved' })
  resolvedInRunId?: string;
}

@ArgsType()
export class ComplianceFindingArgs extends PageArgs {
  @Field(() => ComplianceFindingFilter, { nullable: true })
  filter?: ComplianceFindingFilter;
}

@InputType()
export class AnnotateFindingInput {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'What a person makes of the finding: kept on it and in the audit log' })
  @InputBounds({ maxLength: 2000 })
  @MaxLength(2000)
  note!: string;
}
