/**
 * The jobs layer on its own, with a kind of job made for the test (a sum over key ranges, in a table of
 * its own) on a real database: planning, exactly-once commits, reruns after a conflict, failures with their
 * clean-up, and a runner that wakes up after its claim was taken over.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger.js';
import { Sql } from '../src/db/sql.js';
import { ChunkStatus, JobChunk, PLAN_CHUNK_INDEX } from '../src/jobs/job-chunk.entity.js';
import {
  ChunkConflict,
  type ChunkRange,
  type ClaimedChunk,
  JobFailure,
  type JobKind,
} from '../src/jobs/job-kind.js';
import { JobRunner, queueChunks } from '../src/jobs/job-runner.js';
import { testDialects } from './support/databases.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

/** Numbers 1..ITEMS in chunks of CHUNK; the job adds them up. */
const ITEMS = 10;
const CHUNK = 3;

/** What the test makes the kind do, chunk by chunk. */
interface Script {
  /** Conflicts left to raise on a chunk's commit, by chunk index. */
  conflicts: Map<number, number>;
  /** A chunk that fails, and how. */
  failAt?: { index: number; error: Error };
  discarded: string[];
}

class SumJob implements JobKind<string, number> {
  readonly name = 'test-sum';
  readonly table = 'test_sum_job';

  constructor(private readonly script: Script) {}

  async prepare(_em: EntityManager, jobId: string) {
    return jobId;
  }

  async plan(): Promise<ChunkRange[]> {
    const ranges: ChunkRange[] = [];
    for (let first = 1; first <= ITEMS; first += CHUNK) {
      const last = Math.min(ITEMS, first + CHUNK - 1);
      ranges.push({ firstKey: first, lastKey: last === ITEMS ? null : last, itemCount: last - first + 1 });
    }
    return ranges;
  }

  async run(_em: EntityManager, _jobId: string, chunk: ClaimedChunk) {
    if (this.script.failAt?.index === chunk.index) throw this.script.failAt.error;
    const last = (chunk.lastKey as number | null) ?? ITEMS;
    let sum = 0;
    for (let item = chunk.firstKey as number; item <= last; item++) sum += item;
    return sum;
  }

  async commit(tx: EntityManager, jobId: string, chunk: ClaimedChunk, sum: number) {
    const conflicts = this.script.conflicts.get(chunk.index) ?? 0;
    await Sql.of(tx).run('update test_sum_job set total = total + ? where id = ?', [sum, jobId]);
    if (conflicts > 0) {
      // Written above and rolled back with the rest: the conflict leaves nothing.
      this.script.conflicts.set(chunk.index, conflicts - 1);
      throw new ChunkConflict();
    }
  }

  async finish(tx: EntityManager, jobId: string) {
    await Sql.of(tx).run('update test_sum_job set finished_total = total where id = ?', [jobId]);
  }

  async discard(_em: EntityManager, jobId: string) {
    this.script.discarded.push(jobId);
  }
}

