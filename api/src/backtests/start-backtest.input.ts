import { ArrayMaxSize } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DecisionFilter } from '../decisions/decision-filter.input.js';

@InputType({ description: 'A case set decided by the baseline and by the candidate versions' })
export class StartBacktestInput {
  @Field(() => ID)
  caseSetId!: string;

  @Field(() => [ID], {
    description:
      'Versions (drafts included) of the ADMISSION, LIMIT, PRICING or EXPOSURE policy, one per kind; an EXPOSURE version applies its budgets',
  })
  @ArrayMaxSize(4)
  candidateVersionIds!: string[];

  @Field({
    nullable: true,
    description:
      "Apply exposure budgets to the candidate's approvals in time order: the EXPOSURE version named, else the published one",
  })
  applyBudgets?: boolean;

  @Field(() => [ID], {
    nullable: true,
    description: "The baseline's versions; by default the product's published ones",
  })
  @ArrayMaxSize(3)
  baselineVersionIds?: string[];

  @Field({ nullable: true, description: 'The date cases are decided as of; by default the start' })
  asOf?: Date;
}

@InputType({
  description:
    'Recorded decisions decided again: by the revisions they recorded (every difference is a mismatch), or with candidate versions in place of theirs',
})
export class ReplayDecisionsInput {
  @Field(() => DecisionFilter, { nullable: true, description: 'By default every decision of cash-line' })
  filter?: DecisionFilter;

  @Field(() => [ID], { nullable: true })
  @ArrayMaxSize(3)
  candidateVersionIds?: string[];
}
