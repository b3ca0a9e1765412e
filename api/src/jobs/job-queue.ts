import { type Job, Queue, Worker } from 'bullmq';
import type { Logger } from '../core/logger.js';

const QUEUE = 'job-chunks';

/** A chunk nobody could claim yet (another worker holds a live lease) is retried after this, doubling. */
const RETRY_DELAY_MS = 1000;

/** BullMQ's lowest priority; a chunk's priority is its position in its job, so jobs take turns. */
const MAX_PRIORITY = 2_097_152;

export interface QueuedChunk {
  id: string;
  index: number;
}

/**
 * Job chunks as BullMQ jobs, so `npm run worker` processes on any machine sharing the database and Redis
 * take them. The database stays the source of truth: a queue entry only names its chunk, the chunk's claim
 * and commit decide what counts, and a chunk is enqueued under its own id, so enqueueing it twice adds it
 * once. A worker that dies mid-chunk loses its lock; BullMQ moves the entry back for another worker.
 * Chunks are prioritised by their position in their job: a new job's first chunks run before an older
 * job's hundredth, so a short review is not stuck behind a long backtest.
 */
export class JobQueue {
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

  async enqueue(chunks: QueuedChunk[]) {
    await this.queue.addBulk(
      chunks.map((chunk) => ({
        name: 'chunk',
        data: { chunkId: chunk.id },
        opts: {
          jobId: chunk.id,
          priority: Math.min(MAX_PRIORITY, chunk.index + 2),
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
      this.logger.warn({ chunkId: job?.data.chunkId, err: error }, 'job chunk will be retried'),
    );
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'job chunk queue error'));
  }

  async close() {
    await this.worker?.close();
    await this.queue.close();
  }
}
