import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.PG_TEST_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Under CI=true PostgreSQL must be there: a missing service fails the run instead of skipping tests. */
export async function requirePostgresUnlessLocal(): Promise<boolean> {
  if (await postgresReachable()) return true;
  if (process.env.CI === 'true')
    throw new Error(`PostgreSQL is not reachable at ${PG_ADMIN_URL} and CI=true`);
  console.warn(`PostgreSQL is not reachable at ${PG_ADMIN_URL}: skipping the PostgreSQL half`);
  return false;
}

export async function createDatabase(prefix = 'spillway_e2e') {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
      await admin.query(`drop database if exists "${name}"`);
      await admin.end();
    },
  };
}
