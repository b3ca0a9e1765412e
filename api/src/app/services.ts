/**
 * The composition root of the services: each is built once per process, here, with what it depends on.
 * Resolvers receive theirs through the schema's container; HTTP routes and tools get them from here.
 */
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { AUDIT_CHECKPOINT_FILE, AuditService } from '../audit/audit.service.js';
import { AdminService } from '../auth/admin.service.js';
import { AuthService } from '../auth/auth.service.js';
import { BacktestService } from '../backtests/backtest.service.js';
import { BorrowerService } from '../borrowers/borrower.service.js';
import { CaseSetService } from '../case-sets/case-set.service.js';
import { ComplianceService } from '../compliance/compliance.service.js';
import {
  type Config,
  DEFAULT_JOB_LEASE_SECONDS,
  databaseIdentity,
  importDirs,
  requestLimits,
} from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { CreditLineService } from '../credit-lines/credit-line.service.js';
import { ChangeListener } from '../db/change-listener.js';
import { openSqlConnection } from '../db/sql-connection.js';
import { DecisionService } from '../decisions/decision.service.js';
import { DecisionStore } from '../decisions/decision.store.js';
import { ExposureService } from '../exposure/exposure.service.js';
import { TokenBuckets } from '../http/rate-limit.js';
import type { JobRunner } from '../jobs/job-runner.js';
import { AlertService } from '../monitoring/alert.service.js';
import type { NotificationDispatcher } from '../monitoring/notification.dispatcher.js';
import { PortfolioReviewService } from '../monitoring/portfolio-review.service.js';
import { ReviewScheduleService } from '../monitoring/review-schedule.service.js';
import { DatabasePolicySetLoader } from '../policies/policy-loader.js';
import { PolicyPublisher } from '../policies/policy-publisher.js';
import { PolicyVersionService } from '../policies/policy-version.service.js';
import { PublishedPolicies } from '../policies/published-policies.js';
import { ProductService } from '../products/product.service.js';
import { ScorecardFitService } from '../scorecards/scorecard-fit.service.js';
import { TryPolicyService } from '../try/try-policy.service.js';
import { createJobRunner, createNotificationDispatcher } from './jobs.js';

/** How often an idle process looks for job chunks queued elsewhere or left by a dead worker. */
const JOB_POLL_MS = 5000;

export interface Services {
  config: Config;
  orm: MikroORM;
  audit: AuditService;
  /** PostgreSQL's notifications of publishes and revoked credentials, for every cache that must hear them. */
  changes: ChangeListener;
  admin: AdminService;
  auth: AuthService;
  products: ProductService;
  published: PublishedPolicies;
  publisher: PolicyPublisher;
  policyVersions: PolicyVersionService;
  creditLines: CreditLineService;
  borrowers: BorrowerService;
  decisions: DecisionService;
  exposure: ExposureService;
  requests: TokenBuckets;
  loginAttempts: TokenBuckets;
  tryPolicy: TryPolicyService;
  caseSets: CaseSetService;
  backtests: BacktestService;
  scorecardFits: ScorecardFitService;
  jobs: JobRunner;
  reviews: PortfolioReviewService;
  compliance: ComplianceService;
  alerts: AlertService;
  reviewSchedules: ReviewScheduleService;
  notifications: NotificationDispatcher;
}

/** Builds every service; nothing runs until `startServices`. */
export function createServices(orm: MikroORM, config: Config, logger: Logger): Services {
  const limits = requestLimits(config);
  const leaseMs = (config.jobLeaseSeconds ?? DEFAULT_JOB_LEASE_SECONDS) * 1000;
  const audit = new AuditService({
    secret: config.secret,
    checkpointFile: join(config.dataDir, AUDIT_CHECKPOINT_FILE),
    database: databaseIdentity(config.database),
    logger,
  });
  const auth = new AuthService(config.secret, config.jwtTtlSeconds);
  const changes = new ChangeListener(orm, logger);
  const products = new ProductService();
  const published = new PublishedPolicies(new DatabasePolicySetLoader(orm));
  const creditLines = new CreditLineService();
  const jobs = createJobRunner(orm, config, logger, {
    pollMs: JOB_POLL_MS,
    runJobs: config.runJobs ?? true,
    serves: true,
    withThreads: true,
    compiler: published.compiler,
  });
  const caseSets = new CaseSetService(products, jobs, importDirs(config));
  const reviews = new PortfolioReviewService(products, published, audit, jobs, leaseMs);
  return {
    config,
    orm,
    audit,
    changes,
    admin: new AdminService(audit, auth),
    auth,
    products,
    published,
    publisher: new PolicyPublisher(published, audit, logger),
    policyVersions: new PolicyVersionService(products, audit),
    creditLines,
    borrowers: new BorrowerService(config.secret),
    exposure: new ExposureService(products, published),
    decisions: new DecisionService(
      new DecisionStore(openSqlConnection(config.database, logger)),
      products,
      published,
      creditLines,
      audit,
      config.secret,
    ),
    requests: new TokenBuckets(limits.rateLimitPerMinute),
    loginAttempts: new TokenBuckets(limits.loginAttemptsPerMinute),
    tryPolicy: new TryPolicyService(products, published, creditLines),
    caseSets,
    backtests: new BacktestService(products, published, caseSets, audit, jobs),
    scorecardFits: new ScorecardFitService(caseSets, audit, jobs),
    jobs,
    reviews,
    compliance: new ComplianceService(products, published, audit, jobs, leaseMs),
    alerts: new AlertService(creditLines, audit),
    reviewSchedules: new ReviewScheduleService(orm, products, reviews, audit, logger),
    notifications: createNotificationDispatcher(orm, config, logger, jobs),
  };
}

/** Caches first (they trust themselves only once changes can reach them), then the seed and requests. */
export async function startCaches(services: Services) {
  services.published.listenTo(services.changes);
  services.auth.listenTo(services.changes);
  await services.changes.start();
}

/** Background work: jobs left by an earlier run (or queued by a replica) resume here. */
export function startBackground(services: Services) {
  services.audit.start(services.orm);
  services.publisher.start(services.orm);
  services.jobs.start();
  // The outbox is sent from where chunks run: the worker threads, when this thread leaves chunks to them.
  if (services.jobs.runsChunks) services.notifications.start();
  services.reviewSchedules.start();
}

export async function stopServices(services: Services) {
  services.publisher.stop();
  await services.jobs.stop();
  services.reviewSchedules.stop();
  await services.notifications.stop();
  await services.changes.stop();
  await services.decisions.close();
  await services.audit.stop();
}
