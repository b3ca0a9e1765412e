import { createServer, type RequestListener, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/core';
import express from 'express';
import { GraphQLError } from 'graphql';
import { caseSetImportRouter } from '../case-sets/case-set-import.route.js';
import { type Config, requestLimits } from '../core/config.js';
import { createErrorFormatter, DomainError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Viewer } from '../core/viewer.js';
import { seedDemoDecisions } from '../demo/demo-decisions.js';
import { assertNoDemoCredentials, seedDemoCredentials, seedProduct } from '../demo/seed.js';
import { registerExposureGauges } from '../exposure/exposure.metrics.js';
import type { Context } from '../graphql/context.js';
import { MAX_QUERY_TOKENS, queryLimitRules } from '../graphql/limits.js';
import { countingErrors, observabilityPlugin } from '../graphql/observability.plugin.js';
import { consoleRouter, findConsoleDist } from '../http/console-static.js';
import { healthRouter } from '../http/health.js';
import { createMetrics, metricsRouter } from '../http/metrics.js';
import { requesterKey } from '../http/rate-limit.js';
import type { PolicyPublisher } from '../policies/policy-publisher.js';
import { graphqlEndpoint } from './graphql-endpoint.js';
import { connect } from './orm.js';
import { buildApiSchema } from './schema.js';
import { createServices, type Services, startBackground, startCaches, stopServices } from './services.js';

/** How long an idle kept-alive connection stays open: above the 60 s that load balancers commonly keep. */
const KEEP_ALIVE_MS = 65_000;

export interface SpillwayApp {
  /** Every request: /graphql straight to its endpoint, the rest (console, health, uploads) to Express. */
  handle: RequestListener;
  listen(port: number, host: string): Server;
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
  await startCaches(services);
  await prepareDatabase(database, config, services.publisher);
  if (config.demo) await seedDemoDecisions(database.em.fork(), services.decisions, config, logger);
  startBackground(services);
  registerExposureGauges(metrics.registry, database, services.exposure, logger);

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
        onInternal: (error) => logger.error({ err: error }, 'unexpected error in a resolver'),
      }),
      metrics,
    ),
  });
  await apollo.start();

  const graphql = graphqlEndpoint({
    apollo,
    logger,
    context: async (req, scope) => {
      let em: Context['em'] | undefined;
      // Forked when a resolver first reads it: a decide answered from caches and its own store needs none.
      const lazyEm = () => {
        em ??= database.em.fork();
        return em;
      };
      const clientIp = req.socket.remoteAddress ?? 'unknown';
      // Failed credentials count against the caller's address, so guessing keys or tokens runs dry.
      const viewer = await authenticate(services, lazyEm, req.headers).catch((error) => {
        services.requests.take(requesterKey(null, clientIp), 'requests');
        throw error;
      });
      services.requests.take(requesterKey(viewer, clientIp), 'requests');
      return {
        get em() {
          return lazyEm();
        },
        requestId: scope.requestId,
        log: logger,
        clientIp,
        viewer,
      };
    },
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRouter(database));
  app.use(metricsRouter(metrics));
  app.use(
    caseSetImportRouter(services.caseSets, database, logger, (em, headers) =>
      authenticate(services, em, headers),
    ),
  );
  app.use(consoleRouter(findConsoleDist(process.env.SPILLWAY_CONSOLE_DIR)));

  // The endpoint apps call at volume skips Express altogether (graphql-endpoint.ts).
  const handle: RequestListener = (req, res) => {
    const url = req.url ?? '';
    if (url === '/graphql' || url.startsWith('/graphql?')) graphql(req, res);
    else app(req, res);
  };
  return {
    handle,
    listen: (port, host) => {
      const server = createServer(handle);
      // Longer than the idle time of the clients and proxies in front, so that the server is never the one
      // closing a kept-alive connection just as a request is sent on it (the client would see a reset).
      server.keepAliveTimeout = KEEP_ALIVE_MS;
      server.headersTimeout = KEEP_ALIVE_MS + 1000;
      return server.listen(port, host);
    },
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
  em: Context['em'] | (() => Context['em']),
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
