import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { EntityManager, RequiredEntityData } from '@mikro-orm/core';
import { type CompiledMapping, compileMapping, mapRow, type RowError } from '@spillway/rules';
import type { AuditService } from '../audit/audit.service.js';
import { DomainError, notFound } from '../core/errors.js';
import type { Viewer } from '../core/viewer.js';
import { type PageArgs, pageWindow, toConnection } from '../graphql/connection.js';
import { DEFAULT_PRODUCT_KEY } from '../products/product.entity.js';
import type { ProductService } from '../products/product.service.js';
import { Case } from './case.entity.js';
import { CaseSet, CaseSetStatus } from './case-set.entity.js';
import { CaseSetFormat, readTable, streamOf } from './table-reader.js';

/** Cases per insert: memory holds one chunk of cases, never the file. */
export const IMPORT_CHUNK = 1000;
/** Row errors a response lists; the count covers all of them. */
export const REPORTED_ROW_ERRORS = 100;

export interface ImportRequest {
  name: string;
  productKey?: string | null;
  format: CaseSetFormat;
  mapping: Record<string, unknown>;
  keepValidRows?: boolean | null;
  /** The column whose value becomes each case's external ref. */
  refColumn?: string | null;
}

/** Where the rows come from, and the input field to blame when they are unusable. */
export interface ImportSource {
  stream: Readable;
  description: string;
  field: string;
}

export interface CaseSetImport {
  caseSet: CaseSet;
  importedRows: number;
  failedRows: number;
  rowErrors: RowError[];
}

export class CaseSetService {
  constructor(
    private readonly products: ProductService,
    private readonly audit: AuditService,
    /** Server files may be imported from these directories only. */
    private readonly importDirs: string[],
  ) {}

  /** Exactly one of inline content and a server file under an allowed directory. */
  async openSource(input: { serverPath?: string | null; content?: string | null; format: CaseSetFormat }) {
    const hasPath = Boolean(input.serverPath);
    if (hasPath === (input.content !== undefined && input.content !== null)) {
      throw new DomainError('BAD_USER_INPUT', 'Give exactly one of input.content and input.serverPath', {
        field: hasPath ? 'input.content' : 'input.serverPath',
      });
    }
    if (!hasPath) {
      return {
        stream: streamOf(input.content as string),
        description: `${input.format} upload`,
        field: 'input.content',
      };
    }
    const path = await this.allowedFile(input.serverPath as string);
    return { stream: createReadStream(path), description: `server file ${path}`, field: 'input.serverPath' };
  }

  /**
   * Checked on the path as given and again with links resolved, so a link inside an allowed directory
   * cannot reach outside it, and nothing outside one is even looked at.
   */
  private async allowedFile(requested: string): Promise<string> {
    const refused = new DomainError(
      'BAD_USER_INPUT',
      "input.serverPath must be a file under the data directory's imports/ or SPILLWAY_IMPORT_DIR",
      { field: 'input.serverPath' },
    );
    const given = resolve(requested);
    if (!(await this.insideAllowed(given, (dir) => resolve(dir)))) throw refused;
    const path = await realpath(given).catch(() => null);
    if (!path || !(await stat(path)).isFile()) {
      throw new DomainError('BAD_USER_INPUT', `input.serverPath ${requested} is not a file`, {
        field: 'input.serverPath',
      });
    }
    if (!(await this.insideAllowed(path, (dir) => realpath(dir).catch(() => null)))) throw refused;
    return path;
  }

