import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/core';
import express, { type ErrorRequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { caseSetImportRouter } from '../case-sets/case-set-import.route.js';
import { type Config, requestLimits } from '../core/config.js';
import { createErrorFormatter, DomainError } from '../core/errors.js';
import { currentRequest, type Logger } from '../core/logger.js';
import type { Viewer } from '../core/viewer.js';
import { seedDemoDecisions } from '../demo/demo-decisions.js';
import { assertNoDemoCredentials, seedDemoCredentials, seedProduct } from '../demo/seed.js';
import type { Context } from '../graphql/context.js';
import { MAX_QUERY_TOKENS, queryLimitRules } from '../graphql/limits.js';
import { countingErrors, observabilityPlugin } from '../graphql/observability.plugin.js';
import { consoleRouter, findConsoleDist } from '../http/console-static.js';
import { healthRouter } from '../http/health.js';
import { createMetrics, metricsRouter } from '../http/metrics.js';
import { requesterKey } from '../http/rate-limit.js';
import { requestLogging } from '../http/request-log.js';
import type { PolicyPublisher } from '../policies/policy-publisher.js';
import { connect } from './orm.js';
import { buildApiSchema } from './schema.js';
import { createServices, type Services, startBackground, startPolicies, stopServices } from './services.js';

export const MAX_BODY_BYTES = '1mb';

export interface SpillwayApp {
  app: express.Express;
  services: Services;
  close(): Promise<void>;
}

/** Migrates, seeds what is missing and wires the services. Start-up is the only writer of the seed. */
export async function prepareDatabase(orm: MikroORM, config: Config, publisher: PolicyPublisher) {
  await orm.getMigrator().up();
  const em = orm.em.fork();
  await seedProduct(em, publisher);
  if (config.demo) await seedDemoCredentials(em);
  if (config.production) await assertNoDemoCredentials(em);
}

export async function createApp(config: Config, logger: Logger, orm?: MikroORM): Promise<SpillwayApp> {
  const database = orm ?? (await connect(config.database));
  const limits = requestLimits(config);
  const metrics = createMetrics();
  const services = createServices(database, config, logger);
  await startPolicies(services, logger);
  await prepareDatabase(database, config, services.publisher);
  if (config.demo) await seedDemoDecisions(database.em.fork(), services.decisions, config, logger);
  startBackground(services);

  const apollo = new ApolloServer<Context>({
    schema: await buildApiSchema(services),
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
  app.use(
    caseSetImportRouter(services.caseSets, database, logger, (em, headers) =>
      authenticate(services, em, headers),
    ),
  );
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
          services.requests.take(requesterKey(null, clientIp), 'requests');
          throw error;
        });
        services.requests.take(requesterKey(viewer, clientIp), 'requests');
        return {
          em,
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
      metrics.stop();
      await stopServices(services);
      if (!orm) await database.close(true);
    },
  };
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
