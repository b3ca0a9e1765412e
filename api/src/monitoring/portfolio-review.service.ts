import { randomUUID } from 'node:crypto';
import { type EntityManager, type MikroORM, UniqueConstraintViolationException } from '@mikro-orm/core';
import { type CompiledPolicy, clampLimitCut, evaluatePolicy, type MonitoringOutcome } from '@spillway/rules';
import type { AuditService } from '../audit/audit.service.js';
import type { Borrower } from '../borrowers/borrower.entity.js';
import { DomainError, notFound } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { cnyToMinor, minorToCny } from '../core/money.js';
import type { Viewer } from '../core/viewer.js';
import { CreditLine, CreditLineStatus } from '../credit-lines/credit-line.entity.js';
import { type CreditLineService, refreshOverflow } from '../credit-lines/credit-line.service.js';
import { type PageArgs, pageWindow, toConnection } from '../graphql/connection.js';
import { PolicyKind } from '../policies/policy-kind.js';
import type { PublishedPolicies } from '../policies/published-policies.js';
import type { Product } from '../products/product.entity.js';
import type { ProductService } from '../products/product.service.js';
import { Alert, AlertSeverity, CutStatus, OPEN_ALERT_STATUSES } from './alert.entity.js';
import { Notification, NotificationChannel, NotificationStatus } from './notification.entity.js';
import { PortfolioReview, ReviewStatus, ReviewTrigger } from './portfolio-review.entity.js';

/** A review stopped for a reason its reader can act on. */
class ReviewError extends Error {}

/** Lines per transaction: a chunk's alerts, cuts, reminders and progress commit together. */
export const REVIEW_CHUNK = 500;

export interface ReviewOptions {
  /** Cuts up to this much (fen) apply at once; larger ones wait for an APPROVER. */
  autoCutMaxMinor: number;
  /** A RUNNING review whose heartbeat is older than this died with its process. */
  leaseMs: number;
}

type Counters = Pick<
  PortfolioReview,
  | 'linesReviewed'
  | 'linesFlagged'
  | 'alertsCreated'
  | 'alertsDeduplicated'
  | 'cutsApplied'
  | 'cutsPendingApproval'
  | 'notificationsQueued'
>;

const SEVERITY_RANK: Record<string, number> = { HIGH: 3, MEDIUM: 2, LOW: 1 };

/**
 * Portfolio reviews: the published MONITORING policy over every active line of a product, in chunks. Hits
 * become alerts (one open alert per line and indicator), proposed cuts are clamped to the drawn balance and
 * applied or held for approval, and reminders go to the outbox, all in the chunk's transaction.
 */
