import { type Job, Queue, Worker } from 'bullmq';
import type { Logger } from '../core/logger.js';

const QUEUE = 'backtest-chunks';

/** A chunk nobody could claim yet (another worker holds a live lease) is retried after this, doubling. */
const RETRY_DELAY_MS = 1000;

/**
 * Backtest chunks as BullMQ jobs, so `npm run worker` processes on any machine sharing the database and
 * Redis take them. The database stays the source of truth: a job only names its chunk, the chunk's claim
 * and commit decide what counts, and a chunk is enqueued under its own id, so enqueueing it twice adds it once.
 * A worker that dies mid-job loses its lock; BullMQ moves the job back to the queue for another worker.
 */
export class ChunkQueue {
  private readonly queue: Queue;
  private worker?: Worker;

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly lockMs: number,
    private readonly logger: Logger,
  ) {
    this.queue = new Queue(QUEUE, { connection: this.connection(), prefix });
  }

  private connection() {
    return { url: this.redisUrl, maxRetriesPerRequest: null };
  }

  async enqueue(chunkIds: string[]) {
    await this.queue.addBulk(
      chunkIds.map((id) => ({
        name: 'chunk',
        data: { chunkId: id },
        opts: {
          jobId: id,
          attempts: 20,
          backoff: { type: 'exponential', delay: RETRY_DELAY_MS },
          removeOnComplete: true,
          removeOnFail: 1000,
        },
      })),
    );
  }

  /** Runs chunks as they arrive; `run` throws when the chunk cannot be claimed yet, which retries it later. */
  consume(run: (chunkId: string) => Promise<unknown>, concurrency = 1) {
    this.worker = new Worker(QUEUE, (job: Job<{ chunkId: string }>) => run(job.data.chunkId), {
      connection: this.connection(),
      prefix: this.prefix,
      concurrency,
      lockDuration: this.lockMs,
      stalledInterval: Math.max(1000, Math.floor(this.lockMs / 2)),
      maxStalledCount: 10,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.warn({ chunkId: job?.data.chunkId, err: error }, 'backtest chunk job will be retried'),
    );
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'backtest chunk queue error'));
  }

  async close() {
    await this.worker?.close();
    await this.queue.close();
  }
}
