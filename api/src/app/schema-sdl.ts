import 'reflect-metadata';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildApiSchema } from './schema.js';

/** The committed copy that clients and reviewers read; the suite fails when it drifts from the code. */
export const SCHEMA_FILE = new URL('../../schema.graphql', import.meta.url).pathname.replace('/dist/', '/');

export const SCHEMA_UPDATE_COMMAND = 'npm run schema:write -w @spillway/api';

/** Sorted, so that the file's diff shows what changed rather than the order resolvers were listed in. */
export async function printApiSchema() {
  return `${printSchema(lexicographicSortSchema(await buildApiSchema()))}\n`;
}
