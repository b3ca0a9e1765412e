import type { EntityManager } from '@mikro-orm/core';
import { isPostgres } from './dialect.js';

/** A column written by `Sql.update`, with the type PostgreSQL needs to read a bound value in VALUES. */
export interface TypedColumn {
  name: string;
  type: 'uuid' | 'text' | 'integer' | 'bigint' | 'boolean' | 'jsonb' | 'timestamptz';
}

export type Row = Record<string, unknown>;

interface RawQuery extends PromiseLike<unknown> {
  transacting(transaction: unknown): RawQuery;
}

interface SqliteStatement {
  all(values: unknown[]): unknown[];
  run(values: unknown[]): { changes: number };
}

interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/** knex, or a knex transaction: its client hands out the pooled connection, or the transaction's own. */
interface KnexClientOf<Connection> {
  client: {
    acquireConnection(): Promise<Connection>;
    releaseConnection(connection: Connection): unknown;
  };
}

interface Knex extends KnexClientOf<SqliteConnection> {
  raw(sql: string, bindings: readonly unknown[]): RawQuery;
}

/** A value as better-sqlite3 binds it, converted as knex's better-sqlite3 dialect does (`_formatBindings`). */
const sqliteValue = (value: unknown) =>
  value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : value;

/** SQLite's default limit of bound parameters in one statement is 32,766; PostgreSQL's is 65,535. */
const MAX_PARAMETERS = 30_000;

const quote = (identifier: string) => `"${identifier}"`;

/**
 * Plain rows in and out of the database with bound parameters, for the paths where the ORM's entities cost
 * more than the work (the rows of jobs). Every value travels as a parameter, so the text of a statement is
 * the same for every call: SQLite and PostgreSQL prepare it once and nothing a user wrote reaches the SQL.
 * Runs inside the transaction of the EntityManager it was made from, when there is one.
 *
 * Reading back: SQLite returns booleans as 0/1, dates as milliseconds and JSON as text; PostgreSQL returns
 * booleans, timestamps as text, parsed JSON and bigints as strings. `bool`, `date`, `readJson` and `number` read both.
 */
export class Sql {
  private constructor(
    private readonly knex: Knex,
    readonly postgres: boolean,
    private readonly transaction: KnexClientOf<SqliteConnection> | undefined,
  ) {}

  static of(em: EntityManager): Sql {
    const connection = em.getConnection() as unknown as { getKnex(): Knex };
    return new Sql(connection.getKnex(), isPostgres(em), em.getTransactionContext());
  }

  private query(sql: string, params: readonly unknown[]) {
    const query = this.knex.raw(sql, params);
    return this.transaction ? query.transacting(this.transaction) : query;
  }

  /**
   * On SQLite, a statement runs on the connection's prepared statements directly (the transaction's
   * connection, or one from the pool). knex's raw path scans the text for each `?` and copies every value (a
   * job chunk's insert binds thousands): a tenth of a portfolio review's CPU.
   */
  private async onSqlite<T>(sql: string, use: (statement: SqliteStatement) => T): Promise<T> {
    if (this.transaction) return use((await this.transaction.client.acquireConnection()).prepare(sql));
    const { client } = this.knex;
    const connection = await client.acquireConnection();
    try {
      return use(connection.prepare(sql));
    } finally {
      client.releaseConnection(connection);
    }
  }

  async all<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    if (!this.postgres)
      return this.onSqlite(sql, (statement) => statement.all(params.map(sqliteValue)) as T[]);
    return ((await this.query(sql, params)) as { rows: T[] }).rows;
  }

  /** Runs a write; returns the rows it changed. */
  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    if (!this.postgres)
      return this.onSqlite(sql, (statement) => statement.run(params.map(sqliteValue)).changes);
    return ((await this.query(sql, params)) as { rowCount: number | null }).rowCount ?? 0;
  }

  /** Inserts rows (values in the order of `columns`) in multi-row statements. */
  async insert(table: string, columns: string[], rows: unknown[][]): Promise<void> {
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    for (let start = 0; start < rows.length; start += perStatement) {
      const batch = rows.slice(start, start + perStatement);
      await this.run(
        `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${batch.map(() => tuple).join(', ')}`,
        batch.flat(),
      );
    }
  }

  /**
   * Updates many rows in one statement per batch. Each row holds the values of `keys`, then the new values
   * of `set`; a row is written only where every key column still holds its value, so a key may also guard
   * (an `updated_at` as read). Returns how many rows were written.
   */
  async update(table: string, keys: TypedColumn[], set: TypedColumn[], rows: unknown[][]): Promise<number> {
    const columns = [...keys, ...set];
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    const tuple = `(${columns.map((column) => (this.postgres ? `?::${column.type}` : '?')).join(', ')})`;
    const names = columns.map((_column, index) => quote(`v${index}`)).join(', ');
    const assignments = set
      .map((column, index) => `${quote(column.name)} = v.${quote(`v${keys.length + index}`)}`)
      .join(', ');
    const matches = keys
      .map((column, index) => `${quote(table)}.${quote(column.name)} = v.${quote(`v${index}`)}`)
      .join(' and ');
    let written = 0;
    for (let start = 0; start < rows.length; start += perStatement) {
      const batch = rows.slice(start, start + perStatement);
      written += await this.run(
        `with v (${names}) as (values ${batch.map(() => tuple).join(', ')}) ` +
          `update ${quote(table)} set ${assignments} from v where ${matches}`,
        batch.flat(),
      );
    }
    return written;
  }

  /**
   * A column in a condition SQLite's planner must not pick an index for (its unary plus; PostgreSQL plans by
   * statistics and needs no hint): a chunk's key range is its selective term, not its product or status.
   */
  unindexed(column: string): string {
    return this.postgres ? column : `+${column}`;
  }

  /** A list of `?` for `in (...)`. */
  static placeholders(count: number): string {
    return Array.from({ length: count }, () => '?').join(', ');
  }

  static json(value: unknown): string | null {
    return value === null || value === undefined ? null : JSON.stringify(value);
  }

  /** A JSON column's value: SQLite hands back its text (or a number, by the column's affinity). */
  readJson<T = Record<string, unknown>>(value: unknown): T {
    return (!this.postgres && typeof value === 'string' ? JSON.parse(value) : value) as T;
  }

  static bool(value: unknown): boolean | null {
    return value === null || value === undefined ? null : Boolean(value);
  }

  static number(value: unknown): number | null {
    return value === null || value === undefined ? null : Number(value);
  }

  static date(value: unknown): Date | null {
    if (value === null || value === undefined) return null;
    if (value instanceof Date) return value;
    // SQLite: milliseconds; PostgreSQL, through the ORM's connection: the timestamp's text
    return typeof value === 'number' || /^\d+$/.test(String(value))
      ? new Date(Number(value))
      : new Date(String(value));
  }
}
