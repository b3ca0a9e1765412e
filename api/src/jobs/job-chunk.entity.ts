import { Entity, Index, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity.js';

export enum ChunkStatus {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

/** The chunk that cuts a job into the others, when the job was not cut when it started. */
export const PLAN_CHUNK_INDEX = -1;

/**
 * A key range of a job's items (a case set's lines, a product's credit lines, recorded decisions, an
 * uploaded file), or the job's planning step. A runner claims a chunk with a lease by a conditional update,
 * and commits its results, its state and its DONE status in one transaction that only the claim holder can
 * commit; a runner that dies mid-chunk commits nothing, and the chunk is claimed again once its lease
 * expires. The job itself is a row of its kind's own table (backtest, portfolio_review, case_set_import).
 */
@Entity()
@Unique({ properties: ['jobId', 'index'] })
@Index({ properties: ['status', 'claimedAt'] })
@Index({ properties: ['status', 'index', 'createdAt'] })
export class JobChunk extends BaseEntity<
  'firstKey' | 'lastKey' | 'claimedBy' | 'claimedAt' | 'attempts' | 'state'
> {
  /** The kind of job, which names the handler that runs the chunk. */
  @Property({ length: 32 })
  kind!: string;

  @Property({ type: 'uuid' })
  jobId!: string;

  /** Position in the job; PLAN_CHUNK_INDEX for the planning step. */
  @Property()
  index!: number;

  @Property({ type: 'string', length: 16 })
  status!: ChunkStatus;

  /** First and last key, inclusive; a null last key runs to the end of the key range. */
  @Property({ type: 'json', nullable: true })
  firstKey?: unknown;

  @Property({ type: 'json', nullable: true })
  lastKey?: unknown;

  @Property()
  itemCount!: number;

  @Property({ type: 'string', nullable: true })
  claimedBy?: string | null;

  @Property({ type: 'datetime', nullable: true })
  claimedAt?: Date | null;

  @Property()
  attempts: number = 0;

  /** What the chunk leaves for the job's end (a backtest's metrics), or a checkpoint while it runs. */
  @Property({ type: 'json', nullable: true })
  state?: Record<string, unknown> | null;
}
