import { AsyncLocalStorage } from 'node:async_hooks';
import { pino } from 'pino';

export type Logger = pino.Logger;

/** What one HTTP request gathers for its log line while Express, Apollo and the resolvers handle it. */
export interface RequestScope {
  requestId: string;
  operationName?: string | null;
  viewer?: { kind: string; id: string } | null;
  errorCodes: string[];
}

const requestScopes = new AsyncLocalStorage<RequestScope>();

export const runInRequestScope = <T>(scope: RequestScope, fn: () => T): T => requestScopes.run(scope, fn);

export const currentRequest = (): RequestScope | undefined => requestScopes.getStore();

/** `destination` lets tests read the JSON lines; by default they go to stdout. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'spillway-api' },
      // Any line written while a request runs names it, whoever writes it (resolver, service, error formatter).
      mixin: () => {
        const scope = requestScopes.getStore();
        return scope ? { requestId: scope.requestId } : {};
      },
      // PII never reaches the log, even when a future line logs a whole request by mistake.
      redact: {
        paths: [
          '*.password',
          '*.nationalId',
          '*.phone',
          '*.email',
          '*.*.nationalId',
          '*.*.phone',
          'variables',
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'req.headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
