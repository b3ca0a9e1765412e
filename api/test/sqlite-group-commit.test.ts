/**
 * Guards the grouped commits of the decide path's SQLite connection against holding the thread that answers
 * requests: concurrent transactions commit in groups, but a group stops taking members once it has run a
 * few milliseconds, and the event loop gets its turn before the next group. Every transaction still commits
 * exactly once, and a failing one rolls back alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger.js';
import { openSqlConnection, type SqlConnection } from '../src/db/sql-connection.js';

const TRANSACTIONS = 40;
/** Longer than a group's budget in all, whatever the machine: each member keeps the thread this long. */
const WORK_MS = 1;

describe('grouped SQLite commits', () => {
  let dir: string;
  let connection: SqlConnection;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spillway-group-commit-'));
    connection = openSqlConnection(
      { dialect: 'sqlite', url: join(dir, 'db.sqlite') },
      createLogger('silent'),
    );
    await connection.transaction(async (tx) => tx.run('create table item (n integer primary key)', []));
  });
  afterEach(async () => {
    await connection.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const busyInsert = (n: number) =>
    connection.transaction(async (tx) => {
      const until = performance.now() + WORK_MS;
      while (performance.now() < until) {
        // a member's own work (a decide evaluates its policies here) keeps the thread
      }
      if (n === 7) throw new Error('member 7 fails');
      return tx.run('insert into item (n) values (?)', [n]);
    });

  it('lets the event loop turn between groups, and commits every transaction but the failing one', async () => {
    let settled = 0;
    const all = Array.from({ length: TRANSACTIONS }, (_, n) =>
      busyInsert(n).then(
        (changed) => {
          settled++;
          return changed;
        },
        (error: Error) => {
          settled++;
          return error.message;
        },
      ),
    );
    const settledWhenTheLoopTurned = await new Promise<number>((turned) =>
      setImmediate(() => turned(settled)),
    );
    const results = await Promise.all(all);

    expect(settledWhenTheLoopTurned).toBeGreaterThan(0);
    expect(settledWhenTheLoopTurned).toBeLessThan(TRANSACTIONS);
    expect(results).toEqual(Array.from({ length: TRANSACTIONS }, (_, n) => (n === 7 ? 'member 7 fails' : 1)));
    const rows = await connection.transaction(async (tx) => tx.rows('select n from item order by n', []));
    expect(rows.map((row) => row.n)).toEqual(
      Array.from({ length: TRANSACTIONS }, (_, n) => n).filter((n) => n !== 7),
    );
  });
});
