import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { DatabaseConfig, Dialect } from '../../src/core/config.js';
import { createScratchPostgres } from '../../src/db/schema-tools.js';

export const PG_ADMIN_URL = process.env.PG_TEST_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

let pgReachable: Promise<boolean> | undefined;

async function probePostgres(): Promise<boolean> {
  try {
    const orm = await MikroORM.init({
      driver: PostgreSqlDriver,
      clientUrl: PG_ADMIN_URL,
      entities: [],
      discovery: { warnWhenNoEntities: false },
    });
    const connected = await orm.isConnected();
    await orm.close(true);
    return connected;
  } catch {
    return false;
  }
}

/**
 * SQLite always; PostgreSQL when reachable. Under CI=true an unreachable PostgreSQL is a failure,
 * never a silent skip, so a broken CI machine cannot pass with half the suite.
 */
export async function testDialects(): Promise<Dialect[]> {
  pgReachable ??= probePostgres();
  if (await pgReachable) return ['sqlite', 'postgresql'];
  if (process.env.CI === 'true') {
    throw new Error(`PostgreSQL is not reachable at ${PG_ADMIN_URL} and CI=true: start it (see STACK.md)`);
  }
  console.warn(`PostgreSQL is not reachable at ${PG_ADMIN_URL}: running the SQLite half of the suite only`);
  return ['sqlite'];
}

export interface ScratchDatabase {
  database: DatabaseConfig;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a SQLite file in a temporary directory (a file, as in
 * production: the decide path and worker threads open connections of their own to it) or a new
 * PostgreSQL database.
 */
export async function scratchDatabase(dialect: Dialect): Promise<ScratchDatabase> {
  if (dialect === 'sqlite') {
    const directory = mkdtempSync(join(tmpdir(), 'spillway-sqlite-'));
    return {
      database: { dialect, url: join(directory, 'test.sqlite') },
      drop: async () => rmSync(directory, { recursive: true, force: true }),
    };
  }
  return createScratchPostgres(PG_ADMIN_URL, 'spillway_test');
}
