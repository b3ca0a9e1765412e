import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/core';
import type { RowError } from '@spillway/rules';
import { DomainError, type ErrorCode, notFound } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Viewer } from '../core/viewer.js';
import { Sql } from '../db/sql.js';
import { type PageArgs, pageWindow, toConnection } from '../graphql/connection.js';
import { type JobRunner, queueChunks } from '../jobs/job-runner.js';
import { JobStatus } from '../jobs/job-status.js';
import { DEFAULT_PRODUCT_KEY } from '../products/product.entity.js';
import type { ProductService } from '../products/product.service.js';
import { Case } from './case.entity.js';
import { CaseImport } from './case-import.entity.js';
import { discardImport, IMPORT_JOB } from './case-import.job.js';
import { CaseSet, CaseSetStatus } from './case-set.entity.js';
import { CaseSetFormat, streamOf } from './table-reader.js';

/** Bytes per staged block of an uploaded file: each is one short insert. */
const BLOCK_BYTES = 256 * 1024;
/** How often a request waiting for its import looks at the job, at most. */
const POLL_MS = 250;
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
    private readonly runner: JobRunner,
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
   * Imports the rows as cases: all or nothing, unless keepValidRows asks to keep the rows that map. Either
   * way every failing row is counted. This process only stages the file, as it arrives, and waits: a job
   * runner (a worker thread or process) reads, maps and inserts it (case-import.job.ts). The caller
   * owns the stream and closes it.
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
    const job = await em.fork().transactional(async (tx) => {
      const caseSet = tx.create(CaseSet, {
        name,
        product,
        source: source.description,
        mapping: request.mapping,
        status: CaseSetStatus.IMPORTING,
        caseCount: 0,
        defaultCount: 0,
        unknownOutcomeCount: 0,
        failedRowCount: 0,
        createdBy: label,
      });
      return tx.create(CaseImport, {
        status: JobStatus.QUEUED,
        caseSetId: caseSet.id,
        format: request.format,
        mapping: request.mapping,
        keepValidRows: Boolean(request.keepValidRows),
        refColumn: request.refColumn ?? null,
        field: source.field,
        createdBy: label,
      });
    });
    try {
      const blockCount = await this.stage(em, job.id, source.stream);
      await em.fork().transactional(async (tx) => {
        await Sql.of(tx).run('update case_import set block_count = ?, chunk_count = 1 where id = ?', [
          blockCount,
          job.id,
        ]);
        await queueChunks(tx, IMPORT_JOB, job.id, [{ firstKey: 0, lastKey: null, itemCount: blockCount }]);
      });
    } catch (error) {
      // The upload broke off: nothing of it stays.
      await discardImport(em.fork(), job.id, job.caseSetId);
      await em
        .fork()
        .nativeUpdate(
          CaseImport,
          { id: job.id },
          { status: JobStatus.FAILED, error: 'the upload did not arrive whole', finishedAt: new Date() },
        );
      throw error;
    }
    this.runner.kick();
    return this.outcome(em, job.id);
  }

  /** Stores the stream as it arrives, in blocks of BLOCK_BYTES; returns how many. */
  private async stage(em: EntityManager, importId: string, stream: Readable): Promise<number> {
    const sql = Sql.of(em.fork());
    let pending: Buffer[] = [];
    let size = 0;
    let seq = 0;
    const store = async () => {
      await sql.insert(
        'import_block',
        ['id', 'created_at', 'import_id', 'seq', 'bytes'],
        [[newId(), new Date(), importId, seq++, Buffer.concat(pending, size)]],
      );
      pending = [];
      size = 0;
    };
    for await (const piece of stream) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece) : (piece as Buffer);
      pending.push(bytes);
      size += bytes.length;
      if (size >= BLOCK_BYTES) await store();
    }
    if (size > 0) await store();
    return seq;
  }

  /** Waits for the job, then answers as the import answers: the case set, or the uploader's error. */
  private async outcome(em: EntityManager, importId: string): Promise<CaseSetImport> {
    for (let wait = 20; ; wait = Math.min(POLL_MS, wait * 2)) {
      const job = await em.fork().findOneOrFail(CaseImport, { id: importId });
      if (job.finishedAt) {
        if (job.status === JobStatus.COMPLETED) {
          return {
            caseSet: await this.get(em, job.caseSetId),
            importedRows: job.importedRows,
            failedRows: job.failedRows,
            rowErrors: (job.rowErrors ?? []) as RowError[],
          };
        }
        const failure = job.failure as { code: ErrorCode; details: Record<string, unknown> } | null;
        if (failure) throw new DomainError(failure.code, job.error ?? 'the import failed', failure.details);
        throw new Error(`import ${importId} ${job.status}: ${job.error}`);
      }
      await new Promise((resume) => setTimeout(resume, wait));
    }
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
      { status: { $ne: CaseSetStatus.IMPORTING } },
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
