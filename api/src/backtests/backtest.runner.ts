import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type EntityManager, type MikroORM, raw } from '@mikro-orm/core';
import {
  createMetricsAccumulator,
  type DecisionSummary,
  type ExpectedDecision,
  firedRulesOf,
  type PipelineTrace,
} from '@spillway/rules';
import { Case } from '../case-sets/case.entity.js';
import { type Config, DEFAULT_JOB_LEASE_SECONDS } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { minorToCny } from '../core/money.js';
import { Decision } from '../decisions/decision.entity.js';
import type { DecisionFilter } from '../decisions/decision-filter.input.js';
import type { PolicyCompiler } from '../policies/policy-compiler.js';
import { versionSnapshot } from '../policies/policy-loader.js';
import { PolicyVersion } from '../policies/policy-version.entity.js';
import { Backtest, BacktestKind, JobStatus } from './backtest.entity.js';
import { BacktestChunk, ChunkStatus } from './backtest-chunk.entity.js';
import { BacktestDifference } from './backtest-difference.entity.js';
import {
  ChunkEvaluation,
  type ChunkState,
  compileSide,
  type JobCase,
  type PolicySet,
} from './case-evaluation.js';
import { CHUNK_SIZE, type DecisionKey, decisionKeyRange, replayWhere } from './chunk-plan.js';
import { ChunkQueue } from './chunk-queue.js';
import { ChunkThreads } from './chunk-threads.js';

export interface RunnerOptions {
  /** A claimed chunk not committed within this long is presumed lost with its worker and claimed again. */
  leaseMs: number;
  /** How often an idle runner looks for chunks (queued elsewhere, or left by a dead worker). */
  pollMs: number;
  /** With Redis: chunks go through this queue to whichever worker takes them. */
  queue?: ChunkQueue;
  /** Whether this process runs chunks itself; an API beside dedicated workers may only queue them. */
  runJobs?: boolean;
  /** Worker threads running chunks beside this runner, started the first time there is work for them. */
  threads?: ChunkThreads;
  /** Holds each claimed chunk this long before evaluating it: lets tests kill a worker mid-chunk. */
  pauseMs?: number;
}

/** How a process takes part in running chunks; everything else comes from the configuration. */
export interface RunnerRole {
  /** How often an idle runner looks for chunks (queued elsewhere, or left by a dead worker). */
  pollMs: number;
  /** Whether this process runs chunks itself (the API may leave them to dedicated workers). */
  runJobs: boolean;
  /** Whether to start SPILLWAY_JOB_THREADS worker threads beside it; a thread itself starts none. */
  withThreads: boolean;
  pauseMs?: number;
}

/** Cases evaluated between two turns of the event loop. */
const YIELD_EVERY = 50;

/** A job's chunk could not be committed: the job was cancelled, or the claim expired and was taken over. */
class ClaimLost extends Error {}

/**
 * Runs backtest and replay chunks. The database is the queue: a chunk is claimed by a conditional update,
 * and its differences, its state and the job's progress commit together, so every chunk counts exactly once
 * whichever runner (process, replica) takes it and however many times it is retried.
 */
export class BacktestRunner {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private running: Promise<void> | null = null;
  private again = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly sides = new Map<string, { baseline: PolicySet | null; candidate: PolicySet }>();

  /** The one place a runner is wired: the API, `npm run worker` and worker threads all build theirs here. */
  static create(orm: MikroORM, config: Config, compiler: PolicyCompiler, logger: Logger, role: RunnerRole) {
    const leaseMs = (config.jobLeaseSeconds ?? DEFAULT_JOB_LEASE_SECONDS) * 1000;
    return new BacktestRunner(orm, compiler, logger, {
      leaseMs,
      pollMs: role.pollMs,
      queue: config.redisUrl
        ? new ChunkQueue(config.redisUrl, config.queuePrefix ?? 'spillway', leaseMs, logger)
        : undefined,
      runJobs: role.runJobs,
      threads: role.withThreads
        ? new ChunkThreads(config, { count: config.jobThreads ?? 0, pollMs: role.pollMs }, logger)
        : undefined,
      pauseMs: role.pauseMs,
    });
  }

