import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import { Sql } from '../db/sql.js';
import { ChunkStatus, JobChunk, PLAN_CHUNK_INDEX } from './job-chunk.entity.js';
import {
  ChunkConflict,
  type ChunkControl,
  type ChunkRange,
  type ClaimedChunk,
  JobFailure,
  type JobKind,
} from './job-kind.js';
import type { JobQueue } from './job-queue.js';
import { JobStatus } from './job-status.js';
import type { JobThreads } from './job-threads.js';
import type { ServingPressure } from './serving-pressure.js';

export interface JobRunnerOptions {
  /** A claimed chunk not committed (nor checkpointed) within this long is presumed lost with its runner. */
  leaseMs: number;
  /** How often an idle runner looks for chunks (queued elsewhere, or left by a dead worker). */
  pollMs: number;
  /** With Redis: chunks go through this queue to whichever worker takes them. */
  queue?: JobQueue;
  /**
   * Whether this runner works chunks itself. The API's main thread does not when worker threads can: it
   * only finds chunks and hands them on, so the thread that answers requests never computes a chunk.
   */
  runChunks: boolean;
  /** Worker threads running chunks for or beside this runner. */
  threads?: JobThreads;
  /** Holds each claimed chunk (not the planning step) this long before working it: lets tests kill a worker mid-chunk. */
  pauseMs?: number;
  /** On a worker thread: whether the thread that answers requests is behind, so chunks give way to it. */
  pressure?: ServingPressure;
}

/** Items worked between two turns of the event loop (requests on a main thread, queue lock renewals). */
const YIELD_EVERY = 50;
/** Jobs whose prepared snapshot a runner keeps. */
const PREPARED_JOBS = 8;
/** A chunk whose data keeps changing under it is given up on after this many runs. */
const MAX_ATTEMPTS = 10;

/** The chunk could not be committed: the job was cancelled or failed, or the claim expired and was taken over. */
class ClaimLost extends Error {}

const CLAIMABLE = `(status = ? or (status = ? and claimed_at < ?))`;

/**
 * Runs the chunks of every kind of job. The database is the queue: a chunk is claimed by a conditional
 * update, and its results, its state and the job's progress commit in one short transaction that only the
 * claim holder can commit, so every chunk counts exactly once whichever runner (thread, process, replica)
 * takes it and however often it is retried. The job's last chunk completes it in the same transaction.
 */
export class JobRunner {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly kinds: Map<string, JobKind>;
  private readonly prepared = new Map<string, Promise<unknown>>();
  /** Jobs this runner has seen RUNNING, so a claim need not try to start them again. */
  private readonly started = new Set<string>();
  private running: Promise<void> | null = null;
  private chunksInHand = 0;
  private again = false;
  private timer?: NodeJS.Timeout;
  /** Nothing runs before `start`: a runner built to run one chunk (`runChunk`) takes no other. */
  private stopped = true;

  constructor(
    private readonly orm: MikroORM,
    kinds: JobKind[],
    private readonly logger: Logger,
    private readonly options: JobRunnerOptions,
  ) {
    this.kinds = new Map(kinds.map((kind) => [kind.name, kind as JobKind]));
  }

  /** Whether this runner is working a chunk right now. */
  get working(): boolean {
    return this.chunksInHand > 0;
  }

  /** Whether this runner works chunks itself, rather than handing them to threads or other workers. */
  get runsChunks(): boolean {
    return this.options.runChunks;
  }

  start() {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    // Threads that do this thread's chunks also send its outbox: they run from the start.
    if (!this.options.runChunks) this.options.threads?.wake();
    if (this.options.queue && this.options.runChunks) {
      this.options.queue.consume((chunkId) => this.runChunk(chunkId));
    }
    this.kick();
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await this.options.threads?.stop();
    await this.options.queue?.close();
  }

