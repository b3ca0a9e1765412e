import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { DomainError } from '../core/errors.js';
import { Sql } from '../db/sql.js';
import { ChunkStatus } from './job-chunk.entity.js';
import { JobStatus } from './job-status.js';

/**
 * Kinds of which one job runs at a time (reviews per product, compliance runs) keep a partial unique index
 * on their RUNNING rows. A RUNNING row whose heartbeat stopped and that has no chunk left to run is marked
 * FAILED first, so a dead process does not hold the place forever.
 */
export async function failInterruptedRuns(
  em: EntityManager,
  table: string,
  leaseMs: number,
  now: Date,
  scope?: { column: string; value: unknown },
): Promise<void> {
  await Sql.of(em).run(
    `update ${table} set status = ?, error = ?, finished_at = ? ` +
      `where ${scope ? `${scope.column} = ? and ` : ''}status = ? and heartbeat_at < ? and not exists ` +
      `(select 1 from job_chunk where job_chunk.job_id = ${table}.id and job_chunk.status in (?, ?))`,
    [
      JobStatus.FAILED,
      'interrupted: the process running it stopped',
      now,
      ...(scope ? [scope.value] : []),
      JobStatus.RUNNING,
      new Date(now.getTime() - leaseMs),
      ChunkStatus.PENDING,
      ChunkStatus.RUNNING,
    ],
  );
}

/** Starts the one job of its kind, or answers `conflict` when the unique index says one is running. */
export async function startAlone<T>(start: () => Promise<T>, conflict: () => DomainError): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw conflict();
    throw error;
  }
}