  constructor(
    private readonly orm: MikroORM,
    private readonly compiler: PolicyCompiler,
    private readonly logger: Logger,
    private readonly options: RunnerOptions,
  ) {}

  start() {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    if (this.options.queue && this.options.runJobs !== false) {
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
      .catch((error) => this.logger.error({ err: error }, 'backtest runner failed'))
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
      // Threads and other workers may still hold chunks: idle means no chunk is left anywhere.
      const left = await this.orm.em
        .fork()
        .count(BacktestChunk, { status: { $in: [ChunkStatus.PENDING, ChunkStatus.RUNNING] } });
      if (left === 0) return;
      await new Promise((wait) => setTimeout(wait, 50));
    }
  }

  /**
   * Without a queue: claims and runs every claimable chunk. With one: puts the claimable chunks on it (new
   * ones, and those a dead worker left), for whichever worker is free.
   */
  private async drain() {
    const queue = this.options.queue;
    if (queue) {
      const chunks = await this.orm.em.fork().find(BacktestChunk, this.claimable(), { fields: ['id'] });
      if (chunks.length === 0) return;
      await queue.enqueue(chunks.map((chunk) => chunk.id));
      if (this.options.runJobs !== false) this.options.threads?.wake();
      return;
    }
    if (this.options.runJobs === false) return;
    const em = this.orm.em.fork();
    while (!this.stopped) {
      const next = await em.findOne(BacktestChunk, this.claimable(), {
        orderBy: { createdAt: 'asc', index: 'asc' },
      });
      if (!next) return;
      this.options.threads?.wake();
      // Losing the race to another runner just means looking again.
      const chunk = await this.claim(next.id);
      if (chunk) await this.process(chunk);
    }
  }

  /** A queued chunk: runs it, or throws while another worker's lease on it is alive so the queue retries. */
  async runChunk(chunkId: string): Promise<void> {
    const chunk = await this.claim(chunkId);
    if (chunk) return this.process(chunk);
    const current = await this.orm.em.fork().findOne(BacktestChunk, { id: chunkId });
    if (current?.status === ChunkStatus.RUNNING) {
      throw new Error(`chunk ${chunkId} is held by ${current.claimedBy}`);
    }
  }

  private claimable() {
    return {
      $or: [
        { status: ChunkStatus.PENDING },
        { status: ChunkStatus.RUNNING, claimedAt: { $lt: new Date(Date.now() - this.options.leaseMs) } },
      ],
    };
  }

  private async claim(chunkId: string): Promise<BacktestChunk | null> {
    const em = this.orm.em.fork();
    const claimedAt = new Date();
    const won = await em.nativeUpdate(
      BacktestChunk,
      { id: chunkId, ...this.claimable() },
      { status: ChunkStatus.RUNNING, claimedBy: this.workerId, claimedAt, attempts: raw('attempts + 1') },
    );
    if (won !== 1) return null;
    const chunk = await em.findOneOrFail(BacktestChunk, { id: chunkId }, { populate: ['backtest'] });
    await em.nativeUpdate(
      Backtest,
      { id: chunk.backtest.id, status: JobStatus.QUEUED },
      { status: JobStatus.RUNNING, startedAt: claimedAt },
    );
    return chunk;
  }

  private async process(chunk: BacktestChunk) {
    const job = chunk.backtest;
    const em = this.orm.em.fork();
    try {
      if (this.options.pauseMs) await new Promise((wait) => setTimeout(wait, this.options.pauseMs));
      const evaluation = await this.evaluate(em, job, chunk);
      await this.commit(job, chunk, evaluation);
    } catch (error) {
      if (error instanceof ClaimLost) return;
      this.logger.error({ err: error, backtestId: job.id, chunk: chunk.index }, 'backtest chunk failed');
      await this.fail(job, chunk, error);
    }
  }

