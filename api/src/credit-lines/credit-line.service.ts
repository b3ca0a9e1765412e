import type { EntityManager } from '@mikro-orm/core';
import { clampLimitCut, isOverflow } from '@spillway/rules';
import type { Borrower } from '../borrowers/borrower.entity.js';
import { DomainError, notFound } from '../core/errors.js';
import { parseMoney } from '../core/money.js';
import type { Viewer } from '../core/viewer.js';
import { type Row, Sql } from '../db/sql.js';
import { validateFacts } from '../policies/request-facts.js';
import type { Product } from '../products/product.entity.js';
import { CreditLine, CreditLineStatus } from './credit-line.entity.js';
import { LimitChange } from './limit-change.entity.js';

export interface LimitGrant {
  borrower: Borrower;
  product: Product;
  limitMinor: number;
  aprBps: number | null;
  affordableLimitMinor: number | null;
  reason: string;
  decisionId?: string;
  alertId?: string;
  approvedBy?: string;
}

/** What overflow and limit cuts read and change of a line: an entity, or a job's plain row. */
export type LineLimits = Pick<
  CreditLine,
  'status' | 'limitMinor' | 'drawnBalanceMinor' | 'affordableLimitMinor' | 'overflow'
>;

/** A line of another product, as a job reads it: enough to refresh overflow, and to write it back guarded. */
export interface OtherLine extends LineLimits {
  id: string;
  /** As read: a write back must find it unchanged. */
  updatedAt: unknown;
}

/** A limit cut to record as a LimitChange. */
export interface LimitCut {
  fromMinor: number;
  toMinor: number;
  reason: string;
  alertId: string;
  approvedBy: string;
}

/** The only writer of limits: every change of a line's limit leaves a LimitChange behind it. */
export class CreditLineService {
  async activeLines(em: EntityManager, borrower: Borrower): Promise<CreditLine[]> {
    return em.find(CreditLine, { borrower, status: CreditLineStatus.ACTIVE });
  }

  /**
   * Each borrower's active lines of other products than `productId`: the rest of their limits with us.
   * Plain rows in one statement per batch of borrowers, for a job that reviews hundreds of lines at once.
   */
  async otherProductLines(
    em: EntityManager,
    borrowerIds: string[],
    productId: string,
  ): Promise<Map<string, OtherLine[]>> {
    const byBorrower = new Map<string, OtherLine[]>();
    const sql = Sql.of(em);
    for (let start = 0; start < borrowerIds.length; start += 1000) {
      const batch = borrowerIds.slice(start, start + 1000);
      const rows = await sql.all(
        'select id, borrower_id, status, limit_minor, drawn_balance_minor, affordable_limit_minor, overflow, updated_at ' +
          `from credit_line where borrower_id in (${Sql.placeholders(batch.length)}) and product_id <> ? and status = ?`,
        [...batch, productId, CreditLineStatus.ACTIVE],
      );
      for (const row of rows) {
        const line = lineLimitsOf(row);
        const borrowerId = row.borrower_id as string;
        byBorrower.set(borrowerId, [...(byBorrower.get(borrowerId) ?? []), line]);
      }
    }
    return byBorrower;
  }

  applyLimit(em: EntityManager, lines: CreditLine[], grant: LimitGrant): CreditLine {
    let line = lines.find((candidate) => candidate.product.id === grant.product.id);
    const fromMinor = line ? line.limitMinor : null;
    if (!line) {
      line = em.create(CreditLine, {
        borrower: grant.borrower,
        product: grant.product,
        limitMinor: grant.limitMinor,
        aprBps: grant.aprBps ?? 0,
      });
    }
    line.limitMinor = grant.limitMinor;
    if (grant.aprBps !== null) line.aprBps = grant.aprBps;
    line.affordableLimitMinor = grant.affordableLimitMinor;
    refreshOverflow(lines.includes(line) ? lines : [...lines, line]);
    em.create(LimitChange, {
      creditLine: line,
      fromMinor,
      toMinor: grant.limitMinor,
      reason: grant.reason,
      decisionId: grant.decisionId ?? null,
      alertId: grant.alertId ?? null,
      approvedBy: grant.approvedBy ?? null,
    });
    return line;
  }

  /**
   * Lowers a line's limit after monitoring, clamped as capacity.ts's clampLimitCut says (never below the
   * drawn balance). `lines` are the borrower's active lines, this one among them.
   */
  cutLimit(
    em: EntityManager,
    line: CreditLine,
    lines: CreditLine[],
    cut: { toMinor: number; reason: string; alertId: string; approvedBy: string },
  ): LimitChange | null {
    const change = limitCut(line, lines, cut);
    return change && em.create(LimitChange, { creditLine: line, ...change });
  }

  /**
   * What the servicing system knows of a line now. The facts replace the previous snapshot whole: a fact
   * no longer reported must not linger into the next review.
   */
  async recordBehaviour(
    em: EntityManager,
    _viewer: Viewer,
    input: { creditLineId: string; drawnBalance: string; facts: Record<string, unknown>; asOf: Date },
  ): Promise<CreditLine> {
    const line = await em.findOne(
      CreditLine,
      { id: input.creditLineId },
      { populate: ['product', 'borrower'] },
    );
    if (!line) throw notFound('Credit line', input.creditLineId);
    const drawnBalanceMinor = parseMoney(input.drawnBalance, 'input.drawnBalance');
    if (drawnBalanceMinor < 0) {
      throw new DomainError('BAD_USER_INPUT', 'input.drawnBalance must not be negative', {
        field: 'input.drawnBalance',
      });
    }
    line.behaviour = validateFacts(input.facts);
    line.behaviourAsOf = input.asOf;
    line.drawnBalanceMinor = drawnBalanceMinor;
    await em.flush();
    return line;
  }
}

/** A credit_line row's limits, as plain rows read them (id, status, limit_minor, ... updated_at). */
export function lineLimitsOf(row: Row): OtherLine {
  return {
    id: row.id as string,
    status: row.status as CreditLineStatus,
    limitMinor: Number(row.limit_minor),
    drawnBalanceMinor: Number(row.drawn_balance_minor),
    affordableLimitMinor: Sql.number(row.affordable_limit_minor),
    overflow: Boolean(row.overflow),
    updatedAt: row.updated_at,
  };
}

/**
 * A cut of a line's limit, clamped as capacity.ts's clampLimitCut says (never below the drawn balance): lowers
 * the limit, refreshes the borrower's overflow and returns the change to record, or null when the clamped cut
 * would not lower the limit. `lines` are the borrower's active lines, this one among them.
 */
export function limitCut(
  line: LineLimits,
  lines: LineLimits[],
  cut: { toMinor: number; reason: string; alertId: string; approvedBy: string },
): LimitCut | null {
  const clamped = clampLimitCut(cut.toMinor, line.drawnBalanceMinor, line.limitMinor);
  if (!clamped) return null;
  const change = { ...cut, fromMinor: line.limitMinor, toMinor: clamped.limit };
  line.limitMinor = clamped.limit;
  refreshOverflow(lines);
  return change;
}

/**
 * A borrower's overflow is theirs, not one line's: every active line is flagged when the limits of all of
 * them together exceed the affordable limit recorded on it (capacity.ts, isOverflow).
 */
export function refreshOverflow(lines: LineLimits[]) {
  const active = lines.filter((line) => line.status === CreditLineStatus.ACTIVE);
  const totalMinor = active.reduce((sum, line) => sum + line.limitMinor, 0);
  for (const line of active) line.overflow = isOverflow(totalMinor, line.affordableLimitMinor);
}
