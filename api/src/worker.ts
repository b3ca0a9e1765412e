import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';
import { createJobRunner, createNotificationDispatcher } from './app/jobs.js';
import { ormOptions } from './app/orm.js';
import { loadConfig } from './core/config.js';
import { createLogger } from './core/logger.js';
import { StartupError } from './core/startup-error.js';
import { guardSqliteWrites } from './db/sqlite-write-lock.js';

/**
 * `npm run worker`: runs the chunks of every kind of job (backtests and replays, portfolio reviews, case
 * set imports) beside the API, on this machine or another sharing its database (and Redis, when REDIS_URL
 * is set), on its main thread and SPILLWAY_JOB_THREADS worker threads. Without Redis it claims chunks from
 * the database directly. It never migrates: the API owns the schema, and a worker on an older schema would
 * be refused.
 */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const orm = await MikroORM.init(ormOptions(config.database)).catch((error) => {
    throw new StartupError(
      'DATABASE_UNREACHABLE',
      `cannot connect to the database: ${error.message}`,
      'check DATABASE_URL',
    );
  });
  guardSqliteWrites(orm, config.database, { checkpoints: true });
  const pending = await orm.getMigrator().getPendingMigrations();
  if (pending.length > 0) {
    await orm.close(true);
    throw new StartupError(
      'SCHEMA_OUTDATED',
      `the database lacks ${pending.length} migration(s)`,
      'start the API (it migrates) before its workers',
    );
  }
  const pauseMs = Number(process.env.SPILLWAY_WORKER_CHUNK_PAUSE_MS ?? 0);
  const runner = createJobRunner(orm, config, logger, {
    pollMs: 2000,
    runJobs: true,
    serves: false,
    withThreads: true,
    pauseMs: Number.isFinite(pauseMs) ? pauseMs : 0,
  });
  const notifications = createNotificationDispatcher(orm, config, logger, runner);
  runner.start();
  notifications.start();
  console.log(
    `spillway worker ${runner.workerId} running job chunks from ${config.redisUrl ? 'the Redis queue' : 'the database'}`,
  );
  const shutdown = () => {
    Promise.all([runner.stop(), notifications.stop()])
      .then(() => orm.close(true))
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error) => {
  console.error(
    error instanceof StartupError
      ? error.toLine()
      : `spillway worker: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
