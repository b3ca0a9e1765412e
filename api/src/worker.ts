import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';
import { ormOptions } from './app/orm.js';
import { AuditService } from './audit/audit.service.js';
import { BacktestRunner } from './backtests/backtest.runner.js';
import { ChunkQueue } from './backtests/chunk-queue.js';
import { ChunkThreads } from './backtests/chunk-threads.js';
import { DEFAULT_JOB_LEASE_SECONDS, loadConfig } from './core/config.js';
import { createLogger } from './core/logger.js';
import { StartupError } from './core/startup-error.js';
import { PolicyService } from './policies/policy.service.js';

/**
 * `npm run worker`: runs backtest and replay chunks beside the API, on this machine or another sharing
 * its database (and Redis, when REDIS_URL is set). Without Redis it claims chunks from the database
 * directly. It never migrates: the API owns the schema, and a worker on an older schema would be refused.
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
  const pending = await orm.getMigrator().getPendingMigrations();
  if (pending.length > 0) {
    await orm.close(true);
    throw new StartupError(
      'SCHEMA_OUTDATED',
      `the database lacks ${pending.length} migration(s)`,
      'start the API (it migrates) before its workers',
    );
  }
  const leaseMs = (config.jobLeaseSeconds ?? DEFAULT_JOB_LEASE_SECONDS) * 1000;
  const pauseMs = Number(process.env.SPILLWAY_WORKER_CHUNK_PAUSE_MS ?? 0);
  const runner = new BacktestRunner(orm, new PolicyService(new AuditService(), logger), logger, {
    leaseMs,
    pollMs: 2000,
    queue: config.redisUrl
      ? new ChunkQueue(config.redisUrl, config.queuePrefix ?? 'spillway', leaseMs, logger)
      : undefined,
    runJobs: true,
    threads: new ChunkThreads(config, { count: config.jobThreads ?? 0, leaseMs, pollMs: 2000 }, logger),
    pauseMs: Number.isFinite(pauseMs) ? pauseMs : 0,
  });
  runner.start();
  console.log(
    `spillway worker ${runner.workerId} running backtest chunks from ${config.redisUrl ? 'the Redis queue' : 'the database'}`,
  );
  const shutdown = () => {
    runner
      .stop()
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
