import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printApiSchema, SCHEMA_FILE, SCHEMA_UPDATE_COMMAND } from '../src/app/schema-sdl.js';

describe('committed GraphQL schema', () => {
  it('is what the code builds', async () => {
    const printed = await printApiSchema();
    const committed = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : '';
    expect(
      committed,
      `api/schema.graphql differs from the schema the code builds: run \`${SCHEMA_UPDATE_COMMAND}\` and commit the file`,
    ).toBe(printed);
  });
});
