import {
  AbstractSqlDriver,
  BetterSqliteConnection,
  BetterSqlitePlatform,
  type Knex,
  type LoggingOptions,
  type QueryResult,
  type Transaction,
} from '@mikro-orm/better-sqlite';
import type { AnyEntity, Configuration, EntityData } from '@mikro-orm/core';

/** SQLite refuses a statement with more host parameters than this (SQLITE_MAX_VARIABLE_NUMBER). */
const SQLITE_MAX_PARAMETERS = 32_766;

/**
 * MikroORM 6 inlines every value into the SQL text (`AbstractSqlConnection.execute` formats the query with
 * `platform.formatQuery` and runs `knex.raw(formatted)` without bindings; mikro-orm/mikro-orm#6827, #8001).
 * On SQLite that breaks on any string holding a NUL byte: SQLite's tokenizer stops at the NUL, so the
 * statement fails to prepare and the caller sees an internal error. This connection hands knex the
 * statement and its values apart, and better-sqlite3 binds them: the same placeholders (`?`, `??`, `\?`) and
 * the same value conversions (dates to epoch milliseconds, booleans to 0/1) as the inlined text had.
 */
export class BoundParameterSqliteConnection extends BetterSqliteConnection {
  override async execute<
    T extends QueryResult | EntityData<AnyEntity> | EntityData<AnyEntity>[] = EntityData<AnyEntity>[],
  >(
    queryOrKnex: string | Knex.QueryBuilder | Knex.Raw,
    params: unknown[] = [],
    method: 'all' | 'get' | 'run' = 'all',
    ctx?: Transaction,
    loggerContext?: LoggingOptions,
  ): Promise<T> {
    let sql: string;
    let values = params;
    let transaction = ctx;
    if (typeof queryOrKnex === 'string') {
      sql = queryOrKnex;
    } else {
      // As MikroORM does: a builder made inside a transaction runs in it.
      if (!transaction && (queryOrKnex as { client: { transacting?: boolean } }).client.transacting) {
        transaction = queryOrKnex as unknown as Transaction;
      }
      const compiled = queryOrKnex.toSQL();
      sql = compiled.sql;
      values = (compiled.bindings ?? []) as unknown[];
    }
    const bindings = bindable(values);
    if (!bindings) return super.execute(sql, values, method, transaction, loggerContext);
    await this.ensureConnection();
    sql = this.config.get('onQuery')(sql, values);
    // The log line reads as before: values inlined only when the logger asks for query parameters.
    const logged = this.config.getLogger().isEnabled('query-params', loggerContext)
      ? this.platform.formatQuery(sql, values)
      : sql;
    return this.executeQuery<T>(
      logged,
      async () => {
        const query = this.getKnex().raw(sql, bindings);
        if (transaction) query.transacting(transaction);
        return this.transformRawResult<T>(await query, method);
      },
      { query: sql, params: values, ...loggerContext },
    );
  }
}

/**
 * The values as better-sqlite3 binds them, or null to leave the statement to MikroORM's own (inlining)
 * path: nothing to bind, more values than SQLite takes, or a value inlining expands (an array into a list).
 * Inlining writes `undefined` as NULL; knex refuses it as a binding.
 */
function bindable(values: unknown[]): Knex.RawBinding[] | null {
  if (values.length === 0 || values.length > SQLITE_MAX_PARAMETERS) return null;
  let bindings: Knex.RawBinding[] | null = null;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value === 'object' && value !== null && !(value instanceof Date) && !Buffer.isBuffer(value)) {
      return null;
    }
    if (value === undefined) {
      bindings ??= values.slice() as Knex.RawBinding[];
      bindings[index] = null;
    }
  }
  return bindings ?? (values as Knex.RawBinding[]);
}

/** BetterSqliteDriver with its connection binding values instead of inlining them. */
export class BoundParameterSqliteDriver extends AbstractSqlDriver<BoundParameterSqliteConnection> {
  constructor(config: Configuration) {
    super(config, new BetterSqlitePlatform(), BoundParameterSqliteConnection, ['knex', 'better-sqlite3']);
  }
}
