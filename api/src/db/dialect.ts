import type { EntityManager } from '@mikro-orm/core';

/** For the few statements SQLite and PostgreSQL spell differently (locks, case-insensitive search). */
export const isPostgres = (em: EntityManager) => em.getPlatform().constructor.name.startsWith('PostgreSql');
