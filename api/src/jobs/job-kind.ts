import type { EntityManager } from '@mikro-orm/core';
import { Sql } from '../db/sql.js';

/** A key range of a job's items, as planned. */
export interface ChunkRange {
  firstKey: unknown;
  /** Null: to the end of the key range (the last chunk, so items added while the job runs are not lost). */
  lastKey: unknown;
  itemCount: number;
}

/** A chunk a runner holds the claim of. */
export interface ClaimedChunk extends ChunkRange {
  id: string;
  kind: string;
  jobId: string;
  index: number;
  attempts: number;
  /** The checkpoint a previous holder committed, for a chunk that checkpoints. */
  state: Record<string, unknown> | null;
}

/** What a chunk's work may do beyond computing: commit part of it early, under the claim. */
export interface ChunkControl {
  /**
   * Commits `write` and the chunk's new state in one short transaction, only while this runner still holds
   * the claim (it renews the lease); throws, ending the chunk, when another runner took it over.
   */
  checkpoint(state: Record<string, unknown>, write: (tx: EntityManager) => Promise<void>): Promise<void>;
  /** A pause between items, so a runner on a thread that also answers requests lets them through. */
  yield(): Promise<void>;
}

/**
 * A kind of job: backtests and replays, portfolio reviews, case set imports. The job is a row of the kind's
 * own table, which has the columns every job has (`status` of JobStatus, `chunk_count`, `chunks_done`,
 * `started_at`, `finished_at`, `error`); its chunks are rows of `job_chunk`. The runner owns
 * claiming, leases, progress and completion; the kind owns what a chunk reads, computes and writes.
 */
export interface JobKind<Prepared = unknown, Output = unknown> {
  /** Stored on every chunk: names this handler. */
  readonly name: string;
  /** The table of the job rows. */
  readonly table: string;
  /** Loads what every chunk of a job needs (its snapshot, compiled policies), once per job per runner. */
  prepare(em: EntityManager, jobId: string): Promise<Prepared>;
  /** Cuts the job into key ranges: the job's first chunk runs it when the job was not planned at start. */
  plan?(em: EntityManager, prepared: Prepared): Promise<ChunkRange[]>;
  /** In the planning chunk's transaction, after the chunks were queued (totals for progress). */
  planned?(tx: EntityManager, prepared: Prepared, chunks: ChunkRange[]): Promise<void>;
  /** Reads and computes one chunk. Writes nothing, but through `control.checkpoint`. */
  run(em: EntityManager, prepared: Prepared, chunk: ClaimedChunk, control: ChunkControl): Promise<Output>;
  /** What the chunk keeps once DONE, for `finish` (a backtest's metrics state). */
  stateOf?(output: Output): Record<string, unknown> | null;
  /**
   * Writes a chunk's output, in the transaction that marks it DONE after checking the claim. It may queue one
   * more step (`queueChunks` from the job's `chunk_count`, counted in it): a scorecard fit's fit step, once
   * its last read chunk lands.
   */
  commit(tx: EntityManager, prepared: Prepared, chunk: ClaimedChunk, output: Output): Promise<void>;
  /** In the transaction of the job's last chunk, before the job is marked COMPLETED. */
  finish(tx: EntityManager, prepared: Prepared): Promise<void>;
  /** In the transaction that marks the job FAILED: what the reader is told beyond the message. */
  failed?(tx: EntityManager, jobId: string, failure: JobFailure | null): Promise<void>;
  /**
   * After the job failed or was cancelled, before it is marked finished: removes what must not outlive it
   * (an import's partial cases), in short transactions.
   */
  discard?(em: EntityManager, jobId: string): Promise<void>;
}

/**
 * A failure the job's reader can act on (a policy that throws on a case, a file that does not map): its
 * message is stored on the job as it is, with any detail the kind keeps. Any other error fails the job as
 * an internal error whose message points at the server log.
 */
export class JobFailure extends Error {
  constructor(
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * What a chunk read changed before it could commit (a decide moved a limit the review was about to cut):
 * nothing is written, and the chunk is run again on fresh data.
 */
export class ChunkConflict extends Error {}

/**
 * A kind's `failed` for a table with a `failure` JSON column: keeps what the reader can act on (the code,
 * the input's path, the problems) beside the job's message.
 */
export async function keepFailureDetail(
  tx: EntityManager,
  table: string,
  jobId: string,
  failure: JobFailure | null,
): Promise<void> {
  if (!failure) return;
  await Sql.of(tx).run(`update ${table} set failure = ? where id = ?`, [Sql.json(failure.detail), jobId]);
}
