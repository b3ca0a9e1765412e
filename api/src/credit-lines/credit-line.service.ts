import type { EntityManager } from '@mikro-orm/core';
import type { Borrower } from '../borrowers/borrower.entity.js';
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
}
