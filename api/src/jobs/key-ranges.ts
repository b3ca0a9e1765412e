import type { EntityManager } from '@mikro-orm/core';
import { Sql } from '../db/sql.js';
import type { ChunkRange } from './job-kind.js';

export interface KeyedRows {
  /** The table, with an alias if `where` uses one (`decision d`). */
  table: string;
  /** A column that orders the rows and identifies each (a line number, an id). */
  key: string;
  /**
   * For rows a single column does not order (decisions by time, then id): the columns, in order, and how a
   * row's values make the key a chunk records. `key` is then ignored.
   */
  composite?: { columns: string[]; keyOf(values: unknown[]): unknown };
  /** Which rows, with `?` for each of `params`. */
  where: string;
  params: unknown[];
}

/**
 * Cuts the rows into ranges of `size` consecutive keys in one pass of the key order: the database numbers
 * the rows and hands back only the first and last key of each range, so a million rows cost a thousand
 * small rows, not a million. The last range is open-ended: rows added while the job runs are not lost.
 */
export async function planKeyRanges(em: EntityManager, rows: KeyedRows, size: number): Promise<ChunkRange[]> {
  const sql = Sql.of(em);
  const [{ n }] = await sql.all<{ n: unknown }>(
    `select count(*) as n from ${rows.table} where ${rows.where}`,
    rows.params,
  );
  const total = Number(n);
  if (total === 0) return [];
  const columns = rows.composite?.columns ?? [rows.key];
  const keyOf = rows.composite?.keyOf ?? (([key]: unknown[]) => key);
  const selected = columns.map((column, index) => `${column} as k${index}`).join(', ');
  const bounds = await sql.all<Record<string, unknown> & { rn: unknown }>(
    `select * from (select ${selected}, row_number() over (order by ${columns.join(', ')}) as rn from ${rows.table} where ${rows.where}) numbered ` +
      'where (rn - 1) % ? = 0 or rn % ? = 0 or rn = ? order by rn',
    [...rows.params, size, size, total],
  );
  const ranges: ChunkRange[] = [];
  let first: { key: unknown; rn: number } | null = null;
  for (const bound of bounds) {
    const rn = Number(bound.rn);
    const key = () => keyOf(columns.map((_, index) => bound[`k${index}`]));
    if ((rn - 1) % size === 0) first = { key: key(), rn };
    if (first && (rn % size === 0 || rn === total)) {
      ranges.push({
        firstKey: first.key,
        lastKey: rn === total ? null : key(),
        itemCount: rn - first.rn + 1,
      });
      first = null;
    }
  }
  return ranges;
}

/** The condition that selects a chunk's rows by their key, with its parameters. */
export function inKeyRange(key: string, chunk: ChunkRange): { sql: string; params: unknown[] } {
  return chunk.lastKey === null
    ? { sql: `${key} >= ?`, params: [chunk.firstKey] }
    : { sql: `${key} >= ? and ${key} <= ?`, params: [chunk.firstKey, chunk.lastKey] };
}
