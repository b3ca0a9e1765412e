import { isMainThread, threadId } from 'node:worker_threads';
import type { MikroORM } from '@mikro-orm/core';
import type { DatabaseConfig } from '../core/config.js';

const OWNER = 0;
const MAIN_WAITING = 1;
const SINCE = 2;
/** 1 while worker threads checkpoint the file, so the others' commits need not. */
const THREADS_CHECKPOINT = 3;
/** SQLite's default: a commit that leaves the log this many pages long checkpoints it. */
const AUTOCHECKPOINT_PAGES = 1000;
/** A job thread checkpoints after a transaction at most this often. */
const CHECKPOINT_EVERY_MS = 250;
/** A holder this long is a thread that died holding the lock (no transaction of ours lasts seconds). */
const STALE_SECONDS = 10;
/** How often a waiter looks again without being woken (a holder that died, the main thread done). */
const RECHECK_MS = 50;

const me = threadId + 1;
const nowSeconds = () => Math.floor(Date.now() / 1000) % 2 ** 30;

type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeout: number,
) => { async: boolean; value: Promise<unknown> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/**
 * One writer at a time among the threads of a process that share an SQLite file, with the thread that
 * answers requests first. SQLite allows one writer; left to itself a waiting writer sleeps in its busy
 * handler, blocking its thread, and a busy job thread that writes back to back can keep winning, or make
 * a transaction that read first fail with SQLITE_BUSY. Behind this lock, held for a write statement or a
 * whole transaction, the main thread waits without blocking its event loop, for at most the job
 * transaction in progress, and job threads only take the lock when the main thread is not waiting.
 * The lock's state lives in a SharedArrayBuffer handed to each worker thread.
 */
export class SqliteWriteLock {
  private readonly state: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(16)) {
    this.state = new Int32Array(buffer);
  }

  async acquire(): Promise<void> {
    const state = this.state;
    if (isMainThread) Atomics.add(state, MAIN_WAITING, 1);
    try {
      for (;;) {
        const mayTake = isMainThread || Atomics.load(state, MAIN_WAITING) === 0;
        if (mayTake && Atomics.compareExchange(state, OWNER, 0, me) === 0) {
          Atomics.store(state, SINCE, nowSeconds());
          return;
        }
        const owner = Atomics.load(state, OWNER);
        if (owner !== 0 && nowSeconds() - Atomics.load(state, SINCE) > STALE_SECONDS) {
          Atomics.compareExchange(state, OWNER, owner, 0);
          continue;
        }
        const waited = waitAsync(state, OWNER, owner, RECHECK_MS);
        if (waited.async) await waited.value;
      }
    } finally {
      if (isMainThread) Atomics.sub(state, MAIN_WAITING, 1);
    }
  }

  release() {
    if (Atomics.compareExchange(this.state, OWNER, me, 0) === me) Atomics.notify(this.state, OWNER);
  }

  /** Whether worker threads checkpoint the file (set by the thread that starts them). */
  get threadsCheckpoint(): boolean {
    return Atomics.load(this.state, THREADS_CHECKPOINT) === 1;
  }

  set threadsCheckpoint(on: boolean) {
    Atomics.store(this.state, THREADS_CHECKPOINT, on ? 1 : 0);
  }

  /** Frees the lock a thread that ended held. */
  releaseFor(endedThreadId: number) {
    if (Atomics.compareExchange(this.state, OWNER, endedThreadId + 1, 0) === endedThreadId + 1) {
      Atomics.notify(this.state, OWNER);
    }
  }
}

const locks = new Map<string, SqliteWriteLock>();

/** The process's lock for an SQLite file; a worker thread adopts its parent's by passing its buffer. */
export function sqliteWriteLock(file: string, buffer?: SharedArrayBuffer): SqliteWriteLock {
  let lock = locks.get(file);
  if (!lock) {
    lock = new SqliteWriteLock(buffer);
    locks.set(file, lock);
  }
  return lock;
}

interface BetterSqliteConnection {
  inTransaction: boolean;
  prepare(sql: string): { reader: boolean };
  pragma(statement: string): unknown;
}

/** Whether a statement outside a transaction only reads: a select, or what SQLite says of the rest. */
const reads = (connection: BetterSqliteConnection, sql: string) =>
  /^\s*select\b/i.test(sql) || (!/^\s*begin\b/i.test(sql) && connection.prepare(sql).reader);

interface QueryClient {
  _query(connection: BetterSqliteConnection, query: { sql: string }): Promise<unknown>;
}

/**
 * Routes the ORM's writes on an SQLite file through the process's write lock: a transaction holds it from
 * BEGIN until it ends, a write outside one for its statement; reads take nothing (WAL readers never wait).
 * An in-memory database has one connection and needs none. The knex client's class is extended rather
 * than its instance patched: knex builds each transaction's client from the class.
 *
 * Checkpoints: SQLite copies its write-ahead log back into the database (fsync included) in whichever
 * commit leaves the log AUTOCHECKPOINT_PAGES long, inside that writer's lock. A job's large commits would
 * make a decide's small commit pay for them. So while worker threads run (`checkpoints` is theirs), no
 * connection checkpoints in a commit: the threads checkpoint after their transactions, at most every
 * CHECKPOINT_EVERY_MS, outside the lock (`checkpointSqlite` on a timer covers the rest).
 */
export function guardSqliteWrites(orm: MikroORM, database: DatabaseConfig, { checkpoints = false } = {}) {
  if (database.dialect !== 'sqlite' || database.url === ':memory:') return;
  const lock = sqliteWriteLock(database.url);
  const autocheckpoint = new WeakMap<BetterSqliteConnection, boolean>();
  let checkpointed = 0;
  const client = (orm.em.getConnection() as unknown as { getKnex(): { client: QueryClient } }).getKnex()
    .client;
  const Client = client.constructor as new (...args: unknown[]) => QueryClient;
  class GuardedClient extends Client {
    override async _query(connection: BetterSqliteConnection, statement: { sql: string }) {
      const run = () => super._query(connection, statement);
      const inTransaction = connection.inTransaction;
      if (!inTransaction) {
        if (reads(connection, statement.sql)) return run();
        const wanted = !checkpoints && !lock.threadsCheckpoint;
        if (autocheckpoint.get(connection) !== wanted) {
          connection.pragma(`wal_autocheckpoint = ${wanted ? AUTOCHECKPOINT_PAGES : 0}`);
          autocheckpoint.set(connection, wanted);
        }
        await lock.acquire();
      }
      try {
        return await run();
      } finally {
        // A transaction keeps the lock from BEGIN until it ends, however it ends.
        if (!connection.inTransaction) {
          lock.release();
          if (checkpoints && inTransaction && Date.now() - checkpointed >= CHECKPOINT_EVERY_MS) {
            connection.pragma('wal_checkpoint(PASSIVE)');
            checkpointed = Date.now();
          }
        }
      }
    }
  }
  Object.setPrototypeOf(client, GuardedClient.prototype);
}

/**
 * Copies what no reader still needs from the write-ahead log into the database; never makes a writer wait.
 * Job threads run it on a timer, so the log stays short however the writes come.
 */
export async function checkpointSqlite(orm: MikroORM) {
  await (orm.em.getConnection() as unknown as { getKnex(): { raw(sql: string): Promise<unknown> } })
    .getKnex()
    .raw('pragma wal_checkpoint(PASSIVE)');
}
