import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { MikroORM } from '@mikro-orm/core';
import { createJobRunner } from './app/jobs.js';
import { ormOptions } from './app/orm.js';
import type { Config } from './core/config.js';
import { createLogger } from './core/logger.js';

/**
 * A worker thread running job chunks (backtests, reviews, imports) for its process, with a database
 * connection of its own: the API's main thread answers requests and leaves every chunk to its threads.
 * Chunks are claimed through the database (or the queue) like any other worker's, so threads, processes
 * and machines mix freely.
 */
const { config, pollMs } = workerData as { config: Config; pollMs: number };
const logger = createLogger(config.logLevel);
const orm = await MikroORM.init(ormOptions(config.database));
const runner = createJobRunner(orm, config, logger, {
  pollMs,
  runJobs: true,
  serves: false,
  withThreads: false,
});
runner.start();
parentPort?.on('message', (message) => {
  if (message === 'kick') runner.kick();
  if (message === 'stop') {
    runner
      .stop()
      .then(() => orm.close(true))
      .finally(() => parentPort?.postMessage('stopped'));
  }
});
