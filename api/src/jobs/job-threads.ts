import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { sqliteWriteLock } from '../db/sqlite-write-lock.js';
import { ServingPressure } from './serving-pressure.js';

/** The compiled thread entry; absent when running from TypeScript sources (tests), where no thread starts. */
const THREAD_ENTRY = new URL('../chunk-thread.js', import.meta.url);
/** How long a stopping thread may take to finish its chunk. */
const STOP_TIMEOUT_MS = 10_000;

/**
 * Worker threads that run job chunks and send the outbox, SPILLWAY_JOB_THREADS of them (one per spare core
 * by default), each with its own database connection, started with the runner that hands them its work.
 */
export class JobThreads {
  private readonly threads = new Set<Worker>();
  private readonly pressure = new ServingPressure();
  private started = false;
  private stopping = false;

  constructor(
    private readonly config: Config,
    private readonly options: {
      count: number;
      pollMs: number;
      /** Whether the threads give way to this thread: it answers requests. */
      giveWay: boolean;
    },
    private readonly logger: Logger,
  ) {}

  /**
   * Whether threads can run this process's chunks: there are some to start, their compiled entry exists,
   * and the database is one they can open too (an in-memory SQLite database belongs to one connection).
   */
  get usable(): boolean {
    return (
      this.options.count > 0 &&
      existsSync(fileURLToPath(THREAD_ENTRY)) &&
      !(this.config.database.dialect === 'sqlite' && this.config.database.url === ':memory:')
    );
  }

  /** Starts the threads, or tells running ones there are new chunks rather than waiting for their poll. */
  wake() {
    if (this.started) {
      for (const thread of this.threads) thread.postMessage('kick');
      return;
    }
    this.started = true;
    if (!this.usable) return;
    // The threads checkpoint an SQLite file; the main thread's commits leave it to them.
    if (this.config.database.dialect === 'sqlite')
      sqliteWriteLock(this.config.database.url).threadsCheckpoint = true;
    // They give way to this thread's requests when it falls behind.
    if (this.options.giveWay) this.pressure.watch();
    for (let i = 0; i < this.options.count; i++) this.spawn();
  }

  /** A thread that dies is replaced: the main thread leaves its chunks to the threads. */
  private spawn() {
    const writeLock = sqliteWriteLock(this.config.database.url);
    const thread = new Worker(THREAD_ENTRY, {
      workerData: {
        config: this.config,
        pollMs: this.options.pollMs,
        writeLock: writeLock.buffer,
        pressure: this.pressure.buffer,
      },
    });
    const { threadId } = thread;
    thread.on('error', (error) => this.logger.error({ err: error }, 'job thread failed'));
    thread.once('exit', () => {
      // A thread ended in the middle of a write leaves the lock to the others.
      writeLock.releaseFor(threadId);
      this.threads.delete(thread);
      if (!this.stopping) setTimeout(() => this.stopping || this.spawn(), this.options.pollMs).unref();
    });
    this.threads.add(thread);
  }

  async stop() {
    this.stopping = true;
    this.pressure.unwatch();
    if (this.usable && this.config.database.dialect === 'sqlite') {
      sqliteWriteLock(this.config.database.url).threadsCheckpoint = false;
    }
    const threads = [...this.threads];
    this.threads.clear();
    await Promise.all(
      threads.map(
        (thread) =>
          new Promise<void>((resolve) => {
            // A thread that does not finish its chunk in time is ended; its chunk is claimed again later.
            const deadline = setTimeout(() => thread.terminate(), STOP_TIMEOUT_MS);
            thread.once('exit', () => {
              clearTimeout(deadline);
              resolve();
            });
            thread.postMessage('stop');
          }),
      ),
    );
  }
}
