/**
 * A connection of its own for the statements that serve requests at volume (decide): SQL prepared once with
 * bound parameters, no unit of work, no change sets. MikroORM keeps every other path; this one talks to the
 * same database through the driver underneath it.
 *
 * SQLite: a second better-sqlite3 connection to the same file. Transactions are serialised in this process
 * and take the write lock up front (BEGIN IMMEDIATE) without a busy wait: when a job's connection holds the
 * lock, the transaction is retried shortly after, so the event loop never blocks on another connection.
 * PostgreSQL: a pool of node-postgres clients, statements prepared per connection by name.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseConfig, Dialect } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { isPostgres } from './dialect.js';
import { Sql } from './sql.js';
import { cacheStatements } from './sqlite-statement-cache.js';
import { type SqliteWriteLock, sqliteWriteLock } from './sqlite-write-lock.js';
import { WalCheckpointer } from './wal-checkpointer.js';

export type Row = Record<string, unknown>;
type Awaitable<T> = T | Promise<T>;

export interface SqlTx {
  rows(sql: string, params: readonly unknown[]): Awaitable<Row[]>;
  /** Returns how many rows the statement changed. */
  run(sql: string, params: readonly unknown[]): Awaitable<number>;
}

/** How values cross into and out of each dialect's columns. */
export interface SqlValues {
  date(value: Date): unknown;
  bool(value: boolean): unknown;
  json(value: unknown): unknown;
  readDate(value: unknown): Date;
  readBool(value: unknown): boolean;
  readJson<T>(value: unknown): T;
  readNumber(value: unknown): number;
}

export type StatementListener = (sql: string, params: readonly unknown[]) => void;

export interface SqlConnection {
  readonly dialect: Dialect;
  readonly values: SqlValues;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T>;
  /** Every statement this connection sends, for metrics and for the tests that count them. */
  onStatement(listener: StatementListener): () => void;
  close(): Promise<void>;
}

/** How values cross into and out of a dialect's columns, for statements run on any connection. */
export function sqlValues(dialect: Dialect): SqlValues {
  return dialect === 'sqlite' ? SQLITE_VALUES : POSTGRES_VALUES;
}

export function openSqlConnection(database: DatabaseConfig, logger: Logger): SqlConnection {
  return database.dialect === 'sqlite'
    ? new SqliteConnection(database.url, logger)
    : new PostgresConnection(database.url);
}

/** Transactions committed together at most: a group's members wait for its one commit. */
const MAX_GROUP = 32;
/**
 * A group takes no further member once it has run this long. Its members run back to back on the thread
 * that answers requests, which reads nothing new meanwhile: 32 decides in a row held it for 30 ms, twice
 * that beside busy job threads. The members left over start the next group after the event loop's turn.
 */
const GROUP_BUDGET_MS = 4;

