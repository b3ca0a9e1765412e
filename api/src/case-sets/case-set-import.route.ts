import type { MikroORM } from '@mikro-orm/core';
import { PolicyError } from '@spillway/rules';
import express, { type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import { DomainError, domainExtensions, policyExtensions } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Viewer } from '../core/viewer.js';
import type { Context } from '../graphql/context.js';
import { requestLogging } from '../http/request-log.js';
import { IMPORTERS } from './case-set.resolver.js';
import type { CaseSetImport, CaseSetService } from './case-set.service.js';
import { CaseSetFormat } from './table-reader.js';

const FORMATS: Record<string, CaseSetFormat> = {
  'text/csv': CaseSetFormat.CSV,
  'application/x-ndjson': CaseSetFormat.JSONL,
  'application/jsonl': CaseSetFormat.JSONL,
};
export const MAPPING_HEADER = 'x-spillway-mapping';
const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

/**
 * `POST /case-sets/import?name=...` with the file as the raw body (`text/csv` or `application/x-ndjson`),
 * streamed into the import without buffering; GraphQL's 1 MB body limit does not apply. The mapping comes
 * as JSON in the `x-spillway-mapping` header, or `mappingFrom=<case set id>` reuses an earlier set's.
 * Other query parameters: productKey, keepValidRows=true, refColumn. Answers like the importCaseSet mutation.
 */
/** The app's own authentication, so the upload accepts exactly the credentials GraphQL does. */
type Authenticate = (em: Context['em'], headers: Request['headers']) => Promise<Viewer | null>;

export function caseSetImportRouter(
  caseSets: CaseSetService,
  orm: MikroORM,
  logger: Logger,
  authenticate: Authenticate,
) {
  const router = express.Router();
  router.post('/case-sets/import', requestLogging(logger), async (req, res) => {
    const em = orm.em.fork();
    try {
      const viewer = await authenticate(em, req.headers);
      if (!viewer) throw new DomainError('UNAUTHENTICATED', 'Send a bearer token or an API key');
      if (!viewer.roles.some((role) => IMPORTERS.includes(role))) {
        throw new DomainError('FORBIDDEN', 'Your role may not do this');
      }
      const format = FORMATS[(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()];
      if (!format) {
        throw new DomainError('BAD_USER_INPUT', 'content-type must be text/csv or application/x-ndjson', {
          field: 'content-type',
        });
      }
      const result = await caseSets.import(
        em,
        viewer,
        {
          name: queryParam(req, 'name') ?? '',
          productKey: queryParam(req, 'productKey'),
          format,
          mapping: await mappingOf(req, caseSets, em),
          keepValidRows: queryParam(req, 'keepValidRows') === 'true',
          refColumn: queryParam(req, 'refColumn'),
        },
        { stream: req, description: `${format} upload`, field: 'body' },
      );
      res.status(201).json({ data: { importCaseSet: serialise(result) } });
    } catch (error) {
      answerError(res, error, logger);
    }
  });
  return router;
}

function queryParam(req: Request, name: string): string | null {
  const value = req.query[name];
  return typeof value === 'string' ? value : null;
}

async function mappingOf(req: Request, caseSets: CaseSetService, em: Context['em']) {
  const from = queryParam(req, 'mappingFrom');
  const header = req.headers[MAPPING_HEADER];
  if (Boolean(from) === (typeof header === 'string')) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `Give the mapping as the ${MAPPING_HEADER} header or mappingFrom`,
      {
        field: MAPPING_HEADER,
      },
    );
  }
  if (from) return (await caseSets.get(em, from)).mapping;
  try {
    const mapping = JSON.parse(header as string);
    if (mapping && typeof mapping === 'object' && !Array.isArray(mapping))
      return mapping as Record<string, unknown>;
  } catch {
    // Refused below with the same message as a JSON value that is not an object.
  }
  throw new DomainError('BAD_USER_INPUT', `${MAPPING_HEADER} must be a JSON object`, {
    field: MAPPING_HEADER,
  });
}

function serialise({ caseSet, ...rest }: CaseSetImport) {
  return {
    ...rest,
    caseSet: {
      id: caseSet.id,
      name: caseSet.name,
      productKey: caseSet.product.key,
      source: caseSet.source,
      status: caseSet.status,
      caseCount: caseSet.caseCount,
      defaultCount: caseSet.defaultCount,
      unknownOutcomeCount: caseSet.unknownOutcomeCount,
      failedRowCount: caseSet.failedRowCount,
      createdBy: caseSet.createdBy,
      createdAt: caseSet.createdAt.toISOString(),
    },
  };
}

function answerError(res: Response, error: unknown, logger: Logger) {
  if (error instanceof DomainError || error instanceof PolicyError) {
    const extensions = error instanceof DomainError ? domainExtensions(error) : policyExtensions(error);
    res.status(STATUS[extensions.code] ?? 400).json({ errors: [{ message: error.message, extensions }] });
    return;
  }
  // Bad credentials, as authenticate reports them for GraphQL.
  if (error instanceof GraphQLError) {
    res
      .status(401)
      .json({ errors: [{ message: error.message, extensions: { code: error.extensions.code } }] });
    return;
  }
  logger.error({ err: error }, 'case set upload failed');
  res.status(500).json({ errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL' } }] });
}
