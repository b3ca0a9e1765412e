import type { MigrationObject } from '@mikro-orm/core';
import { migrations as postgresql } from '../../migrations/postgresql/index.js';
import { migrations as sqlite } from '../../migrations/sqlite/index.js';
import type { Dialect } from '../core/config.js';

/**
 * Migrations are listed explicitly rather than found by glob: the same list works from the compiled
 * output and under vitest, and an ESM build never meets MikroORM's CommonJS loader.
 */
export function migrationsFor(dialect: Dialect): MigrationObject[] {
  return dialect === 'sqlite' ? sqlite : postgresql;
}
