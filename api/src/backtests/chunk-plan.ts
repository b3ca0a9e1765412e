/**
 * How a job's cases are cut into chunks: key ranges of CHUNK_SIZE cases, planned by paging through the
 * keys, and the queries that read one chunk's cases back. Shared by the service that plans a job and the
 * runner that runs its chunks.
 */
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { Case } from '../case-sets/case.entity.js';
import { Decision } from '../decisions/decision.entity.js';
import { decisionWhere } from '../decisions/decision.service.js';
import type { DecisionFilter } from '../decisions/decision-filter.input.js';

/** Cases per chunk: a worker's unit of work, of commit and of retry. */
export const CHUNK_SIZE = 1000;

export interface PlannedChunk {
  firstKey: unknown;
  lastKey: unknown;
  caseCount: number;
}

/** The decisions a replay covers: those the filter selects that were decided before it started. */
export function replayWhere(filter: DecisionFilter, startedAt: Date): FilterQuery<Decision> {
  return { $and: [decisionWhere(filter), { createdAt: { $lte: startedAt } }] };
}

/** Reads keys in pages of CHUNK_SIZE: each page is one chunk, so planning holds one page at a time. */
export async function planChunks(page: (after: unknown) => Promise<unknown[]>): Promise<PlannedChunk[]> {
  const chunks: PlannedChunk[] = [];
  let after: unknown = null;
  for (;;) {
    const keys = await page(after);
    if (keys.length === 0) return chunks;
    chunks.push({ firstKey: keys[0], lastKey: keys[keys.length - 1], caseCount: keys.length });
    after = keys[keys.length - 1];
    if (keys.length < CHUNK_SIZE) return chunks;
  }
}

export async function caseKeys(em: EntityManager, caseSetId: string, after: unknown): Promise<number[]> {
  const rows = await em
    .fork()
    .find(
      Case,
      { caseSet: caseSetId, ...(after === null ? {} : { line: { $gt: after as number } }) },
      { fields: ['line'], orderBy: { line: 'asc' }, limit: CHUNK_SIZE },
    );
  return rows.map((row) => row.line);
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