export class PortfolioReviewService {
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly products: ProductService,
    private readonly published: PublishedPolicies,
    private readonly creditLines: CreditLineService,
    private readonly audit: AuditService,
    private readonly logger: Logger,
    private readonly options: ReviewOptions,
  ) {}

  /** Starts a review and returns it RUNNING; it goes on in this process. */
  async start(
    em: EntityManager,
    actor: Viewer | string,
    productKey: string,
    trigger = ReviewTrigger.MANUAL,
  ): Promise<PortfolioReview> {
    const product = await this.products.get(em, productKey);
    const monitoring = (await this.published.current(product.id)).get(PolicyKind.MONITORING);
    if (!monitoring) {
      throw new DomainError('CONFLICT', `Product ${product.key} has no published MONITORING policy`, {
        field: 'productKey',
      });
    }
    const now = new Date();
    await em.nativeUpdate(
      PortfolioReview,
      {
        product,
        status: ReviewStatus.RUNNING,
        heartbeatAt: { $lt: new Date(now.getTime() - this.options.leaseMs) },
      },
      { status: ReviewStatus.FAILED, error: 'interrupted: the process running it stopped', finishedAt: now },
    );
    const label = typeof actor === 'string' ? actor : actor.label;
    let review: PortfolioReview;
    try {
      review = await em.fork().transactional(async (tx) => {
        const created = tx.create(PortfolioReview, {
          product,
          status: ReviewStatus.RUNNING,
          trigger,
          startedBy: label,
          policyVersionId: monitoring.versionId,
          revision: monitoring.revision,
          asOf: now,
          heartbeatAt: now,
          linesTotal: await tx.count(CreditLine, { product, status: CreditLineStatus.ACTIVE }),
        });
        await tx.flush();
        await this.audit.record(tx, actor, {
          action: 'portfolioReview.start',
          entityType: 'PortfolioReview',
          entityId: created.id,
          summary: { productKey: product.key, trigger, revision: created.revision },
        });
        return created;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new DomainError('CONFLICT', `A review of product ${product.key} is already running`, {
          field: 'productKey',
          reason: 'REVIEW_RUNNING',
        });
      }
      throw error;
    }
    const run = this.run(review.id, product, monitoring.compiled).finally(() =>
      this.running.delete(review.id),
    );
    this.running.set(review.id, run);
    return this.get(em, review.id);
  }

  /** Resolves when every review this process runs has finished: for tests. */
  async idle() {
    await Promise.all(this.running.values());
  }

  /** A review in progress stops after its current chunk and is marked FAILED: run it again after restart. */
  async stop() {
    this.stopping = true;
    await this.idle();
  }

  async get(em: EntityManager, id: string): Promise<PortfolioReview> {
    const review = await em.findOne(PortfolioReview, { id }, { populate: ['product'], refresh: true });
    if (!review) throw notFound('Portfolio review', id);
    return review;
  }

  async list(em: EntityManager, productKey: string | null | undefined, page: PageArgs) {
    const { offset, limit } = pageWindow(page);
    const [nodes, total] = await em.findAndCount(
      PortfolioReview,
      productKey ? { product: { key: productKey } } : {},
      { populate: ['product'], orderBy: { createdAt: 'desc', id: 'desc' }, offset, limit },
    );
    return toConnection(nodes, total, offset);
  }

  private async run(reviewId: string, product: Product, policy: CompiledPolicy) {
    const started = performance.now();
    let after: string | null = null;
    try {
      for (;;) {
        if (this.stopping) throw new ReviewError('the server stopped during the review: start it again');
        const em = this.orm.em.fork();
        const lines: CreditLine[] = await em.find(
          CreditLine,
          {
            product: product.id,
            status: CreditLineStatus.ACTIVE,
            ...(after === null ? {} : { id: { $gt: after } }),
          },
          { populate: ['borrower'], orderBy: { id: 'asc' }, limit: REVIEW_CHUNK },
        );
        if (lines.length === 0) break;
        await this.reviewChunk(em, reviewId, policy, lines);
        after = lines[lines.length - 1].id;
      }
      await this.orm.em.fork().nativeUpdate(
        PortfolioReview,
        { id: reviewId },
        {
          status: ReviewStatus.COMPLETED,
          finishedAt: new Date(),
          durationMs: Math.round(performance.now() - started),
        },
      );
    } catch (error) {
      this.logger.error({ err: error, reviewId }, 'portfolio review failed');
      await this.orm.em.fork().nativeUpdate(
        PortfolioReview,
        { id: reviewId },
        {
          status: ReviewStatus.FAILED,
          // What a line's data did wrong is the reader's business; anything else stays in the log.
          error:
            error instanceof ReviewError
              ? error.message
              : `internal error: see the server log for review ${reviewId}`,
          finishedAt: new Date(),
          durationMs: Math.round(performance.now() - started),
        },
      );
    }
  }

  private async reviewChunk(
    em: EntityManager,
    reviewId: string,
    policy: CompiledPolicy,
    lines: CreditLine[],
  ) {
    await em.transactional(async (tx) => {
      const review = await tx.findOneOrFail(PortfolioReview, { id: reviewId });
      const asOf = review.asOf.toISOString();
      const open = new Set(
        (
          await tx.find(
            Alert,
            { creditLine: { $in: lines.map((line) => line.id) }, status: { $in: OPEN_ALERT_STATUSES } },
            { fields: ['creditLine', 'indicator'] },
          )
        ).map((alert) => `${alert.creditLine.id}:${alert.indicator}`),
      );
      const otherLines = await this.creditLines.otherProductLines(
        tx,
        lines.map((line) => line.borrower.id),
        review.product.id,
      );
      const counters: Counters = { ...review };
      const counts = structuredClone(review.counts);
      for (const line of lines) {
        const borrowerLines = [line, ...(otherLines.get(line.borrower.id) ?? [])];
        let result: Awaited<ReturnType<typeof evaluatePolicy>>;
        try {
          result = await evaluatePolicy(policy, { facts: lineFacts(line), asOf });
        } catch (error) {
          throw new ReviewError(`line ${line.id}: ${error instanceof Error ? error.message : String(error)}`);
        }
        counters.linesReviewed++;
        refreshCapacity(line, result.facts);
        refreshOverflow(borrowerLines);
        const monitoring = result.monitoring as MonitoringOutcome;
        if (monitoring.alerts.length > 0) counters.linesFlagged++;
        const created: Alert[] = [];
        for (const hit of [...monitoring.alerts].sort(
          (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity],
        )) {
          counts[hit.indicator] ??= {};
          counts[hit.indicator][hit.severity] = (counts[hit.indicator][hit.severity] ?? 0) + 1;
          const key = `${line.id}:${hit.indicator}`;
          if (open.has(key)) {
            counters.alertsDeduplicated++;
            continue;
          }
          open.add(key);
          created.push(
            tx.create(Alert, {
              creditLine: line,
              borrower: line.borrower,
              product: line.product,
              review,
              indicator: hit.indicator,
              severity: hit.severity as AlertSeverity,
              reason: hit.reason,
              rule: hit.rule,
              facts: result.facts,
              revision: result.revision,
              limitAtAlertMinor: line.limitMinor,
              drawnBalanceMinor: line.drawnBalanceMinor,
            }),
          );
        }
        counters.alertsCreated += created.length;
        // The cut rides on the line's most severe new alert; a line whose hits are all already open
        // keeps its open alert, which may carry a cut of its own.
        if (monitoring.proposedLimit !== null && created.length > 0) {
          const cut = this.proposeCut(tx, borrowerLines, created[0], cnyToMinor(monitoring.proposedLimit));
          if (cut === CutStatus.APPLIED) counters.cutsApplied++;
          if (cut === CutStatus.PENDING_APPROVAL) counters.cutsPendingApproval++;
        }
        for (const notice of monitoring.notifications) {
          if (this.queueReminder(tx, review, line, notice.template, created[0]?.id ?? null)) {
            counters.notificationsQueued++;
          }
        }
      }
      Object.assign(review, counters, { counts, heartbeatAt: new Date() });
    });
  }

  /**
   * Clamps the policy's proposal as clampLimitCut says, then applies it or holds it for an APPROVER.
   * `borrowerLines` are the borrower's active lines, the reviewed one first.
   */
  private proposeCut(
    tx: EntityManager,
    borrowerLines: CreditLine[],
    alert: Alert,
    policyMinor: number,
  ): CutStatus {
    const [line] = borrowerLines;
    const clamped = clampLimitCut(policyMinor, line.drawnBalanceMinor, line.limitMinor);
    if (!clamped) return CutStatus.NONE;
    alert.policyProposedLimitMinor = policyMinor;
    alert.proposedLimitMinor = clamped.limit;
    alert.clampedToBalance = clamped.clampedToBalance;
    if (line.limitMinor - clamped.limit > this.options.autoCutMaxMinor) {
      alert.cutStatus = CutStatus.PENDING_APPROVAL;
      return alert.cutStatus;
    }
    this.creditLines.cutLimit(tx, line, borrowerLines, {
      toMinor: clamped.limit,
      reason: `Monitoring: ${alert.reason}`,
      alertId: alert.id,
      approvedBy: 'system (within the automatic cut limit)',
    });
    alert.cutStatus = CutStatus.APPLIED;
    return alert.cutStatus;
  }

  /** A reminder by SMS to the borrower's phone; a borrower with no phone on file cannot be reminded. */
  private queueReminder(
    tx: EntityManager,
    review: PortfolioReview,
    line: CreditLine,
    template: string,
    alertId: string | null,
  ): boolean {
    const borrower = line.borrower;
    if (!borrower.phoneEncrypted || !borrower.phoneMasked) return false;
    tx.create(Notification, {
      id: randomUUID(),
      borrower,
      creditLineId: line.id,
      alertId,
      dedupeKey: `${review.id}:${line.id}:${template}`,
      channel: NotificationChannel.SMS,
      recipientMasked: borrower.phoneMasked,
      template,
      params: {
        name: borrower.name,
        limit: minorToCny(line.limitMinor).toFixed(2),
        drawnBalance: minorToCny(line.drawnBalanceMinor).toFixed(2),
      },
      status: NotificationStatus.PENDING,
      nextAttemptAt: new Date(),
    });
    return true;
  }
}

/**
 * The review's own estimate of a line's capacity (the policy's `affordableLimit`), which keeps
 * overflowCustomers current between decisions once the borrower's lines are flagged again
 * (credit-line.service.ts, refreshOverflow). Floored to the fen: capacity is never rounded up.
 */
export function refreshCapacity(
  line: Pick<CreditLine, 'affordableLimitMinor'>,
  facts: Record<string, unknown>,
) {
  const affordable = facts.affordableLimit;
  if (typeof affordable === 'number' && Number.isFinite(affordable)) {
    line.affordableLimitMinor = Math.max(0, Math.floor(affordable * 100));
  }
}

/** What the MONITORING policy sees of a line: the borrower's profile, the line's behaviour, its own figures. */
export function lineFacts(
  line: Pick<CreditLine, 'behaviour' | 'limitMinor' | 'drawnBalanceMinor'> & {
    borrower: Pick<Borrower, 'profile'>;
  },
): Record<string, unknown> {
  return {
    ...line.borrower.profile,
    ...(line.behaviour ?? {}),
    existingLimit: minorToCny(line.limitMinor),
    drawnBalance: minorToCny(line.drawnBalanceMinor),
  };
}
