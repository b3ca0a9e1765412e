import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Logger } from '../core/logger.js';

export const POLICY_CHANNEL = 'spillway_policy_published';
const RECONNECT_MS = 1000;

/** Called in the publishing transaction: PostgreSQL delivers the notification only if it commits. */
export async function notifyPolicyChange(tx: EntityManager, productId: string) {
  await tx
    .getConnection()
    .execute('select pg_notify(?, ?)', [POLICY_CHANNEL, productId], 'all', tx.getTransactionContext());
}

interface RawPgClient {
  query(sql: string): Promise<unknown>;
  on(event: 'notification', listener: (message: { payload?: string }) => void): void;
  on(event: 'error' | 'end', listener: (error?: Error) => void): void;
}

interface KnexPgClient {
  acquireRawConnection(): Promise<RawPgClient>;
  destroyRawConnection(connection: RawPgClient): Promise<void>;
}

/**
 * Listens on a dedicated connection (never one of the pool's, which would hand it to a query) built from
 * the ORM's own connection settings. While it is not listening, `onChange(null)` tells the owner to stop
 * trusting its cache: a missed notification must not leave a replica deciding on a retired policy.
 */
export class PolicyChangeListener {
  private client: RawPgClient | null = null;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private readonly pg: KnexPgClient;

  constructor(
    orm: MikroORM,
    private readonly onChange: (productId: string | null) => void,
    private readonly onListening: (listening: boolean) => void,
    private readonly logger: Logger,
  ) {
    this.pg = (orm.em.getConnection() as unknown as { getKnex(): { client: KnexPgClient } }).getKnex().client;
  }

  async start() {
    try {
      const client = await this.pg.acquireRawConnection();
      const lost = (error?: Error) => {
        if (this.client !== client) return;
        this.client = null;
        this.onListening(false);
        this.onChange(null);
        if (!this.stopped) {
          this.logger.warn({ err: error }, 'lost the policy change listener; reconnecting');
          this.schedule();
        }
      };
      client.on('notification', (message) => this.onChange(message.payload || null));
      client.on('error', lost);
      client.on('end', lost);
      await client.query(`listen ${POLICY_CHANNEL}`);
      this.client = client;
      // Anything published while we were not listening is unknown: start from a clean cache.
      this.onChange(null);
      this.onListening(true);
    } catch (error) {
      this.logger.warn({ err: error }, 'cannot listen for policy changes; retrying');
      this.schedule();
    }
  }

  private schedule() {
    this.retry = setTimeout(() => void this.start(), RECONNECT_MS);
    this.retry.unref();
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    if (client) await this.pg.destroyRawConnection(client).catch(() => {});
  }
}
