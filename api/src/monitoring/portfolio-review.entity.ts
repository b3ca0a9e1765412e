import { Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity.js';
import { Product } from '../products/product.entity.js';

export enum ReviewStatus {
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}

export enum ReviewTrigger {
  MANUAL = 'MANUAL',
  SCHEDULED = 'SCHEDULED',
}

registerEnumType(ReviewStatus, { name: 'ReviewStatus' });
registerEnumType(ReviewTrigger, { name: 'ReviewTrigger' });

export const ONE_RUNNING_REVIEW_INDEX = 'portfolio_review_one_running';

/**
 * One pass of the published MONITORING policy over every active line of a product: a job whose chunks
 * (portfolio-review.job.ts) run on worker threads and processes. The database refuses a second RUNNING
 * review of a product, whichever process starts it.
 */
@ObjectType({ description: 'A pass of the MONITORING policy over every active credit line of a product' })
@Entity()
@Index({ properties: ['product', 'createdAt'] })
@Index({
  name: ONE_RUNNING_REVIEW_INDEX,
  expression: `create unique index ${ONE_RUNNING_REVIEW_INDEX} on portfolio_review (product_id) where status = 'RUNNING'`,
})
export class PortfolioReview extends BaseEntity<
  | 'linesReviewed'
  | 'linesFlagged'
  | 'alertsCreated'
  | 'alertsDeduplicated'
  | 'cutsApplied'
  | 'cutsPendingApproval'
  | 'notificationsQueued'
  | 'counts'
  | 'policyDocument'
  | 'chunkCount'
  | 'chunksDone'
  | 'startedAt'
  | 'finishedAt'
  | 'durationMs'
  | 'error'
> {
  @ManyToOne(() => Product)
  product!: Rel<Product>;

  @Field(() => ReviewStatus)
  @Property({ type: 'string', length: 16 })
  status!: ReviewStatus;

  @Field(() => ReviewTrigger)
  @Property({ type: 'string', length: 16 })
  trigger!: ReviewTrigger;

  @Field()
  @Property()
  startedBy!: string;

  /** The MONITORING version the review ran: every alert it raised names the same revision. */
  @Field()
  @Property()
  policyVersionId!: string;

  @Field()
  @Property({ length: 64 })
  revision!: string;

  /**
   * The version's document as the review started: every chunk, on every worker, runs this revision. Null
   * only on reviews from before reviews ran as jobs.
   */
  @Property({ type: 'json', nullable: true })
  policyDocument?: Record<string, unknown> | null;

  @Field({ description: 'The date the lines were evaluated as of' })
  @Property({ type: 'datetime' })
  asOf!: Date;

  /**
   * Set by each chunk's commit. A RUNNING review with no chunk left to run whose heartbeat stopped was
   * abandoned before its chunks were queued; one with chunks left is only waiting for a worker.
   */
  @Property({ type: 'datetime' })
  heartbeatAt!: Date;

  /** 0 until the review is planned into chunks. */
  @Field(() => Int)
  @Property()
  linesTotal!: number;

  @Property()
  chunkCount: number = 0;

  @Property()
  chunksDone: number = 0;

  @Property({ type: 'datetime', nullable: true })
  startedAt?: Date | null;

  @Field(() => Int)
  @Property()
  linesReviewed: number = 0;

  @Field(() => Int, { description: 'Lines with at least one alert in this review' })
  @Property()
  linesFlagged: number = 0;

  @Field(() => Int)
  @Property()
  alertsCreated: number = 0;

  @Field(() => Int, {
    description: 'Hits not alerted again: the line already had an open alert for the indicator',
  })
  @Property()
  alertsDeduplicated: number = 0;

  @Field(() => Int)
  @Property()
  cutsApplied: number = 0;

  @Field(() => Int)
  @Property()
  cutsPendingApproval: number = 0;

  @Field(() => Int)
  @Property()
  notificationsQueued: number = 0;

  /** indicator -> severity -> hits, deduplicated ones included. */
  @Field(() => GraphQLJSONObject, {
    description: 'Hits by indicator and severity: { overflow: { HIGH: 12 } }',
  })
  @Property({ type: 'json' })
  counts: Record<string, Record<string, number>> = {};

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date | null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  durationMs?: number | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  error?: string | null;
}