  /** Works through every claimable chunk, then rests; a kick while working runs one more pass. */
  kick() {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error) => this.logger.error({ err: error }, 'job runner failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves once every chunk of every job is done or cancelled, whoever ran it: for tests and the CLI. */
  async idle() {
    for (;;) {
      while (this.running) await this.running;
      const left = await this.orm.em
        .fork()
        .count(JobChunk, { status: { $in: [ChunkStatus.PENDING, ChunkStatus.RUNNING] } });
      if (left === 0) return;
      await new Promise((wait) => setTimeout(wait, 50));
    }
  }

  private claimableParams() {
    return [ChunkStatus.PENDING, ChunkStatus.RUNNING, new Date(Date.now() - this.options.leaseMs)];
  }

  /** The claimable chunks, earliest position in their job first, so jobs take turns rather than queue. */
  private async claimable(limit: number) {
    return Sql.of(this.orm.em.fork()).all<{ id: string; index: number }>(
      `select id, "index" from job_chunk where ${CLAIMABLE} order by "index", created_at limit ?`,
      [...this.claimableParams(), limit],
    );
  }

  /**
   * Without a queue: claims and runs every claimable chunk, or wakes the threads that do. With one: puts
   * the claimable chunks on it (new ones, and those a dead worker left) for whichever worker is free.
   */
  private async drain() {
    const { queue, threads, runChunks } = this.options;
    if (queue) {
      const chunks = await this.claimable(10_000);
      if (chunks.length === 0) return;
      await queue.enqueue(chunks.map((chunk) => ({ id: chunk.id, index: Number(chunk.index) })));
      threads?.wake();
      return;
    }
    while (!this.stopped) {
      const [next] = await this.claimable(1);
      if (!next) return;
      threads?.wake();
      if (!runChunks) return;
      // Losing the race to another runner just means looking again.
      const chunk = await this.claim(next.id);
      if (chunk) await this.process(chunk);
    }
  }

  /** A queued chunk: runs it, or throws while another worker's lease on it is alive so the queue retries. */
  async runChunk(chunkId: string): Promise<void> {
    const chunk = await this.claim(chunkId);
    if (chunk) return this.process(chunk);
    const [current] = await Sql.of(this.orm.em.fork()).all<{ status: string; claimed_by: string }>(
      'select status, claimed_by from job_chunk where id = ?',
      [chunkId],
    );
    if (current?.status === ChunkStatus.RUNNING) {
      throw new Error(`chunk ${chunkId} is held by ${current.claimed_by}`);
    }
  }

  private async claim(chunkId: string): Promise<ClaimedChunk | null> {
    const sql = Sql.of(this.orm.em.fork());
    const claimedAt = new Date();
    const won = await sql.run(
      `update job_chunk set status = ?, claimed_by = ?, claimed_at = ?, attempts = attempts + 1 where id = ? and ${CLAIMABLE}`,
      [ChunkStatus.RUNNING, this.workerId, claimedAt, chunkId, ...this.claimableParams()],
    );
    if (won !== 1) return null;
    const [row] = await sql.all('select * from job_chunk where id = ?', [chunkId]);
    const chunk: ClaimedChunk = {
      id: chunkId,
      kind: String(row.kind),
      jobId: String(row.job_id),
      index: Number(row.index),
      firstKey: sql.readJson(row.first_key),
      lastKey: sql.readJson(row.last_key),
      itemCount: Number(row.item_count),
      attempts: Number(row.attempts),
      state: row.state === null ? null : sql.readJson(row.state),
    };
    const kind = this.kinds.get(chunk.kind);
    if (!kind) throw new Error(`chunk ${chunkId} is of an unknown kind of job: ${chunk.kind}`);
    if (!this.started.has(chunk.jobId)) {
      await sql.run(`update ${kind.table} set status = ?, started_at = ? where id = ? and status = ?`, [
        JobStatus.RUNNING,
        claimedAt,
        chunk.jobId,
        JobStatus.QUEUED,
      ]);
      this.started.add(chunk.jobId);
    }
    return chunk;
  }

  private async process(chunk: ClaimedChunk) {
    const kind = this.kinds.get(chunk.kind) as JobKind;
    this.chunksInHand++;
    try {
      const prepared = await this.prepare(kind, chunk.jobId);
      if (chunk.index === PLAN_CHUNK_INDEX) {
        if (!kind.plan) throw new Error(`${kind.name} jobs are planned when they start`);
        await this.commitPlan(kind, prepared, chunk, await kind.plan(this.orm.em.fork(), prepared));
      } else {
        if (this.options.pauseMs) await new Promise((wait) => setTimeout(wait, this.options.pauseMs));
        const output = await kind.run(this.orm.em.fork(), prepared, chunk, this.control(chunk));
        await this.commit(kind, prepared, chunk, output);
      }
    } catch (error) {
      if (error instanceof ClaimLost) return;
      if (error instanceof ChunkConflict && chunk.attempts < MAX_ATTEMPTS) return this.release(chunk);
      await this.fail(kind, chunk, error);
    } finally {
      this.chunksInHand--;
    }
  }

  /** Gives a chunk back to be run again, by whichever runner comes next. */
  private async release(chunk: ClaimedChunk) {
    await Sql.of(this.orm.em.fork()).run(
      'update job_chunk set status = ?, claimed_by = null, claimed_at = null where id = ? and status = ? and claimed_by = ?',
      [ChunkStatus.PENDING, chunk.id, ChunkStatus.RUNNING, this.workerId],
    );
    this.kick();
  }

  private prepare(kind: JobKind, jobId: string): Promise<unknown> {
    let prepared = this.prepared.get(jobId);
    if (!prepared) {
      prepared = kind.prepare(this.orm.em.fork(), jobId);
      prepared.catch(() => this.prepared.delete(jobId));
      this.prepared.set(jobId, prepared);
      // Maps iterate in insertion order: the first key is the job prepared longest ago.
      if (this.prepared.size > PREPARED_JOBS) this.forget(this.prepared.keys().next().value as string);
    }
    return prepared;
  }

  private control(chunk: ClaimedChunk): ChunkControl {
    let items = 0;
    return {
      checkpoint: (state, write) =>
        this.orm.em.fork().transactional(async (tx) => {
          const held = await Sql.of(tx).run(
            'update job_chunk set state = ?, claimed_at = ? where id = ? and status = ? and claimed_by = ?',
            [Sql.json(state), new Date(), chunk.id, ChunkStatus.RUNNING, this.workerId],
          );
          if (held !== 1) throw new ClaimLost();
          await write(tx);
        }),
      yield: async () => {
        await this.options.pressure?.giveWay();
        if (++items % YIELD_EVERY === 0) await new Promise((resume) => setImmediate(resume));
      },
    };
  }

  /** Marks the chunk DONE if this runner still holds it, and counts it on its job if the job still runs. */
  private async complete(tx: EntityManager, chunk: ClaimedChunk, state: unknown) {
    const sql = Sql.of(tx);
    const done = await sql.run(
      'update job_chunk set status = ?, state = ? where id = ? and status = ? and claimed_by = ?',
      [ChunkStatus.DONE, Sql.json(state ?? null), chunk.id, ChunkStatus.RUNNING, this.workerId],
    );
    if (done !== 1) throw new ClaimLost();
    return sql;
  }

  private async commit(kind: JobKind, prepared: unknown, chunk: ClaimedChunk, output: unknown) {
    await this.orm.em.fork().transactional(async (tx) => {
      const sql = await this.complete(tx, chunk, kind.stateOf?.(output));
      // The job row is locked by this update, so exactly one runner sees the last chunk land.
      const progressed = await sql.run(
        `update ${kind.table} set chunks_done = chunks_done + 1 where id = ? and status = ?`,
        [chunk.jobId, JobStatus.RUNNING],
      );
      if (progressed !== 1) throw new ClaimLost();
      await kind.commit(tx, prepared, chunk, output);
      const [job] = await sql.all(`select chunks_done, chunk_count from ${kind.table} where id = ?`, [
        chunk.jobId,
      ]);
      if (Number(job.chunks_done) === Number(job.chunk_count))
        await this.finish(tx, kind, prepared, chunk.jobId);
    });
  }

  private async commitPlan(kind: JobKind, prepared: unknown, chunk: ClaimedChunk, chunks: ChunkRange[]) {
    await this.orm.em.fork().transactional(async (tx) => {
      const sql = await this.complete(tx, chunk, null);
      const planned = await sql.run(`update ${kind.table} set chunk_count = ? where id = ? and status = ?`, [
        chunks.length,
        chunk.jobId,
        JobStatus.RUNNING,
      ]);
      if (planned !== 1) throw new ClaimLost();
      await queueChunks(tx, kind.name, chunk.jobId, chunks);
      await kind.planned?.(tx, prepared, chunks);
      if (chunks.length === 0) await this.finish(tx, kind, prepared, chunk.jobId);
    });
    this.kick();
  }

  private async finish(tx: EntityManager, kind: JobKind, prepared: unknown, jobId: string) {
    await kind.finish(tx, prepared);
    await Sql.of(tx).run(`update ${kind.table} set status = ?, finished_at = ? where id = ?`, [
      JobStatus.COMPLETED,
      new Date(),
      jobId,
    ]);
    this.forget(jobId);
  }

  private forget(jobId: string) {
    this.prepared.delete(jobId);
    this.started.delete(jobId);
  }

  /**
   * A chunk that throws stops its job: a JobFailure says why in the reader's terms; anything else is logged
   * and the job's error points at the log. Chunks not yet run are cancelled; a kind that must not leave a
   * failed job's partial work behind removes it before the job is marked finished.
   */
  private async fail(kind: JobKind, chunk: ClaimedChunk, error: unknown) {
    const failure = error instanceof JobFailure ? error : null;
    if (!failure) {
      this.logger.error(
        { err: error, kind: kind.name, jobId: chunk.jobId, chunk: chunk.index },
        'job chunk failed',
      );
    }
    const message = failure?.message ?? `internal error: see the server log for ${kind.name} ${chunk.jobId}`;
    const em = this.orm.em.fork();
    const failed = await em.transactional(async (tx) => {
      const sql = Sql.of(tx);
      const stopped = await sql.run(
        `update ${kind.table} set status = ?, error = ?, finished_at = ? where id = ? and status in (?, ?)`,
        [
          JobStatus.FAILED,
          message,
          kind.discard ? null : new Date(),
          chunk.jobId,
          JobStatus.QUEUED,
          JobStatus.RUNNING,
        ],
      );
      if (stopped === 0) return false;
      await cancelChunks(tx, chunk.jobId);
      await kind.failed?.(tx, chunk.jobId, failure);
      return true;
    });
    this.forget(chunk.jobId);
    if (failed && kind.discard) {
      try {
        await kind.discard(em, chunk.jobId);
      } catch (discardError) {
        this.logger.error(
          { err: discardError, kind: kind.name, jobId: chunk.jobId },
          'failed job not cleaned up',
        );
      } finally {
        await Sql.of(em).run(`update ${kind.table} set finished_at = ? where id = ?`, [
          new Date(),
          chunk.jobId,
        ]);
      }
    }
  }
}

/**
 * Queues a job's chunks, in its transaction: the planned key ranges, or the step that plans them. A kind
 * that adds a step once its chunks are done (a scorecard fit's fit) queues it numbered from `firstIndex`,
 * in the commit of its last chunk, and counts it in the job's `chunk_count`.
 */
export async function queueChunks(
  tx: EntityManager,
  kind: string,
  jobId: string,
  chunks: ChunkRange[] | 'plan',
  firstIndex = 0,
) {
  const createdAt = new Date();
  const rows =
    chunks === 'plan'
      ? [[newId(), createdAt, kind, jobId, PLAN_CHUNK_INDEX, ChunkStatus.PENDING, null, null, 0, 0]]
      : chunks.map((chunk, index) => [
          newId(),
          createdAt,
          kind,
          jobId,
          firstIndex + index,
          ChunkStatus.PENDING,
          Sql.json(chunk.firstKey),
          Sql.json(chunk.lastKey),
          chunk.itemCount,
          0,
        ]);
  await Sql.of(tx).insert(
    'job_chunk',
    [
      'id',
      'created_at',
      'kind',
      'job_id',
      'index',
      'status',
      'first_key',
      'last_key',
      'item_count',
      'attempts',
    ],
    rows,
  );
}

/** Cancels the chunks of a job that are not done, in the transaction that stops it. */
export async function cancelChunks(tx: EntityManager, jobId: string) {
  await Sql.of(tx).run('update job_chunk set status = ? where job_id = ? and status in (?, ?)', [
    ChunkStatus.CANCELLED,
    jobId,
    ChunkStatus.PENDING,
    ChunkStatus.RUNNING,
  ]);
}
