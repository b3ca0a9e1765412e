import { Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { CaseSet } from '../case-sets/case-set.entity.js';
import { BaseEntity } from '../db/base.entity.js';
import { JobStatus } from '../jobs/job-status.js';
import { Policy } from '../policies/policy.entity.js';
import { Product } from '../products/product.entity.js';

/** A candidate characteristic as the fit was asked for it: rules' CandidateCharacteristic. */
export interface FitCandidate {
  name: string;
  description?: string;
  fact?: string;
  expression?: string;
  reasonCode: string;
  monotonic?: string;
}

/** The outcome read from the case's own observed default rather than from a fact. */
export const OBSERVED_DEFAULT = 'observedDefault';

@ObjectType({
  description:
    'A scorecard fitted from a case set: a job that reads the cases in chunks, then bins, fits, scales and ' +
    'validates the card on a held-out split, stores its report and writes the card into a DRAFT version of ' +
    'the target policy, for the usual review and publish.',
})
@Entity()
@Index({ properties: ['status', 'createdAt'] })
export class ScorecardFit extends BaseEntity<
  | 'caseSet'
  | 'casesRead'
  | 'casesSkipped'
  | 'chunksDone'
  | 'report'
  | 'scorecard'
  | 'draftVersionId'
  | 'error'
  | 'failure'
  | 'startedAt'
  | 'finishedAt'
> {
  @Field(() => JobStatus)
  @Property({ type: 'string', length: 16 })
  status!: JobStatus;

  @ManyToOne(() => Product)
  product!: Rel<Product>;

  @ManyToOne(() => CaseSet, { nullable: true })
  caseSet?: Rel<CaseSet> | null;

  /** The policy the fitted card is written into, as a new draft. */
  @ManyToOne(() => Policy)
  policy!: Rel<Policy>;

  @Field({ description: "The card's name in the policy's scorecards: it yields <name>Score" })
  @Property({ length: 64 })
  name!: string;

  @Field({ description: 'observedDefault, or a boolean fact of the cases' })
  @Property({ length: 64 })
  outcome!: string;

  @Field(() => GraphQLJSON, { description: 'The candidate characteristics, as asked for' })
  @Property({ type: 'json' })
  characteristics!: FitCandidate[];

  @Field(() => Float, { description: 'Share of the defaults and of the non-defaults held out' })
  @Property({ type: 'float' })
  testShare!: number;

  @Field(() => Int, { description: 'Seeds the split: the same cases and seed give the same split' })
  @Property()
  seed!: number;

  @Field(() => Int, { description: 'Cases of the case set; exact once the job is planned' })
  @Property()
  casesTotal!: number;

  @Field(() => Int)
  @Property()
  casesRead: number = 0;

  @Field(() => Int, { description: 'Cases left out because their outcome is not known' })
  @Property()
  casesSkipped: number = 0;

  /** 0 until the job is planned; the fit itself is one more chunk, queued when the last read lands. */
  @Property()
  chunkCount!: number;

  @Property()
  chunksDone: number = 0;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'ScorecardFitReport of @spillway/rules: split, IV and bins (WoE, bad rate, points) per ' +
      'characteristic, model, held-out AUC, Gini, KS, ROC, capture, calibration by score band, PSI',
  })
  @Property({ type: 'json', nullable: true })
  report?: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The fitted card (ScorecardSpec)' })
  @Property({ type: 'json', nullable: true })
  scorecard?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'The DRAFT version the card was written into' })
  @Property({ type: 'string', length: 36, nullable: true })
  draftVersionId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Why the fit failed, when the cases or candidates were at fault: { code, field, problems }',
  })
  @Property({ type: 'json', nullable: true })
  failure?: Record<string, unknown> | null;

  @Field()
  @Property()
  createdBy!: string;

  /** The person who started the fit: the author of the draft, who may not approve it. */
  @Property({ length: 36 })
  authorId!: string;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  startedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date | null;
}
