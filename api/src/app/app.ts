import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/core';
import express, { type ErrorRequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { AuditService } from '../audit/audit.service.js';
import { AdminService } from '../auth/admin.service.js';
import { AuthService } from '../auth/auth.service.js';
import { BacktestRunner } from '../backtests/backtest.runner.js';
import { BacktestService } from '../backtests/backtest.service.js';
import { ChunkQueue } from '../backtests/chunk-queue.js';
import { ChunkThreads } from '../backtests/chunk-threads.js';
import { BorrowerService } from '../borrowers/borrower.service.js';
import { CaseSetService } from '../case-sets/case-set.service.js';
import { caseSetImportRouter } from '../case-sets/case-set-import.route.js';
import {
  type Config,
  DEFAULT_AUTO_CUT_MAX_MINOR,
  DEFAULT_JOB_LEASE_SECONDS,
  DEFAULT_NOTIFICATIONS,
  importDirs,
  requestLimits,
} from '../core/config.js';
import { createErrorFormatter, DomainError } from '../core/errors.js';
import { currentRequest, type Logger } from '../core/logger.js';
import type { Viewer } from '../core/viewer.js';
import { CreditLineService } from '../credit-lines/credit-line.service.js';
import { DecisionService } from '../decisions/decision.service.js';
import { seedDemoDecisions } from '../demo/demo-decisions.js';
import { assertNoDemoCredentials, seedDemoCredentials, seedProduct } from '../demo/seed.js';
import type { Context } from '../graphql/context.js';
import { MAX_QUERY_TOKENS, queryLimitRules } from '../graphql/limits.js';
import { countingErrors, observabilityPlugin } from '../graphql/observability.plugin.js';
import { consoleRouter, findConsoleDist } from '../http/console-static.js';
import { healthRouter } from '../http/health.js';
import { createMetrics, metricsRouter } from '../http/metrics.js';
import { requesterKey, TokenBuckets } from '../http/rate-limit.js';
import { requestLogging } from '../http/request-log.js';
import { AlertService } from '../monitoring/alert.service.js';
import { NotificationDispatcher } from '../monitoring/notification.dispatcher.js';
import {
  FileTransport,
  type NotificationTransport,
  WebhookTransport,
} from '../monitoring/notification-transport.js';
import { PortfolioReviewService } from '../monitoring/portfolio-review.service.js';
import { ReviewScheduleService } from '../monitoring/review-schedule.service.js';
import { PolicyService } from '../policies/policy.service.js';
import { PolicyVersionService } from '../policies/policy-version.service.js';
import { TryPolicyService } from '../try/try-policy.service.js';
import { connect } from './orm.js';
import { buildApiSchema } from './schema.js';
import type { Services } from './services.js';

export const MAX_BODY_BYTES = '1mb';
/** How often an idle process looks for backtest chunks queued elsewhere or left by a dead worker. */
const JOB_POLL_MS = 5000;

export interface SpillwayApp {
  app: express.Express;
  services: Services;
  close(): Promise<void>;
}

/** Migrates, seeds what is missing and wires the services. Start-up is the only writer of the seed. */
export async function prepareDatabase(orm: MikroORM, config: Config, policies: PolicyService) {
  await orm.getMigrator().up();
  const em = orm.em.fork();
  await seedProduct(em, policies);
  if (config.demo) await seedDemoCredentials(em);
  if (config.production) await assertNoDemoCredentials(em);
}

export async function createApp(config: Config, logger: Logger, orm?: MikroORM): Promise<SpillwayApp> {
  const database = orm ?? (await connect(config.database));
  const limits = requestLimits(config);
  const requests = new TokenBuckets(limits.rateLimitPerMinute);
  const metrics = createMetrics();
  const audit = new AuditService();
  const policies = new PolicyService(audit, logger);
  await prepareDatabase(database, config, policies);
  await policies.start(database);
  const creditLines = new CreditLineService();
  const caseSets = new CaseSetService(policies, audit, importDirs(config));
  const leaseMs = (config.jobLeaseSeconds ?? DEFAULT_JOB_LEASE_SECONDS) * 1000;
  const backtestRunner = new BacktestRunner(database, policies, logger, {
    leaseMs,
    pollMs: JOB_POLL_MS,
    queue: config.redisUrl
      ? new ChunkQueue(config.redisUrl, config.queuePrefix ?? 'spillway', leaseMs, logger)
      : undefined,
    runJobs: config.runJobs,
    threads: new ChunkThreads(
      config,
      { count: config.jobThreads ?? 0, leaseMs, pollMs: JOB_POLL_MS },
      logger,
    ),
  });
  const reviews = new PortfolioReviewService(database, policies, creditLines, audit, logger, {
    autoCutMaxMinor: config.autoCutMaxMinor ?? DEFAULT_AUTO_CUT_MAX_MINOR,
    leaseMs,
  });
  const notifying = config.notifications ?? DEFAULT_NOTIFICATIONS;
  const notifications = new NotificationDispatcher(
    database,
    notificationTransport(config),
    notifying,
    config.secret,
    logger,
    leaseMs,
  );
  const services: Services = {
    config,
    orm: database,
    audit,
    admin: new AdminService(audit),
    auth: new AuthService(config.secret, config.jwtTtlSeconds),
    policies,
    policyVersions: new PolicyVersionService(policies, audit),
    creditLines,
    borrowers: new BorrowerService(config.secret),
    decisions: new DecisionService(policies, creditLines, audit, config.secret),
    loginAttempts: new TokenBuckets(limits.loginAttemptsPerMinute),
    tryPolicy: new TryPolicyService(policies, creditLines),
    caseSets,
    backtests: new BacktestService(policies, caseSets, audit, backtestRunner),
    backtestRunner,
    reviews,
    alerts: new AlertService(creditLines, audit),
    reviewSchedules: new ReviewScheduleService(database, policies, reviews, audit, logger),
    notifications,
  };

  if (config.demo) await seedDemoDecisions(database.em.fork(), services.decisions, config, logger);
  // Jobs left by an earlier run (or queued by a replica) resume here.
  backtestRunner.start();
  notifications.start();
  services.reviewSchedules.start();

  const apollo = new ApolloServer<Context>({
    schema: await buildApiSchema(),
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    parseOptions: { maxTokens: MAX_QUERY_TOKENS },
    validationRules: queryLimitRules(limits),
    plugins: [observabilityPlugin(metrics)],
    formatError: countingErrors(
      createErrorFormatter({
        exposeStack: config.nodeEnv === 'development',
        onInternal: (error) => logger.error({ err: error }, 'unexpected error in a resolver'),
      }),
      metrics,
    ),
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.use(healthRouter(database));
  app.use(metricsRouter(metrics));
  app.use(caseSetImportRouter(services, database, logger, authenticate));
  app.use(
    '/graphql',
    requestLogging(logger),
    express.json({ limit: MAX_BODY_BYTES }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const em = database.em.fork();
        const clientIp = req.ip ?? 'unknown';
        // Failed credentials count against the caller's address, so guessing keys or tokens runs dry.
        const viewer = await authenticate(services, em, req.headers).catch((error) => {
          requests.take(requesterKey(null, clientIp), 'requests');
          throw error;
        });
        requests.take(requesterKey(viewer, clientIp), 'requests');
        return {
          em,
          services,
          requestId: currentRequest()?.requestId ?? randomUUID(),
          log: logger,
          clientIp,
          viewer,
        };
      },
    }),
  );
  app.use(consoleRouter(findConsoleDist(process.env.SPILLWAY_CONSOLE_DIR)));
  app.use(bodyErrorHandler);

  return {
    app,
    services,
    async close() {
      await apollo.stop();
      await backtestRunner.stop();
      services.reviewSchedules.stop();
      await reviews.stop();
      await notifications.stop();
      await policies.stop();
      if (!orm) await database.close(true);
    },
  };
}

/** A file in the data directory by default; a webhook when configured. */
function notificationTransport(config: Config): NotificationTransport {
  const settings = config.notifications ?? DEFAULT_NOTIFICATIONS;
  if (settings.transport === 'webhook' && settings.webhookUrl)
    return new WebhookTransport(settings.webhookUrl);
  return new FileTransport(join(config.dataDir, 'notifications.log'));
}

async function authenticate(
  services: Services,
  em: Context['em'],
  headers: Record<string, string | string[] | undefined>,
): Promise<Viewer | null> {
  try {
    const authorization = headers.authorization;
    if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
      return await services.auth.viewerFromToken(em, authorization.slice('Bearer '.length).trim());
    }
    const apiKey = headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey) return await services.auth.viewerFromApiKey(em, apiKey);
    return null;
  } catch (error) {
    if (error instanceof DomainError) {
      throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
    }
    throw error;
  }
}

/** Malformed or oversized bodies answer in GraphQL's error shape, not Express's HTML page. */
const bodyErrorHandler: ErrorRequestHandler = (error, _req, res, next) => {
  const status = (error as { status?: number }).status;
  if (status === 413) {
    res.status(413).json({
      errors: [{ message: `Request body exceeds ${MAX_BODY_BYTES}`, extensions: { code: 'BAD_USER_INPUT' } }],
    });
    return;
  }
  if (status === 400) {
    res.status(400).json({
      errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }],
    });
    return;
  }
  next(error);
};
