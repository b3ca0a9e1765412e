import 'reflect-metadata';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { DatabaseConfig, Dialect } from '../core/config.js';
import { StartupError } from '../core/startup-error.js';
import { BoundParameterSqliteDriver } from '../db/sqlite-driver.js';
import { cacheStatements } from '../db/sqlite-statement-cache.js';
import { guardSqliteWrites } from '../db/sqlite-write-lock.js';
import { entities } from './entities.js';
import { migrationsFor } from './migrations.js';

export function ormOptions(database: DatabaseConfig): Options {
  const common = {
    entities,
    extensions: [Migrator],
    allowGlobalContext: false,
    debug: false,
    migrations: {
      migrationsList: migrationsFor(database.dialect),
      path: migrationsDirectory(database.dialect),
      emit: 'ts' as const,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
  };
  if (database.dialect === 'sqlite') {
    return {
      ...common,
      // Binds values instead of inlining them into the SQL text (see db/sqlite-driver.ts).
      driver: BoundParameterSqliteDriver,
      dbName: database.url,
      pool: {
        // WAL with NORMAL sync: a commit no longer waits for an fsync of the whole journal, which bounds
        // decide throughput on the embedded database; a crash can lose only the last commits, never corrupt.
        afterCreate: (
          connection: { pragma(statement: string): unknown; prepare(sql: string): unknown },
          done: (error: Error | null) => void,
        ) => {
          connection.pragma('journal_mode = WAL');
          connection.pragma('synchronous = NORMAL');
          connection.pragma('busy_timeout = 5000');
          cacheStatements(connection);
          done(null);
        },
      },
    };
  }
  return { ...common, driver: PostgreSqlDriver, clientUrl: database.url, pool: { min: 0, max: 10 } };
}

export function migrationsDirectory(dialect: Dialect) {
  return new URL(`../../migrations/${dialect}`, import.meta.url).pathname.replace('/dist/', '/');
}

/** Connects and names the cause in words an operator can act on when it cannot. */
export async function connect(database: DatabaseConfig): Promise<MikroORM> {
  let orm: MikroORM;
  try {
    orm = await MikroORM.init(ormOptions(database));
  } catch (error) {
    throw describeConnectionError(database, error);
  }
  if (!(await orm.isConnected())) {
    const check = await orm.checkConnection();
    await orm.close(true);
    throw describeConnectionError(database, new Error(check.ok ? 'not connected' : check.reason));
  }
  // Worker threads write the same file: the thread that answers requests must not wait on them blindly.
  guardSqliteWrites(orm, database);
  return orm;
}

function describeConnectionError(database: DatabaseConfig, error: unknown): StartupError {
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (database.dialect === 'sqlite') {
    return new StartupError(
      'DATABASE_UNREACHABLE',
      `cannot open the SQLite database ${database.url} (${detail})`,
      'check that its directory exists and is writable, or set DATABASE_URL',
    );
  }
  const safeUrl = database.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return new StartupError(
    'DATABASE_UNREACHABLE',
    `cannot connect to PostgreSQL at ${safeUrl} (${detail})`,
    'start PostgreSQL, create the database, or correct DATABASE_URL',
  );
}
