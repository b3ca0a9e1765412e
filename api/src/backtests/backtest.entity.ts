import { Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CaseSet } from '../case-sets/case-set.entity.js';
import { BaseEntity } from '../db/base.entity.js';
import { JobStatus } from '../jobs/job-status.js';
import { PolicyKind } from '../policies/policy-kind.js';
import { Product } from '../products/product.entity.js';

export enum BacktestKind {
  /** A case set decided by baseline and candidate policies. */
  BACKTEST = 'BACKTEST',
  /** Recorded decisions decided again: by the revisions they recorded, or by candidates. */
  REPLAY = 'REPLAY',
}

registerEnumType(BacktestKind, { name: 'BacktestKind' });

/**
 * A policy a side ran, with its document: a draft may change after the backtest starts, and the job must
 * run, and report, what it started with.
 */
export interface SidePolicy {
  kind: PolicyKind;
  policyId: string | null;
  versionId: string | null;
  number: number | null;
  revision: string;
  document: Record<string, unknown>;
}

@ObjectType({ description: 'A policy one side of a backtest ran' })
export class BacktestPolicy {
  @Field(() => PolicyKind)
  kind!: PolicyKind;

  @Field(() => String, { nullable: true })
  policyId!: string | null;

  @Field(() => String, { nullable: true, description: 'Null for a document that is not a stored version' })
  versionId!: string | null;

  @Field(() => Int, { nullable: true })
  number!: number | null;

  @Field()
  revision!: string;
}

@ObjectType({
  description:
    'A backtest or replay job: its progress while it runs, its metrics once it completes. Cases are ' +
    'processed in chunks, each committed with its results, so a job survives a restart of its worker.',
})
@Entity()
@Index({ properties: ['status', 'createdAt'] })
export class Backtest extends BaseEntity<
  | 'caseSet'
  | 'decisionFilter'
  | 'casesDone'
  | 'chunksDone'
  | 'metrics'
  | 'budgets'
  | 'expectationsChecked'
  | 'regressions'
  | 'mismatches'
  | 'error'
  | 'startedAt'
  | 'finishedAt'
  | 'cancelledBy'
> {
  @Field(() => BacktestKind)
  @Property({ type: 'string', length: 16 })
  kind!: BacktestKind;

  @Field(() => JobStatus)
  @Property({ type: 'string', length: 16 })
  status!: JobStatus;

  @ManyToOne(() => Product)
  product!: Rel<Product>;

  @ManyToOne(() => CaseSet, { nullable: true })
  caseSet?: Rel<CaseSet> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The decisions a replay selected' })
  @Property({ type: 'json', nullable: true })
  decisionFilter?: Record<string, unknown> | null;

  /** Empty for a replay: each decision's baseline is what it recorded. */
  @Property({ type: 'json' })
  baseline!: SidePolicy[];

  /** For a replay, empty means each decision's recorded revisions. */
  @Property({ type: 'json' })
  candidate!: SidePolicy[];

  @Field({ description: 'The date every case is decided as of, so a backtest can be run again identically' })
  @Property({ type: 'datetime' })
  asOf!: Date;

  @Field(() => Int)
  @Property()
  casesTotal!: number;

  @Field(() => Int)
  @Property()
  casesDone: number = 0;

  /** 0 until the job is planned. */
  @Property()
  chunkCount!: number;

  @Property()
  chunksDone: number = 0;

  /** rules' BacktestMetrics, set when the job completes. */
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'BacktestMetrics of @spillway/rules: approval and bad rates, swaps, limits, pricing, PSI',
  })
  @Property({ type: 'json', nullable: true })
  metrics?: Record<string, unknown> | null;

  /** The budget pass's report (StoredBudgetReport), when the candidate applies exposure budgets. */
  @Property({ type: 'json', nullable: true })
  budgets?: Record<string, unknown> | null;

  @Field(() => Int, { description: 'Cases that carried an expected decision' })
  @Property()
  expectationsChecked: number = 0;

  @Field(() => Int, { description: 'Cases whose candidate decision differs from the expected one' })
  @Property()
  regressions: number = 0;

  @Field(() => Int, { description: 'Replays: decisions that did not replay to what they recorded' })
  @Property()
  mismatches: number = 0;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Field()
  @Property()
  createdBy!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  cancelledBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  startedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date | null;
}
