/**
 * How a replay's recorded decisions are cut into chunks: key ranges of CHUNK_SIZE decisions by (decidedAt,
 * id), planned by paging through the keys, and the query that reads one chunk's decisions back. (A
 * backtest's case lines are cut by jobs/key-ranges.ts in one pass.)
 */
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { Decision } from '../decisions/decision.entity.js';
import { decisionWhere } from '../decisions/decision.service.js';
import type { DecisionFilter } from '../decisions/decision-filter.input.js';
import type { ChunkRange } from '../jobs/job-kind.js';

/** Cases per chunk: a worker's unit of work, of commit and of retry. */
export const CHUNK_SIZE = 1000;

/** The decisions a replay covers: those the filter selects that were decided before it started. */
export function replayWhere(filter: DecisionFilter, startedAt: Date): FilterQuery<Decision> {
  return { $and: [decisionWhere(filter), { createdAt: { $lte: startedAt } }] };
}

/** Reads keys in pages of CHUNK_SIZE: each page is one chunk, so planning holds one page at a time. */
export async function planChunks(page: (after: unknown) => Promise<unknown[]>): Promise<ChunkRange[]> {
  const chunks: ChunkRange[] = [];
  let after: unknown = null;
  for (;;) {
    const keys = await page(after);
    if (keys.length === 0) return chunks;
    chunks.push({ firstKey: keys[0], lastKey: keys[keys.length - 1], itemCount: keys.length });
    after = keys[keys.length - 1];
    if (keys.length < CHUNK_SIZE) return chunks;
  }
}

/** A decision's key: [decidedAt ISO, id], the order replays read in. */
export type DecisionKey = [string, string];

export function decisionKeyRange(first: DecisionKey, last: DecisionKey): FilterQuery<Decision> {
  const [fromAt, fromId] = first;
  const [toAt, toId] = last;
  return {
    $and: [
      {
        $or: [
          { decidedAt: { $gt: new Date(fromAt) } },
          { decidedAt: new Date(fromAt), id: { $gte: fromId } },
        ],
      },
      { $or: [{ decidedAt: { $lt: new Date(toAt) } }, { decidedAt: new Date(toAt), id: { $lte: toId } }] },
    ],
  };
}

export async function decisionKeys(
  em: EntityManager,
  where: FilterQuery<Decision>,
  after: unknown,
): Promise<DecisionKey[]> {
  const keyset: FilterQuery<Decision> =
    after === null
      ? {}
      : {
          $or: [
            { decidedAt: { $gt: new Date((after as DecisionKey)[0]) } },
            { decidedAt: new Date((after as DecisionKey)[0]), id: { $gt: (after as DecisionKey)[1] } },
          ],
        };
  const rows = await em
    .fork()
    .find(
      Decision,
      { $and: [where, keyset] },
      { fields: ['id', 'decidedAt'], orderBy: { decidedAt: 'asc', id: 'asc' }, limit: CHUNK_SIZE },
    );
  return rows.map((row) => [row.decidedAt.toISOString(), row.id]);
}