interface PendingTransaction {
  work: (tx: SqlTx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Another writer's lock is waited out in steps of this, up to BUSY_PATIENCE_MS in all. */
const BUSY_STEP_MS = 2;
const BUSY_PATIENCE_MS = 10_000;

class Listeners {
  private readonly listeners = new Set<StatementListener>();

  add(listener: StatementListener) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(sql: string, params: readonly unknown[]) {
    for (const listener of this.listeners) listener(sql, params);
  }
}

const SQLITE_VALUES: SqlValues = {
  date: (value) => value.getTime(),
  bool: (value) => (value ? 1 : 0),
  json: (value) => JSON.stringify(value),
  readDate: (value) => new Date(Number(value)),
  readBool: (value) => value === 1 || value === true,
  readJson: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
  readNumber: (value) => Number(value),
};

class SqliteConnection implements SqlConnection {
  readonly dialect = 'sqlite' as const;
  readonly values = SQLITE_VALUES;
  private readonly db: Database.Database;
  private readonly listeners = new Listeners();
  private readonly pending: PendingTransaction[] = [];
  private committing = false;
  private readonly checkpointer: WalCheckpointer;
  private readonly writeLock: SqliteWriteLock;

  constructor(file: string, logger: Logger) {
    if (file === ':memory:' || file === '') {
      // A second connection to an in-memory database would open another, empty database.
      throw new Error('the embedded database must be a file: an in-memory SQLite cannot be shared');
    }
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    // Never wait inside the driver: a busy wait would hold the event loop (see beginWhenFree).
    this.db.pragma('busy_timeout = 0');
    // The log is checkpointed on a thread of its own, never by a commit that answers a request.
    this.db.pragma('wal_autocheckpoint = 0');
    cacheStatements(this.db);
    this.checkpointer = new WalCheckpointer(file, logger);
    this.writeLock = sqliteWriteLock(file);
  }

  private readonly tx: SqlTx = {
    rows: (sql, params) => {
      this.listeners.emit(sql, params);
      return this.db.prepare(sql).all(...params) as Row[];
    },
    run: (sql, params) => {
      this.listeners.emit(sql, params);
      return this.db.prepare(sql).run(...params).changes;
    },
  };

  /**
   * Transactions that arrive while another commits are grouped: one BEGIN, each in a savepoint of its
   * own (a failure rolls back that one alone), one COMMIT, and only then is each answered. A commit writes
   * every page it dirtied to the log; the decides of a group dirty mostly the same index pages, so a
   * group of twenty costs the log little more than one.
   */
  transaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve, reject } as PendingTransaction);
      // After the requests this turn of the event loop reads have all asked: they commit together.
      if (!this.committing && this.pending.length === 1) setImmediate(() => void this.commitGroups());
    });
  }

  private async commitGroups() {
    if (this.committing) return;
    this.committing = true;
    try {
      while (this.pending.length > 0) {
        await this.commitGroup();
        // Requests and timers due meanwhile run before the next group.
        if (this.pending.length > 0) await new Promise((next) => setImmediate(next));
      }
    } finally {
      this.committing = false;
    }
  }

  private async commitGroup() {
    // The process's write lock first: this thread answers requests, so job threads give way to it.
    await this.writeLock.acquire();
    try {
      await this.commitLocked();
    } finally {
      this.writeLock.release();
    }
  }

  /** The pending transactions, from the first, until the group is full or has used its time. */
  private async commitLocked() {
    try {
      await this.beginWhenFree();
    } catch (error) {
      for (const pending of this.pending.splice(0, MAX_GROUP)) pending.reject(error);
      return;
    }
    const group: PendingTransaction[] = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    const started = performance.now();
    while (
      this.pending.length > 0 &&
      group.length < MAX_GROUP &&
      (group.length === 0 || performance.now() - started < GROUP_BUDGET_MS)
    ) {
      const pending = this.pending.shift() as PendingTransaction;
      group.push(pending);
      this.db.prepare('SAVEPOINT member').run();
      try {
        outcomes.push({ ok: true, value: await pending.work(this.tx) });
      } catch (error) {
        this.db.prepare('ROLLBACK TO member').run();
        outcomes.push({ ok: false, error });
      }
      this.db.prepare('RELEASE member').run();
    }
    try {
      this.db.prepare('COMMIT').run();
    } catch (error) {
      if (this.db.inTransaction) this.db.prepare('ROLLBACK').run();
      for (const pending of group) pending.reject(error);
      return;
    }
    group.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }

  private async beginWhenFree() {
    const deadline = Date.now() + BUSY_PATIENCE_MS;
    for (;;) {
      try {
        this.db.prepare('BEGIN IMMEDIATE').run();
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, BUSY_STEP_MS));
      }
    }
  }

  onStatement(listener: StatementListener) {
    return this.listeners.add(listener);
  }

  async close() {
    while (this.committing) await new Promise((resolve) => setTimeout(resolve, 1));
    this.db.close();
    await this.checkpointer.stop();
  }
}

const INT8_OID = 20;

const POSTGRES_VALUES: SqlValues = {
  date: (value) => value,
  bool: (value) => value,
  json: (value) => JSON.stringify(value),
  readDate: (value) => (value instanceof Date ? value : new Date(String(value))),
  readBool: (value) => value === true,
  readJson: (value) => value as never,
  readNumber: (value) => Number(value),
};

class PostgresConnection implements SqlConnection {
  readonly dialect = 'postgresql' as const;
  readonly values = POSTGRES_VALUES;
  private readonly pool: pg.Pool;
  private readonly texts = new Map<string, { name: string; text: string }>();
  private readonly listeners = new Listeners();

  constructor(url: string) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: 10,
      // Amounts are bigint minor units, always below 2^53: numbers, as MikroORM reads them too.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
  }

  /** `?` placeholders become `$n`; each text is prepared once per connection under a stable name. */
  private prepared(sql: string) {
    let prepared = this.texts.get(sql);
    if (!prepared) {
      let index = 0;
      const text = sql.replace(/\?/g, () => `$${++index}`);
      prepared = { name: `sw_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text };
      this.texts.set(sql, prepared);
    }
    return prepared;
  }

  async transaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const query = (sql: string, params: readonly unknown[]) => {
      this.listeners.emit(sql, params);
      return client.query({ ...this.prepared(sql), values: params as unknown[] });
    };
    try {
      await client.query('BEGIN');
      const result = await work({
        rows: async (sql, params) => (await query(sql, params)).rows,
        run: async (sql, params) => (await query(sql, params)).rowCount ?? 0,
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  onStatement(listener: StatementListener) {
    return this.listeners.add(listener);
  }

  async close() {
    await this.pool.end();
  }
}

/**
 * The statements of this module run inside a MikroORM transaction (for the few writes that share a
 * transaction with the ORM's: a referral approved by a person, a limit cut), bound through `Sql`.
 */
export function ormSqlTx(em: EntityManager): { tx: SqlTx; sql: Pick<SqlConnection, 'dialect' | 'values'> } {
  if (!em.getTransactionContext())
    throw new Error('ormSqlTx needs a transaction: call it inside em.transactional');
  const dialect: Dialect = isPostgres(em) ? 'postgresql' : 'sqlite';
  const bound = Sql.of(em);
  return {
    sql: { dialect, values: sqlValues(dialect) },
    tx: { rows: (sql, params) => bound.all(sql, params), run: (sql, params) => bound.run(sql, params) },
  };
}
