import { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/core';
import { type CompiledMapping, compileMapping, mapRow, PolicyError, type RowError } from '@spillway/rules';
import type { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { Sql } from '../db/sql.js';
import {
  type ChunkControl,
  type ClaimedChunk,
  JobFailure,
  type JobKind,
  keepFailureDetail,
} from '../jobs/job-kind.js';
import { CaseImport } from './case-import.entity.js';
import { CaseSetStatus } from './case-set.entity.js';
import { type CaseSetFormat, readTable } from './table-reader.js';

/** The kind of job case set imports are. */
export const IMPORT_JOB = 'import';
/** Cases per insert: each batch commits, with the import's checkpoint, in one short transaction. */
const IMPORT_BATCH = 200;
/** Rows read between checkpoints when none is inserted (after a failing row, all or nothing). */
const CHECKPOINT_ROWS = 5000;
/** Row errors a response lists; the count covers all of them. */
const REPORTED_ROW_ERRORS = 100;
/** The longest reference a case stores (its column's width). */
const MAX_REF_LENGTH = 255;
/** Cases removed per transaction when a failed import is cleaned up. */
const DISCARD_BATCH = 2000;

const CASE_COLUMNS = [
  'id',
  'created_at',
  'case_set_id',
  'line',
  'external_ref',
  'facts',
  'application',
  'observed_default',
  'expected',
];

export interface PreparedImport {
  id: string;
  caseSetId: string;
  format: CaseSetFormat;
  mapping: Record<string, unknown>;
  keepValidRows: boolean;
  refColumn: string | null;
  field: string;
  createdBy: string;
  blockCount: number;
}

interface Counts {
  cases: number;
  defaults: number;
  unknown: number;
  failed: number;
}

/** What the import has committed: every row up to `line` is counted, and inserted unless it failed. */
interface Checkpoint {
  line: number;
  counts: Counts;
  rowErrors: RowError[];
}

interface ImportOutput extends Checkpoint {
  /** Mapped rows not inserted yet: the last batch, inserted by the commit. */
  rows: unknown[][];
}

/**
 * An import as a job of one chunk: a CSV record may span lines, so where a record starts is only known by
 * reading the file from its start. The chunk reads the staged blocks in order, one in memory at a time,
 * maps every row, and inserts the cases in batches, each committed with a checkpoint: a runner that takes
 * over a dead one's import reads the file again but counts and inserts only the rows after the checkpoint.
 * A file whose rows fail (all or nothing), whose mapping does not fit or that has no case fails the job
 * with the uploader's error, and the cases inserted so far are removed.
 */
export class CaseImportJob implements JobKind<PreparedImport, ImportOutput> {
  readonly name = IMPORT_JOB;
  readonly table = 'case_import';

  constructor(private readonly audit: AuditService) {}

  async prepare(em: EntityManager, jobId: string): Promise<PreparedImport> {
    const job = await em.findOneOrFail(CaseImport, { id: jobId });
    return {
      id: job.id,
      caseSetId: job.caseSetId,
      format: job.format,
      mapping: job.mapping,
      keepValidRows: job.keepValidRows,
      refColumn: job.refColumn ?? null,
      field: job.field,
      createdBy: job.createdBy,
      blockCount: job.blockCount,
    };
  }

  async run(em: EntityManager, job: PreparedImport, chunk: ClaimedChunk, control: ChunkControl) {
    const resumed = chunk.state as Checkpoint | null;
    const progress: ImportOutput = {
      line: resumed?.line ?? 0,
      counts: resumed?.counts ?? { cases: 0, defaults: 0, unknown: 0, failed: 0 },
      rowErrors: resumed?.rowErrors ?? [],
      rows: [],
    };
    const { counts, rowErrors } = progress;
    const fail = (errors: RowError[]) => {
      counts.failed++;
      rowErrors.push(...errors.slice(0, Math.max(0, REPORTED_ROW_ERRORS - rowErrors.length)));
    };
    let sinceCheckpoint = 0;
    const checkpoint = async () => {
      const rows = progress.rows;
      progress.rows = [];
      sinceCheckpoint = 0;
      const { line } = progress;
      await control.checkpoint({ line, counts, rowErrors }, (tx) =>
        Sql.of(tx).insert('historical_case', CASE_COLUMNS, rows),
      );
    };
    const createdAt = new Date();
    let mapping: CompiledMapping | null = null;
    for await (const item of readTable(job.format, Readable.from(blocksOf(em, job)))) {
      if (item.kind === 'header') {
        mapping = compile(job, item.columns);
        continue;
      }
      // Rows up to the checkpoint were counted, and inserted, by an earlier run.
      if (item.line <= progress.line) continue;
      progress.line = item.line;
      sinceCheckpoint++;
      const ref = item.kind === 'row' && job.refColumn ? item.row[job.refColumn] || null : null;
      if (item.kind === 'error') {
        const { line, column, code, message } = item;
        fail([{ line, column, path: '$', code, message }]);
      } else if (ref && ref.length > MAX_REF_LENGTH) {
        const column = job.refColumn as string;
        const message = `${column} is longer than the ${MAX_REF_LENGTH} characters a reference may have`;
        fail([{ line: item.line, column, path: '$', code: 'CELL_TOO_LONG', message }]);
      } else {
        const mapped = mapRow(mapping as CompiledMapping, item.row, item.line);
        if ('errors' in mapped) {
          fail(mapped.errors);
        } else if (counts.failed === 0 || job.keepValidRows) {
          // All or nothing: once a row failed, the rest are only checked.
          progress.rows.push([
            newId(),
            createdAt,
            job.caseSetId,
            item.line,
            ref,
            Sql.json(mapped.facts),
            Sql.json(mapped.application),
            mapped.observedDefault,
            mapped.expected ? Sql.json(mapped.expected) : null,
          ]);
          counts.cases++;
          if (mapped.observedDefault === true) counts.defaults++;
          if (mapped.observedDefault === null) counts.unknown++;
        }
      }
      if (progress.rows.length >= IMPORT_BATCH || sinceCheckpoint >= CHECKPOINT_ROWS) await checkpoint();
      await control.yield();
    }
    if (!mapping && counts.failed === 0)
      throw importFailure(new DomainError('BAD_USER_INPUT', 'The file is empty', { field: job.field }));
    if (counts.failed > 0 && !job.keepValidRows) {
      throw importFailure(
        new DomainError(
          'BAD_USER_INPUT',
          `${counts.failed} row(s) failed to map, so nothing was imported (keepValidRows imports the others)`,
          { field: job.field, reason: 'ROWS_INVALID', failedRows: counts.failed, rowErrors },
        ),
      );
    }
    if (counts.cases === 0) {
      throw importFailure(
        new DomainError('BAD_USER_INPUT', 'The file has no row that maps to a case', {
          field: job.field,
          failedRows: counts.failed,
          rowErrors,
        }),
      );
    }
    return progress;
  }

  async commit(tx: EntityManager, job: PreparedImport, _chunk: ClaimedChunk, output: ImportOutput) {
    const sql = Sql.of(tx);
    const { counts, rowErrors } = output;
    await sql.insert('historical_case', CASE_COLUMNS, output.rows);
    await sql.run(
      'update case_set set status = ?, case_count = ?, default_count = ?, unknown_outcome_count = ?, failed_row_count = ? where id = ?',
      [
        counts.failed > 0 ? CaseSetStatus.PARTIAL : CaseSetStatus.COMPLETE,
        counts.cases,
        counts.defaults,
        counts.unknown,
        counts.failed,
        job.caseSetId,
      ],
    );
    await sql.run('update case_import set imported_rows = ?, failed_rows = ?, row_errors = ? where id = ?', [
      counts.cases,
      counts.failed,
      Sql.json(rowErrors),
      job.id,
    ]);
    await sql.run('delete from import_block where import_id = ?', [job.id]);
    const [caseSet] = await sql.all('select name, source from case_set where id = ?', [job.caseSetId]);
    await this.audit.record(tx, job.createdBy, {
      action: 'caseSet.import',
      entityType: 'CaseSet',
      entityId: job.caseSetId,
      summary: { name: caseSet.name, source: caseSet.source, cases: counts.cases, failedRows: counts.failed },
    });
  }

  async finish() {
    // One chunk: its commit completed the case set.
  }

  failed(tx: EntityManager, jobId: string, failure: JobFailure | null) {
    return keepFailureDetail(tx, this.table, jobId, failure);
  }

  /** A failed import leaves nothing: its cases, in batches, then its case set and staged file. */
  async discard(em: EntityManager, jobId: string) {
    const sql = Sql.of(em);
    const [job] = await sql.all<{ case_set_id: string }>('select case_set_id from case_import where id = ?', [
      jobId,
    ]);
    await discardImport(em, jobId, job.case_set_id);
  }
}

/** Removes what an import wrote and staged: its cases in short transactions, then its case set and blocks. */
export async function discardImport(em: EntityManager, importId: string, caseSetId: string) {
  const sql = Sql.of(em);
  let removed: number;
  do {
    removed = await sql.run(
      'delete from historical_case where id in (select id from historical_case where case_set_id = ? limit ?)',
      [caseSetId, DISCARD_BATCH],
    );
  } while (removed > 0);
  await sql.run('delete from case_set where id = ?', [caseSetId]);
  await sql.run('delete from import_block where import_id = ?', [importId]);
}

/** The staged file, one block at a time. */
async function* blocksOf(em: EntityManager, job: PreparedImport): AsyncGenerator<Buffer> {
  const sql = Sql.of(em);
  for (let seq = 0; seq < job.blockCount; seq++) {
    const [block] = await sql.all<{ bytes: Buffer }>(
      'select bytes from import_block where import_id = ? and seq = ?',
      [job.id, seq],
    );
    yield block.bytes;
  }
}

/** The uploader's error, as the job's failure: the waiting request answers with it. */
function importFailure(error: DomainError): JobFailure {
  return new JobFailure(error.message, { code: error.code, details: error.details });
}

/** A mapping that does not fit the file is the caller's mistake, reported with every problem's path. */
function compile(job: PreparedImport, header: string[]): CompiledMapping {
  const repeated = header.find((column, i) => header.indexOf(column) !== i);
  if (repeated !== undefined) {
    throw importFailure(
      new DomainError('BAD_USER_INPUT', `The header names the column "${repeated}" more than once`, {
        field: job.field,
        reason: 'DUPLICATE_COLUMN',
        column: repeated,
      }),
    );
  }
  if (job.refColumn && !header.includes(job.refColumn)) {
    throw importFailure(
      new DomainError('BAD_USER_INPUT', `input.refColumn "${job.refColumn}" is not a column of the file`, {
        field: 'input.refColumn',
      }),
    );
  }
  try {
    return compileMapping(job.mapping, header);
  } catch (error) {
    if (error instanceof PolicyError && error.code === 'MAPPING_INVALID') {
      throw importFailure(
        new DomainError('BAD_USER_INPUT', error.message, {
          field: 'input.mapping',
          reason: 'MAPPING_INVALID',
          problems: error.problems,
        }),
      );
    }
    throw error;
  }
}