  private async insideAllowed(path: string, normalise: (dir: string) => string | Promise<string | null>) {
    for (const dir of this.importDirs) {
      const root = await normalise(dir);
      const inside = root === null ? null : relative(root, path);
      if (inside && inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside)) return true;
    }
    return false;
  }

  /**
   * Streams the rows into cases in one transaction: with any failing row nothing is written, unless
   * keepValidRows asks to keep the rest. Either way every failing row is counted. The caller owns the
   * stream and closes it.
   */
  async import(
    em: EntityManager,
    actor: Viewer | string,
    request: ImportRequest,
    source: ImportSource,
  ): Promise<CaseSetImport> {
    const name = request.name.trim();
    if (!name)
      throw new DomainError('BAD_USER_INPUT', 'input.name must not be blank', { field: 'input.name' });
    const product = await this.products.get(em, request.productKey ?? DEFAULT_PRODUCT_KEY);
    const label = typeof actor === 'string' ? actor : actor.label;
    const rows = readTable(request.format, source.stream);
    return em.transactional(async (tx) => {
      const caseSet = tx.create(CaseSet, {
        name,
        product,
        source: source.description,
        mapping: request.mapping,
        status: CaseSetStatus.COMPLETE,
        caseCount: 0,
        defaultCount: 0,
        unknownOutcomeCount: 0,
        failedRowCount: 0,
        createdBy: label,
      });
      await tx.flush();
      // Plain rows inserted natively: the unit of work would track and diff every case it held.
      const createdAt = new Date();
      let chunk: RequiredEntityData<Case>[] = [];
      const flushCases = async () => {
        if (chunk.length > 0) await tx.insertMany(Case, chunk);
        chunk = [];
      };
      const counts = { cases: 0, defaults: 0, unknown: 0, failed: 0 };
      const rowErrors: RowError[] = [];
      const fail = (errors: RowError[]) => {
        counts.failed++;
        rowErrors.push(...errors.slice(0, Math.max(0, REPORTED_ROW_ERRORS - rowErrors.length)));
      };
      let mapping: CompiledMapping | null = null;
      for await (const item of rows) {
        if (item.kind === 'header') {
          mapping = compile(request.mapping, item.columns, request.refColumn);
          continue;
        }
        if (item.kind === 'error') {
          fail([{ line: item.line, column: null, path: '$', code: 'INVALID_ROW', message: item.message }]);
          continue;
        }
        const mapped = mapRow(mapping as CompiledMapping, item.row, item.line);
        if ('errors' in mapped) {
          fail(mapped.errors);
          continue;
        }
        // All or nothing: once a row failed, the rest are only checked.
        if (counts.failed > 0 && !request.keepValidRows) continue;
        chunk.push({
          id: randomUUID(),
          createdAt,
          caseSet: caseSet.id,
          line: item.line,
          externalRef: request.refColumn ? item.row[request.refColumn] || null : null,
          facts: mapped.facts,
          application: mapped.application,
          observedDefault: mapped.observedDefault,
          expected: mapped.expected ? { ...mapped.expected } : null,
        });
        counts.cases++;
        if (mapped.observedDefault === true) counts.defaults++;
        if (mapped.observedDefault === null) counts.unknown++;
        if (chunk.length >= IMPORT_CHUNK) await flushCases();
      }
      if (!mapping) throw new DomainError('BAD_USER_INPUT', 'The file is empty', { field: source.field });
      if (counts.failed > 0 && !request.keepValidRows) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `${counts.failed} row(s) failed to map, so nothing was imported (keepValidRows imports the others)`,
          { field: source.field, reason: 'ROWS_INVALID', failedRows: counts.failed, rowErrors },
        );
      }
      if (counts.cases === 0) {
        throw new DomainError('BAD_USER_INPUT', 'The file has no row that maps to a case', {
          field: source.field,
          failedRows: counts.failed,
          rowErrors,
        });
      }
      await flushCases();
      Object.assign(caseSet, {
        status: counts.failed > 0 ? CaseSetStatus.PARTIAL : CaseSetStatus.COMPLETE,
        caseCount: counts.cases,
        defaultCount: counts.defaults,
        unknownOutcomeCount: counts.unknown,
        failedRowCount: counts.failed,
      });
      await this.audit.record(tx, actor, {
        action: 'caseSet.import',
        entityType: 'CaseSet',
        entityId: caseSet.id,
        summary: { name, source: source.description, cases: counts.cases, failedRows: counts.failed },
      });
      return { caseSet, importedRows: counts.cases, failedRows: counts.failed, rowErrors };
    });
  }

  async get(em: EntityManager, id: string): Promise<CaseSet> {
    const caseSet = await em.findOne(CaseSet, { id }, { populate: ['product'] });
    if (!caseSet) throw notFound('Case set', id);
    return caseSet;
  }

  async list(em: EntityManager, page: PageArgs) {
    const { offset, limit } = pageWindow(page);
    const [nodes, total] = await em.findAndCount(
      CaseSet,
      {},
      { populate: ['product'], orderBy: { createdAt: 'desc', id: 'desc' }, offset, limit },
    );
    return toConnection(nodes, total, offset);
  }

  async cases(em: EntityManager, caseSet: CaseSet, page: PageArgs) {
    const { offset, limit } = pageWindow(page);
    const [nodes, total] = await em.findAndCount(
      Case,
      { caseSet },
      { orderBy: { line: 'asc' }, offset, limit },
    );
    return toConnection(nodes, total, offset);
  }
}

/** A mapping that does not fit the file is the caller's mistake, reported with every problem's path. */
function compile(
  mapping: Record<string, unknown>,
  header: string[],
  refColumn?: string | null,
): CompiledMapping {
  if (refColumn && !header.includes(refColumn)) {
    throw new DomainError('BAD_USER_INPUT', `input.refColumn "${refColumn}" is not a column of the file`, {
      field: 'input.refColumn',
    });
  }
  return compileMapping(mapping, header);
}
