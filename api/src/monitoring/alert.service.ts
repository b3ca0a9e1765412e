import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { AuditService } from '../audit/audit.service.js';
import { DomainError, notFound } from '../core/errors.js';
import type { Viewer } from '../core/viewer.js';
import { CreditLine, CreditLineStatus } from '../credit-lines/credit-line.entity.js';
import type { CreditLineService } from '../credit-lines/credit-line.service.js';
import { cutReleases, publishedExposure, releaseRoom } from '../exposure/exposure-release.js';
import { type BulkResult, eachOf } from '../graphql/bulk.js';
import { type PageArgs, pageWindow, toConnection } from '../graphql/connection.js';
import { DEFAULT_PRODUCT_KEY } from '../products/product.entity.js';
import { Alert, type AlertSeverity, AlertStatus, CutStatus, OPEN_ALERT_STATUSES } from './alert.entity.js';

export interface AlertFilter {
  severity?: AlertSeverity | null;
  indicator?: string | null;
  status?: AlertStatus | null;
  cutStatus?: CutStatus | null;
  productKey?: string | null;
  creditLineId?: string | null;
  borrowerId?: string | null;
}

const ALERT_POPULATE = ['creditLine', 'borrower', 'product'] as const;

/** What people do with alerts: acknowledge, approve the cut one proposes, dismiss. Each is audited. */
export class AlertService {
  constructor(
    private readonly creditLines: CreditLineService,
    private readonly audit: AuditService,
  ) {}

  async get(em: EntityManager, id: string): Promise<Alert> {
    const alert = await em.findOne(Alert, { id }, { populate: ALERT_POPULATE });
    if (!alert) throw notFound('Alert', id);
    return alert;
  }

  async list(em: EntityManager, filter: AlertFilter | null | undefined, page: PageArgs) {
    const criteria = filter ?? {};
    const where: FilterQuery<Alert> = {};
    if (criteria.severity) where.severity = criteria.severity;
    if (criteria.indicator) where.indicator = criteria.indicator;
    if (criteria.status) where.status = criteria.status;
    if (criteria.cutStatus) where.cutStatus = criteria.cutStatus;
    if (criteria.productKey) where.product = { key: criteria.productKey };
    if (criteria.creditLineId) where.creditLine = criteria.creditLineId;
    if (criteria.borrowerId) where.borrower = criteria.borrowerId;
    const { offset, limit } = pageWindow(page);
    const [nodes, total] = await em.findAndCount(Alert, where, {
      populate: ALERT_POPULATE,
      orderBy: { createdAt: 'desc', id: 'desc' },
      offset,
      limit,
    });
    return toConnection(nodes, total, offset);
  }

  /** Lines whose limit is above what the borrower can repay, the largest overflow first. */
  async overflowCustomers(em: EntityManager, productKey: string | null | undefined, page: PageArgs) {
    const { offset, limit } = pageWindow(page);
    const [nodes, total] = await em.findAndCount(
      CreditLine,
      {
        product: { key: productKey ?? DEFAULT_PRODUCT_KEY },
        status: CreditLineStatus.ACTIVE,
        overflow: true,
      },
      { populate: ['borrower', 'product'], orderBy: { limitMinor: 'desc', id: 'asc' }, offset, limit },
    );
    return toConnection(nodes, total, offset);
  }

  async acknowledge(em: EntityManager, viewer: Viewer, id: string, note?: string | null) {
    return this.act(
      em,
      viewer,
      id,
      'acknowledge',
      [AlertStatus.OPEN],
      async (alert) => {
        alert.status = AlertStatus.ACKNOWLEDGED;
      },
      note,
    );
  }

  /** Applies the cut an alert holds for approval, clamped again to the balance drawn by now. */
  async approve(em: EntityManager, viewer: Viewer, id: string, note?: string | null) {
    return this.act(
      em,
      viewer,
      id,
      'approve',
      OPEN_ALERT_STATUSES,
      async (alert, tx) => {
        if (alert.cutStatus !== CutStatus.PENDING_APPROVAL) {
          throw new DomainError(
            'CONFLICT',
            `Alert ${id} holds no cut awaiting approval (cut ${alert.cutStatus})`,
            {
              field: 'id',
              reason: 'NO_PENDING_CUT',
            },
          );
        }
        const line = await tx.findOneOrFail(
          CreditLine,
          { id: alert.creditLine.id },
          { populate: ['borrower'] },
        );
        const borrowerLines = await this.creditLines.activeLines(tx, line.borrower);
        const change = this.creditLines.cutLimit(tx, line, borrowerLines, {
          toMinor: alert.proposedLimitMinor as number,
          reason: `Monitoring: ${alert.reason}`,
          alertId: alert.id,
          approvedBy: viewer.label,
        });
        if (change) {
          const cut = {
            at: new Date(),
            cutFen: (change.fromMinor ?? 0) - change.toMinor,
            facts: alert.facts,
          };
          const productId = line.product.id;
          await releaseRoom(tx, productId, cutReleases(await publishedExposure(tx, productId), [cut]));
        }
        alert.cutStatus = CutStatus.APPLIED;
        alert.status = AlertStatus.APPROVED;
      },
      note,
    );
  }

  async dismiss(em: EntityManager, viewer: Viewer, id: string, note?: string | null) {
    return this.act(
      em,
      viewer,
      id,
      'dismiss',
      OPEN_ALERT_STATUSES,
      async (alert) => {
        if (alert.cutStatus === CutStatus.PENDING_APPROVAL) alert.cutStatus = CutStatus.REJECTED;
        alert.status = AlertStatus.DISMISSED;
      },
      note,
    );
  }

  /** One action on several alerts, each in its own transaction and audited alone, as if acted on one by one. */
  async actOnEach(
    em: EntityManager,
    viewer: Viewer,
    action: 'acknowledge' | 'approve' | 'dismiss',
    ids: string[],
    note?: string | null,
  ): Promise<BulkResult<Alert>> {
    return eachOf(ids, (id) => this[action](em, viewer, id, note));
  }

  private async act(
    em: EntityManager,
    viewer: Viewer,
    id: string,
    action: string,
    from: AlertStatus[],
    change: (alert: Alert, tx: EntityManager) => Promise<void>,
    note?: string | null,
  ): Promise<Alert> {
    await em.fork().transactional(async (tx) => {
      const alert = await tx.findOne(Alert, { id });
      if (!alert) throw notFound('Alert', id);
      if (!from.includes(alert.status)) {
        throw new DomainError('CONFLICT', `Alert ${id} is ${alert.status}: it cannot be ${action}d`, {
          field: 'id',
          status: alert.status,
        });
      }
      const before = { status: alert.status, cutStatus: alert.cutStatus };
      await change(alert, tx);
      Object.assign(alert, { actedBy: viewer.label, actedAt: new Date(), note: note?.trim() || null });
      await this.audit.record(tx, viewer, {
        action: `alert.${action}`,
        entityType: 'Alert',
        entityId: id,
        summary: { before, after: { status: alert.status, cutStatus: alert.cutStatus }, note: alert.note },
      });
    });
    return this.get(em.fork(), id);
  }
}