  private async evaluate(em: EntityManager, job: Backtest, chunk: BacktestChunk): Promise<ChunkEvaluation> {
    const { baseline, candidate } = this.sidesOf(job);
    const evaluation = new ChunkEvaluation(baseline, candidate);
    const cases =
      job.kind === BacktestKind.BACKTEST
        ? await this.cases(em, job, chunk)
        : await this.decisions(em, job, chunk);
    for (const [order, item] of cases.entries()) {
      // A chunk holds at most CHUNK_SIZE cases, so positions sort in job order across chunks.
      await evaluation.add(item, chunk.index * CHUNK_SIZE + order);
      // Evaluation only ever awaits microtasks: without a pause, requests to this process would wait for
      // the whole chunk.
      if (order % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resume) => setImmediate(resume));
    }
    return evaluation;
  }

  private sidesOf(job: Backtest) {
    let sides = this.sides.get(job.id);
    if (!sides) {
      sides = {
        baseline: job.kind === BacktestKind.BACKTEST ? compileSide(job.baseline) : null,
        candidate: compileSide(job.candidate),
      };
      this.sides.set(job.id, sides);
    }
    return sides;
  }

  private async cases(em: EntityManager, job: Backtest, chunk: BacktestChunk): Promise<JobCase[]> {
    const rows = await em.find(
      Case,
      { caseSet: job.caseSet!.id, line: { $gte: chunk.firstKey as number, $lte: chunk.lastKey as number } },
      { orderBy: { line: 'asc' } },
    );
    const asOf = job.asOf.toISOString();
    return rows.map((row) => ({
      caseId: row.id,
      line: row.line,
      externalRef: row.externalRef ?? null,
      facts: { ...row.facts, ...row.application },
      asOf,
      observedDefault: row.observedDefault,
      expected: (row.expected as ExpectedDecision | null | undefined) ?? null,
    }));
  }

  private async decisions(em: EntityManager, job: Backtest, chunk: BacktestChunk): Promise<JobCase[]> {
    const filter = filterOf(job.decisionFilter ?? {});
    const rows = await em.find(
      Decision,
      {
        $and: [
          replayWhere(filter, job.createdAt),
          decisionKeyRange(chunk.firstKey as DecisionKey, chunk.lastKey as DecisionKey),
        ],
      },
      { orderBy: { decidedAt: 'asc', id: 'asc' }, populate: ['borrower'] },
    );
    const recordedSets = await this.recordedSets(em, rows);
    return rows.map((decision) => ({
      decisionId: decision.id,
      externalRef: decision.borrower.externalRef,
      facts: decision.facts,
      asOf: decision.asOf.toISOString(),
      // A recorded decision's outcome is not observed here: replays compare decisions, not defaults.
      observedDefault: null,
      recorded: { summary: recordedSummary(decision), policies: recordedSets.get(decision.id)! },
    }));
  }

  /** Each decision's recorded revisions, compiled once per version and checked against the stored revision. */
  private async recordedSets(em: EntityManager, decisions: Decision[]): Promise<Map<string, PolicySet>> {
    const ids = [...new Set(decisions.flatMap((decision) => decision.revisions.map((ref) => ref.versionId)))];
    const versions = new Map(
      (await em.find(PolicyVersion, { id: { $in: ids } }, { populate: ['policy'] })).map((version) => [
        version.id,
        version,
      ]),
    );
    return new Map(
      decisions.map((decision) => {
        const set: PolicySet = {};
        for (const ref of decision.revisions) {
          const version = versions.get(ref.versionId);
          if (!version || version.revision !== ref.revision) {
            throw new Error(
              `decision ${decision.id} recorded ${ref.kind} revision ${ref.revision}, which is not stored`,
            );
          }
          set[ref.kind] = this.compiler.compile(versionSnapshot(version));
        }
        return [decision.id, set];
      }),
    );
  }

  private async commit(job: Backtest, chunk: BacktestChunk, evaluation: ChunkEvaluation) {
    const state = evaluation.state();
    await this.orm.em.fork().transactional(async (tx) => {
      const done = await tx.nativeUpdate(
        BacktestChunk,
        { id: chunk.id, status: ChunkStatus.RUNNING, claimedBy: this.workerId },
        { status: ChunkStatus.DONE, state: state as unknown as Record<string, unknown> },
      );
      if (done !== 1) throw new ClaimLost();
      const progressed = await tx.nativeUpdate(
        Backtest,
        { id: job.id, status: JobStatus.RUNNING },
        {
          casesDone: raw(`cases_done + ${chunk.caseCount}`),
          chunksDone: raw('chunks_done + 1'),
          expectationsChecked: raw(`expectations_checked + ${state.expectationsChecked}`),
          regressions: raw(`regressions + ${state.regressions}`),
          mismatches: raw(`mismatches + ${state.mismatches}`),
        },
      );
      if (progressed !== 1) throw new ClaimLost();
      if (evaluation.differences.length > 0) {
        const createdAt = new Date();
        await tx.insertMany(
          BacktestDifference,
          evaluation.differences.map((difference) => ({
            id: randomUUID(),
            createdAt,
            backtest: job.id,
            ...difference,
            baseline: { ...difference.baseline },
            candidate: { ...difference.candidate },
            regression: difference.expectationFailures.length > 0,
            mismatch: difference.mismatches.length > 0,
          })),
        );
      }
      // The job row is locked by the update above, so exactly one runner sees the last chunk land.
      const current = await tx.findOneOrFail(Backtest, { id: job.id }, { refresh: true });
      if (current.chunksDone === current.chunkCount) await this.complete(tx, current);
    });
  }

  private async complete(tx: EntityManager, job: Backtest) {
    const metrics = createMetricsAccumulator();
    const chunks = await tx.find(BacktestChunk, { backtest: job.id }, { fields: ['state'] });
    for (const done of chunks) metrics.merge((done.state as unknown as ChunkState).metrics);
    job.metrics = metrics.result() as unknown as Record<string, unknown>;
    job.status = JobStatus.COMPLETED;
    job.finishedAt = new Date();
    await tx.flush();
    this.sides.delete(job.id);
  }

  /** An evaluation that throws on a case is a fault of the policies or the data: the job stops with it. */
  private async fail(job: Backtest, chunk: BacktestChunk, error: unknown) {
    const message = `chunk ${chunk.index + 1}: ${error instanceof Error ? error.message : String(error)}`;
    await this.orm.em.fork().transactional(async (tx) => {
      const failed = await tx.nativeUpdate(
        Backtest,
        { id: job.id, status: { $in: [JobStatus.QUEUED, JobStatus.RUNNING] } },
        { status: JobStatus.FAILED, error: message, finishedAt: new Date() },
      );
      if (failed === 0) return;
      await tx.nativeUpdate(
        BacktestChunk,
        { backtest: job.id, status: { $in: [ChunkStatus.PENDING, ChunkStatus.RUNNING] } },
        { status: ChunkStatus.CANCELLED },
      );
    });
    this.sides.delete(job.id);
  }
}

function filterOf(stored: Record<string, unknown>): DecisionFilter {
  const date = (value: unknown) => (typeof value === 'string' ? new Date(value) : undefined);
  return { ...(stored as DecisionFilter), from: date(stored.from), to: date(stored.to) };
}

function recordedSummary(decision: Decision): DecisionSummary {
  return {
    outcome: decision.outcome,
    approvedLimit: decision.approvedLimitMinor === null ? null : minorToCny(decision.approvedLimitMinor),
    aprBps: decision.aprBps,
    termMonths: decision.termMonths,
    riskTier: decision.riskTier,
    affordableLimit:
      decision.affordableLimitMinor === null ? null : minorToCny(decision.affordableLimitMinor),
    overflow: decision.overflow,
    reasons: decision.reasons.map((reason) => reason.code),
    firedRules: firedRulesOf(decision.trace as PipelineTrace),
  };
}
