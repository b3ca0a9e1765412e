/**
 * Moves SQLite's write-ahead log into the database file on a thread of its own. A checkpoint writes and
 * syncs pages; done by whichever connection commits the thousandth page (SQLite's default), it would stall
 * the event loop that answers requests for as long as the disk takes. So the connections of the thread
 * that serves turn automatic checkpoints off, and this thread checkpoints every second, PASSIVE (it never
 * waits for readers or writers), and once more, truncating the log, when the process stops.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../core/logger.js';

const EVERY_MS = 1000;

// Plain CommonJS run by the thread itself: no compiled entry file is needed, so tests running from the
// TypeScript sources get the same thread as the built server.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const checkpoint = (mode) => {
  try {
    db.pragma('wal_checkpoint(' + mode + ')');
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) });
  }
};
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint('TRUNCATE');
  db.close();
  parentPort.postMessage('stopped');
});
`;

export class WalCheckpointer {
  private readonly thread: Worker;

  constructor(file: string, logger: Logger) {
    this.thread = new Worker(THREAD, {
      eval: true,
      workerData: {
        file,
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        everyMs: EVERY_MS,
      },
    });
    this.thread.on('message', (message: { error?: string }) => {
      if (message?.error)
        logger.warn({ error: message.error }, 'WAL checkpoint failed; the next one retries');
    });
    this.thread.on('error', (error) => logger.error({ err: error }, 'the WAL checkpoint thread failed'));
    this.thread.unref();
  }

  async stop() {
    await new Promise<void>((resolve) => {
      this.thread.once('message', () => resolve());
      this.thread.once('exit', () => resolve());
      this.thread.postMessage('stop');
    });
    await this.thread.terminate();
  }
}
