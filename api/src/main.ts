import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { createApp } from './app/app.js';
import { loadConfig } from './core/config.js';
import { createLogger } from './core/logger.js';
import { StartupError } from './core/startup-error.js';
import { seedDemoHistoryInBackground } from './demo/demo-history.js';
import { DEMO_API_KEY, DEMO_PASSWORD, DEMO_USERS } from './demo/seed.js';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const spillway = await createApp(config, logger);
  const server = spillway.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(
              'PORT_IN_USE',
              `port ${config.port} is already in use`,
              'stop the other process or set PORT to a free port',
            )
          : error.code === 'EACCES'
            ? new StartupError('PORT_DENIED', `port ${config.port} needs privileges`, 'use a port above 1023')
            : error,
      );
    });
  }).catch(async (error) => {
    await spillway.close();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  printBanner(port, config.database.dialect, config.database.url, config.demo);
  if (config.demo) void seedDemoHistoryInBackground(spillway.services, config, logger);

  const shutdown = () => {
    server.close();
    server.closeAllConnections();
    spillway.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

function printBanner(port: number, dialect: string, url: string, demo: boolean) {
  const base = `http://localhost:${port}`;
  const database = dialect === 'sqlite' ? `SQLite ${url}` : 'PostgreSQL';
  const lines = [
    `Spillway is running on ${database}`,
    `  GraphQL  ${base}/graphql`,
    `  Console  ${base}/`,
    `  Health   ${base}/healthz  ${base}/readyz`,
  ];
  if (demo) {
    lines.push(
      `Demo logins (password "${DEMO_PASSWORD}"):`,
      ...DEMO_USERS.map((user) => `  ${user.email.padEnd(26)} ${user.roles.join(', ')}`),
      `Demo app API key (header x-api-key): ${DEMO_API_KEY}`,
    );
  }
  console.log(lines.join('\n'));
}

main().catch((error) => {
  if (error instanceof StartupError) {
    console.error(error.toLine());
  } else {
    console.error(`spillway: START_FAILED: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