describe.each(dialects)('the jobs layer on %s', (dialect) => {
  let api: TestApi;
  let script: Script;
  const runners: JobRunner[] = [];

  const runner = (options: { pauseMs?: number } = {}) => {
    const created = new JobRunner(api.orm, [new SumJob(script)], createLogger('silent'), {
      leaseMs: 500,
      pollMs: 100,
      runChunks: true,
      ...options,
    });
    runners.push(created);
    return created;
  };
  const createJob = async () => {
    const id = randomUUID();
    await api.orm.em.fork().transactional(async (tx) => {
      await Sql.of(tx).run("insert into test_sum_job (id, status) values (?, 'QUEUED')", [id]);
      await queueChunks(tx, 'test-sum', id, 'plan');
    });
    return id;
  };
  const job = async (id: string) => {
    const [row] = await Sql.of(api.orm.em.fork()).all('select * from test_sum_job where id = ?', [id]);
    return {
      status: row.status,
      total: Number(row.total),
      finishedTotal: row.finished_total === null ? null : Number(row.finished_total),
      chunks: Number(row.chunk_count),
      chunksDone: Number(row.chunks_done),
      error: row.error,
      finished: row.finished_at !== null,
    };
  };
  const chunksOf = (id: string) =>
    api.orm.em.fork().find(JobChunk, { jobId: id, index: { $gte: 0 } }, { orderBy: { index: 'asc' } });

  beforeAll(async () => {
    api = await startTestApi(dialect);
    // Only the test's runners run chunks here: the app's knows no test-sum job.
    await api.spillway.services.jobs.stop();
    const timestamp = dialect === 'sqlite' ? 'datetime' : 'timestamptz';
    await Sql.of(api.orm.em.fork()).run(
      `create table test_sum_job (id varchar(36) primary key, status varchar(16) not null,
        chunk_count integer not null default 0, chunks_done integer not null default 0,
        started_at ${timestamp} null, finished_at ${timestamp} null, error text null,
        total integer not null default 0, finished_total integer null)`,
    );
  });
  beforeEach(() => {
    script = { conflicts: new Map(), discarded: [] };
  });
  // Each test's runners run its job only.
  afterEach(async () => {
    for (const each of runners.splice(0)) await each.stop();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('plans a job on a runner, runs every chunk once, and completes it in the last chunk', async () => {
    const id = await createJob();
    const worker = runner();
    worker.start();
    await worker.idle();
    expect(await job(id)).toMatchObject({
      status: 'COMPLETED',
      total: 55,
      finishedTotal: 55,
      chunks: 4,
      chunksDone: 4,
      finished: true,
    });
    const chunks = await chunksOf(id);
    expect(chunks.map((chunk) => [chunk.status, chunk.attempts, chunk.itemCount])).toEqual([
      [ChunkStatus.DONE, 1, 3],
      [ChunkStatus.DONE, 1, 3],
      [ChunkStatus.DONE, 1, 3],
      [ChunkStatus.DONE, 1, 1],
    ]);
    // The last range is open-ended: what is added while the job runs is not lost.
    expect(chunks.at(-1)?.lastKey).toBeNull();
  });

  it('runs a chunk again when what it read changed before it committed, and counts it once', async () => {
    script.conflicts.set(1, 2);
    const id = await createJob();
    const worker = runner();
    worker.start();
    await worker.idle();
    expect(await job(id)).toMatchObject({ status: 'COMPLETED', total: 55, chunksDone: 4 });
    expect((await chunksOf(id))[1]).toMatchObject({ status: ChunkStatus.DONE, attempts: 3 });
  });

  it("stops a job at a chunk that fails, with the reader's reason, and cleans up before it is finished", async () => {
    script.failAt = { index: 2, error: new JobFailure('item 7 is not a number') };
    const id = await createJob();
    const worker = runner();
    worker.start();
    await worker.idle();
    expect(await job(id)).toMatchObject({
      status: 'FAILED',
      error: 'item 7 is not a number',
      finished: true,
    });
    expect(script.discarded).toEqual([id]);
    const statuses = (await chunksOf(id)).map((chunk) => chunk.status);
    expect(statuses[2]).toBe(ChunkStatus.CANCELLED);
    expect(statuses).not.toContain(ChunkStatus.PENDING);
  });

  it('fails a job on an unexpected error with a message that points at the log, not the error', async () => {
    script.failAt = { index: 0, error: new Error('connection reset by a secret host') };
    const id = await createJob();
    const worker = runner();
    worker.start();
    await worker.idle();
    const failed = await job(id);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe(`internal error: see the server log for test-sum ${id}`);
  });

  it('commits nothing from a runner that wakes up after its claim ran out and was taken over', async () => {
    const id = await createJob();
    const planner = runner();
    const [plan] = await api.orm.em.fork().find(JobChunk, { jobId: id, index: PLAN_CHUNK_INDEX });
    await planner.runChunk(plan.id);
    const [first] = await chunksOf(id);
    // A runner that stalls for longer than its lease after claiming the first chunk...
    const stalled = runner({ pauseMs: 1500 }).runChunk(first.id);
    await new Promise((wait) => setTimeout(wait, 700));
    // ...and a live one that takes the chunk over once the lease has run out, and finishes the job.
    const live = runner();
    live.start();
    await live.idle();
    await stalled;
    expect(await job(id)).toMatchObject({ status: 'COMPLETED', total: 55, chunksDone: 4 });
    expect((await chunksOf(id))[0]).toMatchObject({
      status: ChunkStatus.DONE,
      attempts: 2,
      claimedBy: live.workerId,
    });
  });
});
