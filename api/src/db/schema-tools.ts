import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import type { DatabaseConfig } from '../core/config.js';

/** Creates a throwaway PostgreSQL database next to the one `adminUrl` names; tests and tools drop it after. */
export async function createScratchPostgres(adminUrl: string, prefix = 'spillway_scratch') {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const { PostgreSqlDriver } = await import('@mikro-orm/postgresql');
  const admin = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: adminUrl,
    entities: [],
    discovery: { warnWhenNoEntities: false },
  });
  await admin.em.getConnection().execute(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database: DatabaseConfig = { dialect: 'postgresql', url: url.toString() };
  return {
    database,
    async drop() {
      await admin.em
        .getConnection()
        .execute(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`,
        );
      await admin.em.getConnection().execute(`drop database if exists "${name}"`);
      await admin.close(true);
    },
  };
}
