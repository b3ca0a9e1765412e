/**
 * POST/GET /graphql, handled ahead of Express's router and body parser: the one endpoint apps call at
 * volume reads its body itself (bounded), hands it to Apollo, and writes the answer without the
 * middleware layers, ETag hashing and content negotiation the console's static files need.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import type { Logger, RequestScope } from '../core/logger.js';
import { runInRequestScope } from '../core/logger.js';
import type { Context } from '../graphql/context.js';
import { openRequestScope } from '../http/request-log.js';

export const MAX_BODY_BYTES = 1024 * 1024;

function refuse(res: ServerResponse, status: number, message: string, code = 'BAD_USER_INPUT') {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(body);
}

/** The body as JSON when the request says it is JSON; `undefined` otherwise (Apollo refuses it). */
function readBody(req: IncomingMessage): Promise<{ body: unknown } | { status: number; message: string }> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      resolve({ status: 413, message: 'Request body exceeds 1mb' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => resolve({ status: 400, message: 'Request body could not be read' }));
    req.on('end', () => {
      if (tooLarge) return resolve({ status: 413, message: 'Request body exceeds 1mb' });
      const type = String(req.headers['content-type'] ?? '').toLowerCase();
      if (size === 0 || !/^application\/(?:[\w.+-]*\+)?json\b/.test(type))
        return resolve({ body: undefined });
      try {
        resolve({ body: JSON.parse(Buffer.concat(chunks, size).toString('utf8')) });
      } catch {
        resolve({ status: 400, message: 'Request body is not valid JSON' });
      }
    });
  });
}

export function graphqlEndpoint(options: {
  apollo: ApolloServer<Context>;
  logger: Logger;
  context: (req: IncomingMessage, scope: RequestScope) => Promise<Context>;
}) {
  const { apollo, logger } = options;
  return (req: IncomingMessage, res: ServerResponse) => {
    const scope = openRequestScope(req, res, logger);
    runInRequestScope(scope, async () => {
      const read = req.method === 'POST' ? await readBody(req) : { body: undefined };
      if ('status' in read) return refuse(res, read.status, read.message);
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const url = req.url ?? '';
      const query = url.indexOf('?');
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: (req.method ?? 'GET').toUpperCase(),
          headers,
          search: query < 0 ? '' : url.slice(query),
          body: read.body,
        },
        context: () => options.context(req, scope),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }).catch((error) => {
      logger.error({ err: error }, 'graphql endpoint failed');
      if (!res.headersSent) refuse(res, 500, 'Internal error', 'INTERNAL');
      else res.end();
    });
  };
}
