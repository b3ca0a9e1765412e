import type { EntityManager } from '@mikro-orm/core';
import type { Borrower } from '../borrowers/borrower.entity.js';
import { DomainError, notFound } from '../core/errors.js';
import { parseMoney } from '../core/money.js';
import type { Viewer } from '../core/viewer.js';
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

/** The only writer of limits: every change of a line's limit leaves a LimitChange behind it. */
export class CreditLineService {
  async activeLines(em: EntityManager, borrower: Borrower): Promise<CreditLine[]> {
    return em.find(CreditLine, { borrower, status: CreditLineStatus.ACTIVE });
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
    line.overflow = grant.affordableLimitMinor !== null && grant.limitMinor > grant.affordableLimitMinor;
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
   * Lowers a line's limit after monitoring. Never below the drawn balance: a limit under what is already
   * owed would put the borrower over limit by the lender's own act.
   */
  cutLimit(
    em: EntityManager,
    line: CreditLine,
    cut: { toMinor: number; reason: string; alertId: string; approvedBy: string },
  ): LimitChange | null {
    const toMinor = Math.max(cut.toMinor, line.drawnBalanceMinor);
    if (toMinor >= line.limitMinor) return null;
    const change = em.create(LimitChange, {
      creditLine: line,
      fromMinor: line.limitMinor,
      toMinor,
      reason: cut.reason,
      alertId: cut.alertId,
      approvedBy: cut.approvedBy,
    });
    line.limitMinor = toMinor;
    line.overflow =
      line.affordableLimitMinor !== null &&
      line.affordableLimitMinor !== undefined &&
      toMinor > line.affordableLimitMinor;
    return change;
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
