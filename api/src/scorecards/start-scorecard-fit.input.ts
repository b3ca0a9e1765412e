import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { InputBounds } from '../graphql/input-bounds.js';

/** As many candidates as a card may have characteristics (rules' SCORECARD_LIMITS). */
export const MAX_FIT_CANDIDATES = 64;

@InputType({ description: 'A candidate characteristic: a fact of the cases, or an expression over them' })
export class FitCandidateInput {
  @Field({ description: 'Its name in the card' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'A catalog fact the cases carry, or' })
  fact?: string;

  @Field(() => String, { nullable: true, description: 'a numeric expression over them (derived)' })
  @InputBounds({ maxLength: 2000 })
  expression?: string;

  @Field({ description: 'The reason code given when it costs points' })
  reasonCode!: string;

  @Field(() => String, { nullable: true })
  @InputBounds({ maxLength: 2000 })
  description?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The shape the bad rate must keep: auto (the default), ascending, descending, peak or valley',
  })
  monotonic?: string;
}

@InputType({ description: 'Fits a scorecard from a case set into a draft of a policy' })
export class StartScorecardFitInput {
  @Field(() => ID)
  caseSetId!: string;

  @Field(() => ID, {
    nullable: true,
    description: "The policy the card is written into, as a new draft; by default the product's MONITORING",
  })
  policyId?: string;

  @Field({ description: "The card's name: it yields <name>Score, <name>BadProbability, <name>MissingCount" })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'What counts as bad: observedDefault (the default) or a boolean fact of the cases',
  })
  outcome?: string;

  @Field(() => [FitCandidateInput])
  @InputBounds({ maxItems: MAX_FIT_CANDIDATES })
  characteristics!: FitCandidateInput[];

  @Field(() => Float, { nullable: true, description: 'Share held out for validation, 0.05 to 0.95; 0.3' })
  testShare?: number;

  @Field(() => Int, { nullable: true, description: 'Seeds the split; 1' })
  seed?: number;
}
