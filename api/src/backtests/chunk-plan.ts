/**
 * How a replay's recorded decisions are cut into chunks and read back, as plain rows: key ranges of
 * CHUNK_SIZE decisions by (decidedAt, id), planned in one pass of that order (jobs/key-ranges.ts), and the
 * condition that reads one chunk's decisions. (A backtest's case lines are cut the same way by line.)
 */
import type { FilterQuery } from '@mikro-orm/core';
import { Sql } from '../db/sql.js';
import type { Decision } from '../decisions/decision.entity.js';
import { decisionWhere } from '../decisions/decision.service.js';
import type { DecisionFilter } from '../decisions/decision-filter.input.js';
import type { ChunkRange } from '../jobs/job-kind.js';
import type { KeyedRows } from '../jobs/key-ranges.js';

/** Cases per chunk: a worker's unit of work, of commit and of retry. */
export const CHUNK_SIZE = 1000;

/** The decisions a replay covers: those the filter selects that were decided before it started. */
export function replayWhere(filter: DecisionFilter, startedAt: Date): FilterQuery<Decision> {
  return { $and: [decisionWhere(filter), { createdAt: { $lte: startedAt } }] };
}

/**
 * replayWhere as SQL over `decision d`, for the chunk path's plain rows: the same filter, term by term
 * (api/test/backtests.test.ts replays with filters on both dialects).
 */
export function replaySql(filter: DecisionFilter, startedAt: Date): { sql: string; params: unknown[] } {
  const terms = ['d.created_at <= ?'];
  const params: unknown[] = [startedAt];
  const term = (sql: string, value: unknown) => {
    terms.push(sql);
    params.push(value);
  };
  if (filter.outcome) term('d.outcome = ?', filter.outcome);
  if (filter.referralStatus) term('d.referral_status = ?', filter.referralStatus);
  if (filter.borrowerId) term('d.borrower_id = ?', filter.borrowerId);
  if (filter.productKey) term('d.product_id in (select id from product where "key" = ?)', filter.productKey);
  if (filter.overflow !== undefined && filter.overflow !== null) term('d.overflow = ?', filter.overflow);
  if (filter.from) term('d.decided_at >= ?', filter.from);
  if (filter.to) term('d.decided_at < ?', filter.to);
  return { sql: terms.join(' and '), params };
}

/** A decision's key: [decidedAt ISO, id], the order replays read in. */
export type DecisionKey = [string, string];

/** A replay's decisions as rows to cut into key ranges by (decidedAt, id). */
export function replayRows(filter: DecisionFilter, startedAt: Date): KeyedRows {
  const where = replaySql(filter, startedAt);
  return {
    table: 'decision d',
    key: 'd.id',
    composite: {
      columns: ['d.decided_at', 'd.id'],
      keyOf: ([decidedAt, id]): DecisionKey => [(Sql.date(decidedAt) as Date).toISOString(), String(id)],
    },
    where: where.sql,
    params: where.params,
  };
}

/** The condition that selects a chunk's decisions by their keys; the last chunk has no upper key. */
export function inDecisionKeyRange(chunk: ChunkRange): { sql: string; params: unknown[] } {
  const [fromAt, fromId] = chunk.firstKey as DecisionKey;
  const lower = '(d.decided_at > ? or (d.decided_at = ? and d.id >= ?))';
  const lowerParams = [new Date(fromAt), new Date(fromAt), fromId];
  if (chunk.lastKey === null) return { sql: lower, params: lowerParams };
  const [toAt, toId] = chunk.lastKey as DecisionKey;
  return {
    sql: `${lower} and (d.decided_at < ? or (d.decided_at = ? and d.id <= ?))`,
    params: [...lowerParams, new Date(toAt), new Date(toAt), toId],
  };
}
