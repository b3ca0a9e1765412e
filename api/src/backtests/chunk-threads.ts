import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';

/** The compiled thread entry; absent when running from TypeScript sources (tests), where no thread starts. */
const THREAD_ENTRY = new URL('../chunk-thread.js', import.meta.url);

/**
 * Worker threads that run backtest chunks, one per spare core by default. Started by the first chunk
 * there is to run, not at start-up: a process that never backtests never pays for them.
 */
export class ChunkThreads {
  private readonly threads: Worker[] = [];
  private started = false;

  constructor(
    private readonly config: Config,
    private readonly options: { count: number; pollMs: number },
    private readonly logger: Logger,
  ) {}

  /** Starts the threads, or tells running ones there are new chunks rather than waiting for their poll. */
  wake() {
    if (this.started) {
      for (const thread of this.threads) thread.postMessage('kick');
      return;
    }
    this.started = true;
    if (this.options.count === 0 || !existsSync(fileURLToPath(THREAD_ENTRY))) return;
    for (let i = 0; i < this.options.count; i++) {
      const thread = new Worker(THREAD_ENTRY, {
        workerData: { config: this.config, pollMs: this.options.pollMs },
      });
      thread.on('error', (error) => this.logger.error({ err: error }, 'backtest thread failed'));
      this.threads.push(thread);
    }
  }

  async stop() {
    await Promise.all(
      this.threads.splice(0).map(
        (thread) =>
          new Promise<void>((resolve) => {
            const done = () => {
              thread.terminate().finally(() => resolve());
            };
            thread.once('message', done);
            thread.once('exit', () => resolve());
            thread.postMessage('stop');
          }),
      ),
    );
  }
}
