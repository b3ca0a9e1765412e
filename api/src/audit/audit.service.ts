import { createHash } from 'node:crypto';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { canonicalJson } from '@spillway/rules';
import type { Viewer } from '../core/viewer.js';
import { isPostgres } from '../db/dialect.js';
import { type PageArgs, pageWindow, toConnection } from '../graphql/connection.js';
import { AuditEvent } from './audit-event.entity.js';

export const GENESIS_HASH = '0'.repeat(64);

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

export interface AuditVerification {
  valid: boolean;
  checked: number;
  /** The first event whose stored hash or link does not match, when the chain is broken. */
  brokenAt: number | null;
  reason: string | null;
}

function eventHash(event: Omit<AuditEvent, 'seq' | 'hash'>): string {
  const content = canonicalJson({
    prevHash: event.prevHash,
    at: event.at.toISOString(),
    actor: event.actor,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    summary: event.summary,
  });
  return createHash('sha256').update(content).digest('hex');
}

/**
 * The append-only, hash-chained audit log. `record` runs inside the caller's transaction, so an event
 * exists exactly when the change it describes was committed.
 */
export class AuditService {
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
      hash: '',
    });
    event.hash = eventHash(event);
    await em.flush();
    return event;
  }

  /** Walks the chain in order, in pages, and reports the first event that does not fit. */
  async verify(em: EntityManager, pageSize = 1000): Promise<AuditVerification> {
    let expectedPrev = GENESIS_HASH;
    let checked = 0;
    let afterSeq = 0;
    for (;;) {
      const page = await em.find(
        AuditEvent,
        { seq: { $gt: afterSeq } },
        { orderBy: { seq: 'asc' }, limit: pageSize, disableIdentityMap: true },
      );
      for (const event of page) {
        if (event.prevHash !== expectedPrev) {
          return {
            valid: false,
            checked,
            brokenAt: event.seq,
            reason: 'does not link to the event before it',
          };
        }
        if (eventHash(event) !== event.hash) {
          return { valid: false, checked, brokenAt: event.seq, reason: 'content does not match its hash' };
        }
        expectedPrev = event.hash;
        checked++;
        afterSeq = event.seq;
      }
      if (page.length < pageSize) return { valid: true, checked, brokenAt: null, reason: null };
    }
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
