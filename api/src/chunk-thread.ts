import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { MikroORM } from '@mikro-orm/core';
import { createJobRunner, createNotificationDispatcher } from './app/jobs.js';
import { ormOptions } from './app/orm.js';
import type { Config } from './core/config.js';
import { createLogger } from './core/logger.js';
import { checkpointSqlite, guardSqliteWrites, sqliteWriteLock } from './db/sqlite-write-lock.js';
import { ServingPressure } from './jobs/serving-pressure.js';

/*
 * A worker thread running job chunks (backtests, reviews, imports) and sending the outbox for its process,
 * with a database connection of its own: the API's main thread answers requests and leaves every chunk to
 * its threads. Chunks are claimed through the database (or the queue) like any other worker's, so threads,
 * processes and machines mix freely.
 */

/** How often a thread checkpoints an SQLite file's log when its own transactions did not. */
const CHECKPOINT_MS = 1000;

const { config, pollMs, writeLock, pressure } = workerData as {
  config: Config;
  pollMs: number;
  writeLock: SharedArrayBuffer;
  pressure: SharedArrayBuffer;
};
const logger = createLogger(config.logLevel);
const orm = await MikroORM.init(ormOptions(config.database));
// The process's lock on the SQLite file, shared with its main thread and the other threads.
sqliteWriteLock(config.database.url, writeLock);
guardSqliteWrites(orm, config.database, { checkpoints: true });
const runner = createJobRunner(orm, config, logger, {
  pollMs,
  runJobs: true,
  serves: false,
  withThreads: false,
  pressure: new ServingPressure(pressure),
});
const notifications = createNotificationDispatcher(orm, config, logger, runner);
runner.start();
notifications.start();
const checkpoints =
  config.database.dialect === 'sqlite'
    ? setInterval(() => {
        checkpointSqlite(orm).catch((error) => logger.warn({ err: error }, 'checkpoint failed'));
      }, CHECKPOINT_MS)
    : undefined;
parentPort?.on('message', (message) => {
  if (message === 'kick') runner.kick();
  if (message === 'stop') {
    clearInterval(checkpoints);
    Promise.all([runner.stop(), notifications.stop()])
      .then(() => orm.close(true))
      .finally(() => {
        // Nothing is left to keep the thread alive: it exits on its own.
        parentPort?.close();
      });
  }
});
