import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { migrationsDirectory, ormOptions } from './app/orm.js';
import { printApiSchema, SCHEMA_FILE } from './app/schema-sdl.js';
import { type DatabaseConfig, type Dialect, loadConfig } from './core/config.js';
import { StartupError } from './core/startup-error.js';
import { createScratchPostgres } from './db/schema-tools.js';

const USAGE = `usage: spillway <command>
  migrate                         apply pending migrations to DATABASE_URL (the embedded SQLite file by default)
  migration:create <dialect>      write the migration that brings <dialect> (sqlite | postgresql) to the entities'
                                  schema; postgresql needs PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres)
  schema:write                    print the GraphQL schema into api/schema.graphql (commit it with the code)
  replay --cases <f> --mapping <m> [--candidate <version id | policy file>] [--expected]
  replay --decisions [--candidate <version id>]
                                  decide historical cases or recorded decisions again; prints a summary, writes
                                  a JSON report, exits 1 on a regression or mismatch (--help for every option)
  import-taiwan                   import the Taiwan credit-default data (SPILLWAY_TAIWAN_CSV) as the demo case set
                                  "Taiwan credit default (UCI 350)", once; run it after the first start`;

async function migrate() {
  const config = loadConfig();
  const orm = await MikroORM.init(ormOptions(config.database));
  const applied = await orm.getMigrator().up();
  console.log(`applied ${applied.length} migration(s) to ${config.database.dialect}`);
  await orm.close(true);
}

/** Diffs a scratch database migrated to the current head against the entities, and writes the difference. */
async function createMigration(dialect: Dialect) {
  let database: DatabaseConfig;
  let cleanup = async () => {};
  if (dialect === 'sqlite') {
    database = { dialect, url: ':memory:' };
  } else {
    const scratch = await createScratchPostgres(
      process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      'spillway_migration',
    );
    database = scratch.database;
    cleanup = scratch.drop;
  }
  const orm = await MikroORM.init(ormOptions(database));
  try {
    const migrator = orm.getMigrator();
    await migrator.up();
    const result = await migrator.createMigration(migrationsDirectory(dialect));
    if (!result.fileName) {
      console.log(`${dialect}: schema is up to date, no migration written`);
      return;
    }
    console.log(`${dialect}: wrote migrations/${dialect}/${result.fileName}`);
    writeMigrationIndex(dialect);
  } finally {
    await orm.close(true);
    await cleanup();
  }
}

function writeMigrationIndex(dialect: Dialect) {
  const directory = migrationsDirectory(dialect);
  const names = readdirSync(directory)
    .filter((file) => /^Migration\d+.*\.ts$/.test(file))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
  const label = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const source = [
    `// The migrations applied on ${label}, in order. \`npm run migration:create -w @spillway/api\` appends here.`,
    ...names.map((name) => `import { ${name} } from './${name}.js';`),
    '',
    `export const migrations = [${names.map((name) => `\n  { name: '${name}', class: ${name} },`).join('')}\n];`,
    '',
  ].join('\n');
  writeFileSync(join(directory, 'index.ts'), source);
}

async function writeSchema() {
  writeFileSync(SCHEMA_FILE, await printApiSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}

/** Through the app's own services, so the import is exactly what an upload would do. */
async function importTaiwan() {
  const { createApp } = await import('./app/app.js');
  const { importTaiwanCaseSet } = await import('./demo/demo-case-set.js');
  const { createLogger } = await import('./core/logger.js');
  const config = loadConfig();
  const spillway = await createApp(config, createLogger('warn'));
  try {
    const started = performance.now();
    const result = await importTaiwanCaseSet(
      spillway.services.orm.em.fork(),
      spillway.services.caseSets,
      config,
    );
    console.log(
      result
        ? `imported ${result.importedRows} cases (${result.caseSet.defaultCount} defaults) in ${((performance.now() - started) / 1000).toFixed(1)} s`
        : 'the Taiwan case set is already imported',
    );
  } finally {
    await spillway.close();
  }
}

async function replay(argv: string[]) {
  const { parseReplayArgs, REPLAY_USAGE, ReplayInputError, runReplay } = await import(
    './cli/replay.command.js'
  );
  if (argv.includes('--help')) {
    console.log(REPLAY_USAGE);
    return;
  }
  let options: ReturnType<typeof parseReplayArgs>;
  try {
    options = parseReplayArgs(argv);
  } catch (error) {
    console.error(`replay: ${(error as Error).message}\n\n${REPLAY_USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { createApp } = await import('./app/app.js');
  const { DomainError } = await import('./core/errors.js');
  const { createLogger } = await import('./core/logger.js');
  const spillway = await createApp(loadConfig(), createLogger('warn'));
  try {
    process.exitCode = await runReplay(spillway, options, (line) => console.log(line));
  } catch (error) {
    if (!(error instanceof ReplayInputError || error instanceof DomainError)) throw error;
    const details = error instanceof ReplayInputError ? error.details : [];
    console.error(
      [`replay: ${error.code}: ${error.message}`, ...details.map((line) => `  ${line}`)].join('\n'),
    );
    process.exitCode = 2;
  } finally {
    await spillway.close();
  }
}

async function main(argv: string[]) {
  const [command, argument] = argv;
  if (command === 'replay') return replay(argv.slice(1));
  if (command === 'migrate') return migrate();
  if (command === 'schema:write') return writeSchema();
  if (command === 'import-taiwan') return importTaiwan();
  if (command === 'migration:create' && (argument === 'sqlite' || argument === 'postgresql')) {
    return createMigration(argument);
  }
  console.error(USAGE);
  process.exitCode = 2;
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof StartupError ? error.toLine() : error);
  process.exitCode = 1;
});
