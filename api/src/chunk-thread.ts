import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { MikroORM } from '@mikro-orm/core';
import { ormOptions } from './app/orm.js';
import { BacktestRunner } from './backtests/backtest.runner.js';
import type { Config } from './core/config.js';
import { createLogger } from './core/logger.js';
import { PolicyCompiler } from './policies/policy-compiler.js';

/**
 * A worker thread running backtest chunks beside its process's own runner, with a connection of its own:
 * evaluation is CPU-bound, and a thread per spare core lets a backtest use them all. Chunks are claimed
 * through the database like any other worker's, so threads, processes and machines mix freely.
 */
const { config, pollMs } = workerData as { config: Config; pollMs: number };
const logger = createLogger(config.logLevel);
const orm = await MikroORM.init(ormOptions(config.database));
const runner = BacktestRunner.create(orm, config, new PolicyCompiler(), logger, {
  pollMs,
  runJobs: true,
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
