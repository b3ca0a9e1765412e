/**
 * The job runner of a process, wired in one place with every kind of job, and the outbox's dispatcher that
 * runs beside it: the API, `npm run worker` and each worker thread build theirs here.
 */
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { AUDIT_CHECKPOINT_FILE, AuditService } from '../audit/audit.service.js';
import { BacktestJob } from '../backtests/backtest.job.js';
import { CaseImportJob } from '../case-sets/case-import.job.js';
import { ComplianceJob } from '../compliance/compliance.job.js';
import {
  type Config,
  DEFAULT_AUTO_CUT_MAX_MINOR,
  DEFAULT_JOB_LEASE_SECONDS,
  DEFAULT_NOTIFICATIONS,
  databaseIdentity,
} from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { CreditLineService } from '../credit-lines/credit-line.service.js';
import { JobQueue } from '../jobs/job-queue.js';
import { JobRunner } from '../jobs/job-runner.js';
import { JobThreads } from '../jobs/job-threads.js';
import type { ServingPressure } from '../jobs/serving-pressure.js';
import { NotificationDispatcher } from '../monitoring/notification.dispatcher.js';
import {
  FileTransport,
  type NotificationTransport,
  WebhookTransport,
} from '../monitoring/notification-transport.js';
import { PortfolioReviewJob } from '../monitoring/portfolio-review.job.js';
import { PolicyCompiler } from '../policies/policy-compiler.js';
import { ScorecardFitJob } from '../scorecards/scorecard-fit.job.js';

/** How a thread takes part in running jobs; everything else comes from the configuration. */
export interface RunnerRole {
  /** How often an idle runner looks for chunks (queued elsewhere, or left by a dead worker). */
  pollMs: number;
  /** Whether this process runs chunks at all (an API may leave them to dedicated workers). */
  runJobs: boolean;
  /**
   * Whether this thread answers requests. Then it works no chunk itself while worker threads can: it starts
   * them and hands them the work. Without usable threads (none configured, or TypeScript sources under the
   * tests, where no compiled thread entry exists) it works chunks between requests.
   */
  serves: boolean;
  /** Whether to start SPILLWAY_JOB_THREADS worker threads beside it; a thread itself starts none. */
  withThreads: boolean;
  pauseMs?: number;
  /** Shares the process's compiled policies, where it has them. */
  compiler?: PolicyCompiler;
  /** A worker thread's view of its process's thread that answers requests. */
  pressure?: ServingPressure;
}

export function createJobRunner(orm: MikroORM, config: Config, logger: Logger, role: RunnerRole): JobRunner {
  const leaseMs = (config.jobLeaseSeconds ?? DEFAULT_JOB_LEASE_SECONDS) * 1000;
  const threads =
    role.withThreads && role.runJobs
      ? new JobThreads(
          config,
          { count: config.jobThreads ?? 0, pollMs: role.pollMs, giveWay: role.serves },
          logger,
        )
      : undefined;
  const audit = new AuditService({
    secret: config.secret,
    checkpointFile: join(config.dataDir, AUDIT_CHECKPOINT_FILE),
    database: databaseIdentity(config.database),
    logger,
  });
  const kinds = [
    new BacktestJob(role.compiler ?? new PolicyCompiler()),
    new PortfolioReviewJob(new CreditLineService(), config.autoCutMaxMinor ?? DEFAULT_AUTO_CUT_MAX_MINOR),
    new ComplianceJob(),
    new CaseImportJob(audit),
    new ScorecardFitJob(audit),
  ];
  return new JobRunner(orm, kinds, logger, {
    leaseMs,
    pollMs: role.pollMs,
    queue: config.redisUrl
      ? new JobQueue(config.redisUrl, config.queuePrefix ?? 'spillway', leaseMs, logger)
      : undefined,
    runChunks: role.runJobs && !(role.serves && threads?.usable),
    threads,
    pauseMs: role.pauseMs,
    pressure: role.pressure,
  });
}

/**
 * Sends the outbox. Reviews queue reminders by the thousand, so it runs where chunks run: on the worker
 * threads and `npm run worker` processes, and on the API's main thread only when that runs chunks too;
 * it sends while its runner has no chunk in hand.
 */
export function createNotificationDispatcher(
  orm: MikroORM,
  config: Config,
  logger: Logger,
  runner: JobRunner,
) {
  return new NotificationDispatcher(
    orm,
    notificationTransport(config),
    config.notifications ?? DEFAULT_NOTIFICATIONS,
    config.secret,
    logger,
    (config.jobLeaseSeconds ?? DEFAULT_JOB_LEASE_SECONDS) * 1000,
    () => runner.working,
  );
}

/** A file in the data directory by default; a webhook when configured. */
function notificationTransport(config: Config): NotificationTransport {
  const settings = config.notifications ?? DEFAULT_NOTIFICATIONS;
  if (settings.transport === 'webhook' && settings.webhookUrl)
    return new WebhookTransport(settings.webhookUrl);
  return new FileTransport(join(config.dataDir, 'notifications.log'));
}
