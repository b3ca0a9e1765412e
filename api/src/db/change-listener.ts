/**
 * Changes other replicas must hear of at once (a publish, a revoked key), carried by PostgreSQL
 * LISTEN/NOTIFY. One dedicated connection per process listens on every channel a cache subscribed to.
 * While it is not listening, subscribers are told so and must stop trusting their caches: a missed
 * notification must not leave a replica deciding on a retired policy or accepting a revoked key.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Logger } from '../core/logger.js';
import { isPostgres } from './dialect.js';

const RECONNECT_MS = 1000;

/** Called in the changing transaction: PostgreSQL delivers the notification only if it commits. */
export async function notifyChange(tx: EntityManager, channel: string, payload: string) {
  if (!isPostgres(tx)) return;
  await tx
    .getConnection()
    .execute('select pg_notify(?, ?)', [channel, payload], 'all', tx.getTransactionContext());
}

interface RawPgClient {
  query(sql: string): Promise<unknown>;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): void;
  on(event: 'error' | 'end', listener: (error?: Error) => void): void;
}

interface KnexPgClient {
  acquireRawConnection(): Promise<RawPgClient>;
  destroyRawConnection(connection: RawPgClient): Promise<void>;
}

export interface ChangeSubscriber {
  /** A change on the channel; `null` when anything may have changed (the listener reconnected). */
  changed(payload: string | null): void;
  /** Whether changes reach this process: caches may be trusted only while true. */
  listening(listening: boolean): void;
}

/**
 * On SQLite there is one process per database file and every change is made in it: subscribers are told
 * they are listening from the start and nothing else happens.
 */
export class ChangeListener {
  private readonly subscribers = new Map<string, ChangeSubscriber[]>();
  private client: RawPgClient | null = null;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly orm: MikroORM,
    private readonly logger: Logger,
  ) {}

  subscribe(channel: string, subscriber: ChangeSubscriber) {
    this.subscribers.set(channel, [...(this.subscribers.get(channel) ?? []), subscriber]);
  }

  private get all() {
    return [...this.subscribers.values()].flat();
  }

  async start() {
    this.stopped = false;
    if (!isPostgres(this.orm.em)) {
      for (const subscriber of this.all) subscriber.listening(true);
      return;
    }
    await this.connect();
  }

  private get pg(): KnexPgClient {
    return (this.orm.em.getConnection() as unknown as { getKnex(): { client: KnexPgClient } }).getKnex()
      .client;
  }

  private async connect() {
    try {
      // A dedicated connection, never one of the pool's, which would hand it to a query.
      const client = await this.pg.acquireRawConnection();
      const lost = (error?: Error) => {
        if (this.client !== client) return;
        this.client = null;
        for (const subscriber of this.all) {
          subscriber.listening(false);
          subscriber.changed(null);
        }
        if (!this.stopped) {
          this.logger.warn({ err: error }, 'lost the change listener; reconnecting');
          this.schedule();
        }
      };
      client.on('notification', (message) => {
        for (const subscriber of this.subscribers.get(message.channel) ?? []) {
          subscriber.changed(message.payload || null);
        }
      });
      client.on('error', lost);
      client.on('end', lost);
      for (const channel of this.subscribers.keys()) await client.query(`listen ${channel}`);
      this.client = client;
      // Anything changed while we were not listening is unknown: start from clean caches.
      for (const subscriber of this.all) {
        subscriber.changed(null);
        subscriber.listening(true);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'cannot listen for changes; retrying');
      this.schedule();
    }
  }

  private schedule() {
    this.retry = setTimeout(() => void this.connect(), RECONNECT_MS);
    this.retry.unref();
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    for (const subscriber of this.all) subscriber.listening(false);
    const client = this.client;
    this.client = null;
    if (client) await this.pg.destroyRawConnection(client).catch(() => {});
  }
}
