import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { canonicalJson } from '@spillway/rules';
import type { AuditEvent } from './audit-event.entity.js';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * How an event's hash was computed. `sha256`: unkeyed, as events were chained before keys; anyone who can
 * write the table can recompute it. `hmac-sha256`: keyed with a key derived from SPILLWAY_SECRET, which
 * lives outside the database, so a rewritten event cannot be given a hash that verifies.
 */
export enum AuditScheme {
  UNKEYED = 'sha256',
  KEYED = 'hmac-sha256',
}

/** Keys derived from the secret, one per use, so neither can stand in for the other. */
export function auditKeys(secret: string) {
  const derive = (purpose: string) =>
    Buffer.from(hkdfSync('sha256', secret, '', `spillway ${purpose} v1`, 32));
  return { chain: derive('audit chain'), checkpoint: derive('audit checkpoint') };
}

type Hashed = Pick<
  AuditEvent,
  'prevHash' | 'at' | 'actor' | 'action' | 'entityType' | 'entityId' | 'summary'
>;

/** The event's hash under `scheme`, or null for a scheme this code does not know. */
export function eventHash(event: Hashed, scheme: string, chainKey: Buffer): string | null {
  const content = canonicalJson({
    prevHash: event.prevHash,
    at: event.at.toISOString(),
    actor: event.actor,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    summary: event.summary,
  });
  if (scheme === AuditScheme.KEYED) return createHmac('sha256', chainKey).update(content).digest('hex');
  if (scheme === AuditScheme.UNKEYED) return createHash('sha256').update(content).digest('hex');
  return null;
}
