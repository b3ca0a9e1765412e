import type { EntityManager, FilterQuery, MikroORM } from '@mikro-orm/core';
import type { Logger } from '../core/logger.js';
import type { Viewer } from '../core/viewer.js';
import { isPostgres } from '../db/dialect.js';
import { type PageArgs, pageWindow, toConnection } from '../graphql/connection.js';
import { AuditScheme, auditKeys, eventHash, GENESIS_HASH } from './audit-chain.js';
import { AuditCheckpoints, type Checkpoint } from './audit-checkpoints.js';
import { AuditEvent } from './audit-event.entity.js';

/** In the data directory: see README.md, Audit log. */
export const AUDIT_CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

/** A commit that records events is checkpointed this long after it: one write for a burst of changes. */
const CHECKPOINT_DELAY_MS = 1000;
/** And the head is checkpointed this often anyway, when it moved (another process may have appended). */
const CHECKPOINT_INTERVAL_MS = 60_000;

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  /** Before/after summary: what changed, never secrets or raw PII. */
  summary: Record<string, unknown>;
}

export interface AuditFilter {
  action?: string | null;
  actor?: string | null;
  entityType?: string | null;
  entityId?: string | null;
}

/** What a verification found wrong, first in the order of the log. */
export enum AuditProblem {
  /** An event's content no longer matches its hash, an unkeyed event follows a keyed one, or the chain
   * disagrees with a signed checkpoint: history was edited (even with its hashes recomputed). */
  REWRITTEN = 'REWRITTEN',
  /** An event does not link to the one before it: events were deleted, inserted or reordered. */
  BROKEN_LINK = 'BROKEN_LINK',
  /** A signed checkpoint names a later event than the log holds: its newest events were deleted. */
  MISSING_NEWEST = 'MISSING_NEWEST',
  /** A line of the checkpoint file is malformed or not signed with the key. */
  CHECKPOINT_FORGED = 'CHECKPOINT_FORGED',
}

export interface AuditVerification {
  valid: boolean;
  checked: number;
  /** The first event that does not verify (for MISSING_NEWEST, the newest seq checkpointed). */
  brokenAt: number | null;
  reason: string | null;
  problem: AuditProblem | null;
  headSeq: number | null;
  headHash: string | null;
  lastCheckpointSeq: number | null;
  lastCheckpointAt: Date | null;
}

export interface AuditOptions {
  /** SPILLWAY_SECRET: the chain and checkpoint keys derive from it; it is never stored in the database. */
  secret: string;
  /** The append-only checkpoint file, in the data directory. */
  checkpointFile: string;
  /** Names the database in each checkpoint (see `databaseIdentity`). */
  database: string;
  logger: Logger;
}

/**
 * The append-only, keyed hash chain of audit events, with signed checkpoints of its head in a file outside
 * the database. `record` runs inside the caller's transaction, so an event exists exactly when the change it
 * describes was committed.
 */
export class AuditService {
  private readonly chainKey: Buffer;
  readonly checkpoints: AuditCheckpoints;
  private readonly logger: Logger;
  private orm?: MikroORM;
  private running = false;
  private pending?: NodeJS.Timeout;
  private interval?: NodeJS.Timeout;
  private lastWritten?: string;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(options: AuditOptions) {
    const keys = auditKeys(options.secret);
    this.chainKey = keys.chain;
    this.checkpoints = new AuditCheckpoints(options.checkpointFile, keys.checkpoint, options.database);
    this.logger = options.logger;
  }

  /** Checkpoints the head now, shortly after every commit that records events, and every minute. */
  start(orm: MikroORM) {
    this.orm = orm;
    this.running = true;
    this.checkpointSoon();
    this.interval = setInterval(() => this.checkpointInBackground(), CHECKPOINT_INTERVAL_MS);
    this.interval.unref();
  }

  /** Stops checkpointing in the background, after a last checkpoint that covers the newest events. */
  async stop() {
    this.running = false;
    clearInterval(this.interval);
    clearTimeout(this.pending);
    this.pending = undefined;
    await this.checkpoint().catch((error) => this.logCheckpointFailure(error));
  }

  async record(em: EntityManager, actor: Viewer | string, entry: AuditEntry): Promise<AuditEvent> {
    // Appends must be serialised or two writers would link to the same predecessor; SQLite already
    // serialises writers, PostgreSQL needs the transaction-scoped advisory lock.
    if (isPostgres(em)) {
      await em
        .getConnection()
        .execute('select pg_advisory_xact_lock(7341001)', [], 'all', em.getTransactionContext());
    }
    const last = await em.findOne(AuditEvent, { seq: { $gt: 0 } }, { orderBy: { seq: 'desc' } });
    const event = em.create(AuditEvent, {
      at: new Date(),
      actor: typeof actor === 'string' ? actor : actor.label,
      ...entry,
      prevHash: last?.hash ?? GENESIS_HASH,
      scheme: AuditScheme.KEYED,
      hash: '',
    });
    event.hash = eventHash(event, AuditScheme.KEYED, this.chainKey) as string;
    await em.flush();
    this.checkpointSoon();
    return event;
  }

