import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/core';
import express, { type ErrorRequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { AuditService } from './audit/audit.service.js';
import { AuthService } from './auth/auth.service.js';
import type { Viewer } from './auth/viewer.js';
import type { Config } from './config.js';
import { connect } from './db/orm.js';
import { assertNoDemoCredentials, seedDemoCredentials, seedProduct } from './db/seed.js';
import { DecisionService } from './decisions/decision.service.js';
import { createErrorFormatter, DomainError } from './errors.js';
import type { Context } from './graphql/context.js';
import { buildApiSchema } from './graphql/schema.js';
import { consoleRouter, findConsoleDist } from './http/console-static.js';
import { healthRouter } from './http/health.js';
import type { Logger } from './logger.js';
import { PolicyService } from './policies/policy.service.js';
import type { Services } from './services.js';

export const MAX_BODY_BYTES = '1mb';

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
  const policies = new PolicyService();
  await prepareDatabase(database, config, policies);
  const services: Services = {
    config,
    orm: database,
    audit: new AuditService(),
    auth: new AuthService(config.secret, config.jwtTtlSeconds),
    policies,
    decisions: new DecisionService(policies, config.secret),
  };

  const apollo = new ApolloServer<Context>({
    schema: await buildApiSchema(),
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    formatError: createErrorFormatter({
      exposeStack: config.nodeEnv === 'development',
      onInternal: (error) => logger.error({ err: error }, 'unexpected error in a resolver'),
    }),
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.use(healthRouter(database));
  app.use(
    '/graphql',
    express.json({ limit: MAX_BODY_BYTES }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const em = database.em.fork();
        return {
          em,
          services,
          requestId: (req.headers['x-request-id'] as string | undefined) ?? randomUUID(),
          viewer: await authenticate(services, em, req.headers),
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
