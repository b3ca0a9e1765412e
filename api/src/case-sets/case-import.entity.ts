import { Entity, Index, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity.js';
import type { JobStatus } from '../jobs/job-status.js';
import type { CaseSetFormat } from './table-reader.js';

/**
 * An import of a file into a case set, as a job: the file is staged in `import_block` rows by the process
 * that received it, then read, mapped and inserted by a job runner (a worker thread or process), never by
 * the thread that answers requests. The case set exists from the start, IMPORTING, and is removed again when
 * the import fails, so a failed import leaves nothing behind.
 */
@Entity()
@Index({ properties: ['status', 'createdAt'] })
export class CaseImport extends BaseEntity<
  | 'chunkCount'
  | 'chunksDone'
  | 'startedAt'
  | 'finishedAt'
  | 'error'
  | 'failure'
  | 'blockCount'
  | 'importedRows'
  | 'failedRows'
  | 'rowErrors'
  | 'refColumn'
> {
  @Property({ type: 'string', length: 16 })
  status!: JobStatus;

  @Property({ type: 'uuid' })
  caseSetId!: string;

  @Property({ type: 'string', length: 8 })
  format!: CaseSetFormat;

  @Property({ type: 'json' })
  mapping!: Record<string, unknown>;

  @Property()
  keepValidRows!: boolean;

  @Property({ type: 'string', nullable: true })
  refColumn?: string | null;

  /** The input field a problem of the file is reported against (input.content, body...). */
  @Property()
  field!: string;

  /** Who imported: the audit event's actor. */
  @Property()
  createdBy!: string;

  @Property()
  blockCount: number = 0;

  @Property()
  chunkCount: number = 0;

  @Property()
  chunksDone: number = 0;

  @Property({ type: 'datetime', nullable: true })
  startedAt?: Date | null;

  /** Set once the import and any clean-up after a failure are over: what the uploader waits for. */
  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  error?: string | null;

  /** A failure the uploader is answered with: `{ code, details }` of the error, row errors included. */
  @Property({ type: 'json', nullable: true })
  failure?: Record<string, unknown> | null;

  @Property()
  importedRows: number = 0;

  @Property()
  failedRows: number = 0;

  /** The first REPORTED_ROW_ERRORS row errors. */
  @Property({ type: 'json', nullable: true })
  rowErrors?: unknown[] | null;
}

/** A piece of a file being imported, in arrival order; removed when the import ends. */
@Entity()
@Unique({ properties: ['importId', 'seq'] })
export class ImportBlock extends BaseEntity {
  @Property({ type: 'uuid' })
  importId!: string;

  @Property()
  seq!: number;

  @Property({ type: 'blob' })
  bytes!: Buffer;
}