  /**
   * Appends a signed checkpoint of the head, unless this process already wrote that head. Runs after the
   * commit that appended the head (a rolled back event is simply not the head), one write at a time.
   */
  checkpoint(): Promise<Checkpoint | null> {
    const orm = this.orm;
    if (!orm) return Promise.resolve(null);
    const written = this.writing.then(async () => {
      const head = await orm.em
        .fork()
        .findOne(AuditEvent, { seq: { $gt: 0 } }, { orderBy: { seq: 'desc' }, fields: ['seq', 'hash'] });
      if (!head || this.lastWritten === `${head.seq}:${head.hash}`) return null;
      const checkpoint = await this.checkpoints.append(head);
      this.lastWritten = `${head.seq}:${head.hash}`;
      return checkpoint;
    });
    this.writing = written.catch(() => {});
    return written;
  }

  private checkpointSoon() {
    if (!this.running || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.checkpointInBackground();
    }, CHECKPOINT_DELAY_MS);
    this.pending.unref();
  }

  private checkpointInBackground() {
    this.checkpoint().catch((error) => this.logCheckpointFailure(error));
  }

  private logCheckpointFailure(error: unknown) {
    this.logger.error({ err: error, file: this.checkpoints.file }, 'audit checkpoint could not be written');
  }

  /**
   * Walks the chain in order, in pages, against the signed checkpoints, and reports the first problem: an
   * event that does not link to the one before, an event that does not match its hash (or is unkeyed after a
   * keyed one), a chain that disagrees with a checkpoint, a checkpoint beyond the newest event, a forged
   * checkpoint line.
   */
  async verify(em: EntityManager, pageSize = 1000): Promise<AuditVerification> {
    const log = await this.checkpoints.read();
    const checkpointed = [...log.bySeq.keys()].sort((a, b) => a - b);
    let nextCheckpoint = 0;
    let expectedPrev = GENESIS_HASH;
    let keyed = false;
    let checked = 0;
    let head: { seq: number; hash: string } | null = null;
    const summary = (problem: AuditProblem | null, brokenAt: number | null, reason: string | null) => ({
      valid: problem === null,
      checked,
      brokenAt,
      reason,
      problem,
      headSeq: head?.seq ?? null,
      headHash: head?.hash ?? null,
      lastCheckpointSeq: log.last?.seq ?? null,
      lastCheckpointAt: log.last ? new Date(log.last.at) : null,
    });
    for (;;) {
      const page: AuditEvent[] = await em.find(
        AuditEvent,
        { seq: { $gt: head?.seq ?? 0 } },
        { orderBy: { seq: 'asc' }, limit: pageSize, disableIdentityMap: true },
      );
      for (const event of page) {
        // A checkpoint at a seq the chain skipped: that event was deleted and the chain relinked after it.
        if (checkpointed[nextCheckpoint] < event.seq) {
          const gone = checkpointed[nextCheckpoint];
          return summary(AuditProblem.REWRITTEN, gone, `event ${gone} was checkpointed but is gone`);
        }
        if (event.prevHash !== expectedPrev) {
          return summary(AuditProblem.BROKEN_LINK, event.seq, 'does not link to the event before it');
        }
        if (event.scheme === AuditScheme.UNKEYED && keyed) {
          return summary(AuditProblem.REWRITTEN, event.seq, 'an unkeyed event follows a keyed one');
        }
        keyed ||= event.scheme === AuditScheme.KEYED;
        if (eventHash(event, event.scheme, this.chainKey) !== event.hash) {
          return summary(AuditProblem.REWRITTEN, event.seq, 'content does not match its hash');
        }
        if (checkpointed[nextCheckpoint] === event.seq) {
          const checkpoint = log.bySeq.get(event.seq) as Checkpoint;
          if (checkpoint.hash !== event.hash) {
            return summary(
              AuditProblem.REWRITTEN,
              event.seq,
              `does not match the checkpoint signed at ${checkpoint.at}`,
            );
          }
          nextCheckpoint++;
        }
        expectedPrev = event.hash;
        checked++;
        head = { seq: event.seq, hash: event.hash };
      }
      if (page.length < pageSize) break;
    }
    if (log.last && log.last.seq > (head?.seq ?? 0)) {
      return summary(
        AuditProblem.MISSING_NEWEST,
        log.last.seq,
        `the log ends at event ${head?.seq ?? 0}, but event ${log.last.seq} was checkpointed at ${log.last.at}`,
      );
    }
    if (log.forgedLine !== null) {
      return summary(
        AuditProblem.CHECKPOINT_FORGED,
        null,
        `line ${log.forgedLine} of the checkpoint file is not a checkpoint signed with the key`,
      );
    }
    return summary(null, null, null);
  }

  /** Newest first. */
  async list(em: EntityManager, filter: AuditFilter | null | undefined, page: PageArgs) {
    const where: FilterQuery<AuditEvent> = {};
    for (const key of ['action', 'actor', 'entityType', 'entityId'] as const) {
      const value = filter?.[key];
      if (value) where[key] = value;
    }
    const { offset, limit } = pageWindow(page);
    const [events, total] = await em.findAndCount(AuditEvent, where, {
      orderBy: { seq: 'desc' },
      offset,
      limit,
    });
    return toConnection(events, total, offset);
  }
}
