/** Statements kept per connection; past it the least recently used is dropped (and finalized by V8). */
const STATEMENTS_KEPT = 512;

interface PreparingConnection<Statement> {
  prepare(sql: string): Statement;
}

/**
 * Keeps a better-sqlite3 connection's prepared statements by text, for the ORM's connections and decide's
 * own. knex prepares every statement it runs anew (dialects/better-sqlite3 `_query`), and job chunks send
 * the same few texts thousands of times: preparing was a tenth of a portfolio review's CPU. Statements
 * are bound with fresh values on every run, and knex touches no other state of a statement unless asked
 * for safe integers, which Spillway never is. Texts with values inlined (the ORM's fallback) come and go
 * through the same bounded cache.
 */
export function cacheStatements<Statement>(connection: PreparingConnection<Statement>) {
  const prepare = connection.prepare.bind(connection);
  const kept = new Map<string, Statement>();
  connection.prepare = (sql: string) => {
    let statement = kept.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value as string);
    } else {
      kept.delete(sql);
    }
    kept.set(sql, statement);
    return statement;
  };
}
