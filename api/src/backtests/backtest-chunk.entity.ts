import { Entity, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity.js';
import { Backtest } from './backtest.entity.js';

export enum ChunkStatus {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

/**
 * A key range of a job's cases: a case set's lines, or a replay's decisions by (decidedAt, id). A worker
 * claims a chunk, and commits its differences, its metrics state and its DONE status in one transaction;
 * a worker that dies mid-chunk commits nothing, and the chunk is claimed again once its lease expires.
 */
@Entity()
@Unique({ properties: ['backtest', 'index'] })
@Index({ properties: ['status', 'claimedAt'] })
export class BacktestChunk extends BaseEntity<'claimedBy' | 'claimedAt' | 'attempts' | 'state'> {
  @ManyToOne(() => Backtest)
  backtest!: Rel<Backtest>;

  @Property()
  index!: number;

  @Property({ type: 'string', length: 16 })
  status!: ChunkStatus;

  /** First and last key, inclusive: a line number, or `[decidedAt ISO, id]`. */
  @Property({ type: 'json' })
  firstKey!: unknown;

  @Property({ type: 'json' })
  lastKey!: unknown;

  @Property()
  caseCount!: number;

  @Property({ type: 'string', nullable: true })
  claimedBy?: string | null;

  @Property({ type: 'datetime', nullable: true })
  claimedAt?: Date | null;

  @Property()
  attempts: number = 0;

  /** The chunk's ChunkState once DONE: merged with the others' when the job completes. */
  @Property({ type: 'json', nullable: true })
  state?: Record<string, unknown> | null;
}
