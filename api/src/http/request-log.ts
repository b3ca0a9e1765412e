import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import { type Logger, type RequestScope, runInRequestScope } from '../core/logger.js';

// A caller's id is echoed into headers and logs, so only short, plain ones are taken as given.
const ACCEPTABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Names a request (the caller's `x-request-id` or a new one, echoed back) and writes one log line when it
 * ends, with what the GraphQL layer recorded in the request scope along the way.
 */
export function openRequestScope(req: IncomingMessage, res: ServerResponse, logger: Logger): RequestScope {
  const given = req.headers['x-request-id'];
  const scope: RequestScope = {
    requestId: typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID(),
    errorCodes: [],
  };
  res.setHeader('x-request-id', scope.requestId);
  const started = performance.now();
  res.once('close', () =>
    runInRequestScope(scope, () =>
      logger.info(
        {
          method: req.method,
          status: res.statusCode,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          operationName: scope.operationName ?? null,
          viewer: scope.viewer ?? null,
          errorCodes: scope.errorCodes,
        },
        'graphql request',
      ),
    ),
  );
  return scope;
}

/** The same for the routes Express serves. */
export function requestLogging(logger: Logger): RequestHandler {
  return (req, res, next) => runInRequestScope(openRequestScope(req, res, logger), next);
}
