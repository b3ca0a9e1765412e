import { MikroORM } from '@mikro-orm/core';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFor } from '../src/app/migrations.js';
import { ormOptions } from '../src/app/orm.js';
import { scratchDatabase, testDialects } from './support/databases.js';

const dialects = await testDialects();

describe.each(dialects)('migrations on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('bring an empty database to exactly the entities schema, with nothing pending', async () => {
    const scratch = await scratchDatabase(dialect);
    cleanups.push(scratch.drop);
    const orm = await MikroORM.init(ormOptions(scratch.database));
    cleanups.push(() => orm.close(true));

    const applied = await orm.getMigrator().up();
    expect(applied.map((migration) => migration.name)).toEqual(migrationsFor(dialect).map((m) => m.name));
    expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
    const drift = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(drift.trim()).toBe('');
  });
});
