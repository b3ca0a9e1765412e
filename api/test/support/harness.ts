import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import type { DestinationStream } from 'pino';
import { createApp, type SpillwayApp } from '../../src/app/app.js';
import { ormOptions } from '../../src/app/orm.js';
import type { Config, Dialect } from '../../src/core/config.js';
import { createLogger } from '../../src/core/logger.js';
import { DEMO_API_KEY, DEMO_PASSWORD } from '../../src/demo/seed.js';
import { scratchDatabase } from './databases.js';

export interface GraphQLResult<T = any> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; field?: string; [key: string]: unknown } }[];
}

export interface TestApi {
  url: string;
  orm: MikroORM;
  spillway: SpillwayApp;
  request<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResult<T>>;
  asApp: Record<string, string>;
  /** SQL statements run since the last reset, when started with `countQueries`. */
  queries: string[];
  asUser(email: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** The real app on a real database, listening on a real port: tests talk to it over HTTP only. */
export async function startTestApi(
  dialect: Dialect,
  overrides: Partial<Config> = {},
  options: {
    countQueries?: boolean;
    /** Receives the app's JSON log lines at level info, for tests that read them. */
    logDestination?: DestinationStream;
  } = {},
): Promise<TestApi> {
  const scratch = await scratchDatabase(dialect);
  const dataDir = mkdtempSync(join(tmpdir(), 'spillway-api-test-'));
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    nodeEnv: 'test',
    production: false,
    demo: true,
    dataDir,
    database: scratch.database,
    logLevel: process.env.LOG_LEVEL ?? 'silent',
    secret: 'test-secret-that-is-at-least-32-characters-long',
    jwtTtlSeconds: 3600,
    ...overrides,
  };
  const queries: string[] = [];
  const orm = await MikroORM.init({
    ...ormOptions(config.database),
    ...(options.countQueries
      ? { debug: ['query' as const], logger: (line: string) => queries.push(line) }
      : {}),
  });
  const logger = options.logDestination
    ? createLogger('info', options.logDestination)
    : createLogger(process.env.LOG_LEVEL ?? 'silent');
  const spillway = await createApp(config, logger, orm);
  const server = spillway.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const request: TestApi['request'] = async (query, variables = {}, headers = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResult;
  };
  const tokens = new Map<string, string>();
  return {
    url,
    orm,
    spillway,
    request,
    asApp: { 'x-api-key': DEMO_API_KEY },
    queries,
    async asUser(email) {
      if (!tokens.has(email)) {
        const result = await request<{ login: { token: string } }>(
          'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
          { email, password: DEMO_PASSWORD },
        );
        if (!result.data) throw new Error(`login ${email}: ${JSON.stringify(result.errors)}`);
        tokens.set(email, result.data.login.token);
      }
      return { authorization: `Bearer ${tokens.get(email)}` };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await spillway.close();
      await orm.close(true);
      await scratch.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
