import { Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity.js';
import { JobStatus } from '../jobs/job-status.js';
import { Product } from '../products/product.entity.js';

export const ONE_RUNNING_COMPLIANCE_INDEX = 'compliance_run_one_running';

/** One check's tally in a run, kept in fen as the chunks add to it. */
export interface CheckTally {
  check: string;
  type: string;
  code: string;
  findings: number;
  exposureMinor: number;
  newFindings: number;
  resolved: number;
}

/**
 * One pass of the published COMPLIANCE checks over every borrower with an active line, all their lines
 * together: a job whose chunks (compliance.job.ts) are key ranges of borrowers, so one borrower's lines are
 * always judged in one chunk. The database refuses a second RUNNING run, whichever process starts it.
 */
@ObjectType({ description: 'A pass of the COMPLIANCE checks over every borrower of the portfolio' })
@Entity()
@Index({ properties: ['createdAt'] })
@Index({
  name: ONE_RUNNING_COMPLIANCE_INDEX,
  expression: `create unique index ${ONE_RUNNING_COMPLIANCE_INDEX} on compliance_run (status) where status = 'RUNNING'`,
})
export class ComplianceRun extends BaseEntity<
  | 'chunkCount'
  | 'chunksDone'
  | 'startedAt'
  | 'finishedAt'
  | 'durationMs'
  | 'error'
  | 'borrowersTotal'
  | 'borrowersChecked'
  | 'findingsOpen'
  | 'newFindings'
  | 'resolvedFindings'
  | 'tallies'
> {
  /** The product whose published COMPLIANCE checks the run applied. */
  @ManyToOne(() => Product)
  product!: Rel<Product>;

  @Field(() => JobStatus)
  @Property({ type: 'string', length: 16 })
  status!: JobStatus;

  @Field()
  @Property()
  startedBy!: string;

  @Field()
  @Property()
  policyVersionId!: string;

  @Field({ description: 'The revision of the checks every finding of this run names' })
  @Property({ length: 64 })
  revision!: string;

  /** The checks as the run started: every chunk, on every worker, judges with these. */
  @Property({ type: 'json' })
  policyDocument!: Record<string, unknown>;

  @Field()
  @Property({ type: 'datetime' })
  asOf!: Date;

  @Property({ type: 'datetime' })
  heartbeatAt!: Date;

  @Property()
  chunkCount: number = 0;

  @Property()
  chunksDone: number = 0;

  @Property({ type: 'datetime', nullable: true })
  startedAt?: Date | null;

  @Field(() => Int, { description: 'Borrowers to judge; 0 until the run is planned' })
  @Property()
  borrowersTotal: number = 0;

  @Field(() => Int)
  @Property()
  borrowersChecked: number = 0;

  @Field(() => Int, { description: 'Findings this run found (new ones and ones still open)' })
  @Property()
  findingsOpen: number = 0;

  @Field(() => Int, { description: 'Findings no earlier run had open' })
  @Property()
  newFindings: number = 0;

  @Field(() => Int, { description: 'Findings open before this run that it no longer finds' })
  @Property()
  resolvedFindings: number = 0;

  /** `check|code` -> its tally: what the summary per check reads. */
  @Property({ type: 'json' })
  tallies: Record<string, CheckTally> = {};

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
