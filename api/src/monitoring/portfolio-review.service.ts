import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { AuditService } from '../audit/audit.service.js';
import { DomainError, notFound } from '../core/errors.js';
import type { Viewer } from '../core/viewer.js';
import { type PageArgs, pageWindow, toConnection } from '../graphql/connection.js';
import { type JobRunner, queueChunks } from '../jobs/job-runner.js';
import { failInterruptedRuns, startAlone } from '../jobs/single-run.js';
import { PolicyKind } from '../policies/policy-kind.js';
import type { PublishedPolicies } from '../policies/published-policies.js';
import type { ProductService } from '../products/product.service.js';
import { PortfolioReview, ReviewStatus, ReviewTrigger } from './portfolio-review.entity.js';
import { REVIEW_JOB } from './portfolio-review.job.js';

/**
 * Portfolio reviews: starts one (the published MONITORING policy snapshotted, the review queued for the job
 * runners, which cut it into chunks and run them: portfolio-review.job.ts) and reads them back.
 */
export class PortfolioReviewService {
  constructor(
    private readonly products: ProductService,
    private readonly published: PublishedPolicies,
    private readonly audit: AuditService,
    private readonly runner: JobRunner,
    /** A RUNNING review with nothing left to run and no heartbeat for this long was abandoned. */
    private readonly leaseMs: number,
  ) {}

  /** Starts a review and returns it RUNNING; worker threads and processes run its chunks. */
  async start(
    em: EntityManager,
    actor: Viewer | string,
    productKey: string,
    trigger = ReviewTrigger.MANUAL,
  ): Promise<PortfolioReview> {
    const product = await this.products.get(em, productKey);
    const monitoring = await this.published.require(product, PolicyKind.MONITORING);
    const now = new Date();
    await failInterruptedRuns(em, 'portfolio_review', this.leaseMs, now, {
      column: 'product_id',
      value: product.id,
    });
    const label = typeof actor === 'string' ? actor : actor.label;
    const review = await startAlone(
      () =>
        em.fork().transactional(async (tx) => {
          const created = tx.create(PortfolioReview, {
            product,
            status: ReviewStatus.RUNNING,
            trigger,
            startedBy: label,
            policyVersionId: monitoring.versionId,
            revision: monitoring.revision,
            policyDocument: monitoring.document,
            asOf: now,
            heartbeatAt: now,
            startedAt: now,
            linesTotal: 0,
          });
          await tx.flush();
          await queueChunks(tx, REVIEW_JOB, created.id, 'plan');
          await this.audit.record(tx, actor, {
            action: 'portfolioReview.start',
            entityType: 'PortfolioReview',
            entityId: created.id,
            summary: { productKey: product.key, trigger, revision: created.revision },
          });
          return created;
        }),
      () =>
        new DomainError('CONFLICT', `A review of product ${product.key} is already running`, {
          field: 'productKey',
          reason: 'REVIEW_RUNNING',
        }),
    );
    this.runner.kick();
    return this.get(em, review.id);
  }

  /** Resolves when no review (nor any other job) has a chunk left to run: for tests. */
  async idle() {
    await this.runner.idle();
  }
  async get(em: EntityManager, id: string): Promise<PortfolioReview> {
    const review = await em.findOne(PortfolioReview, { id }, { populate: ['product'], refresh: true });
    if (!review) throw notFound('Portfolio review', id);
    return review;
  }

  async list(
    em: EntityManager,
    filter: { productKey?: string | null; status?: ReviewStatus | null },
    page: PageArgs,
  ) {
    const { offset, limit } = pageWindow(page);
    const where: FilterQuery<PortfolioReview> = {};
    if (filter.productKey) where.product = { key: filter.productKey };
    if (filter.status) where.status = filter.status;
    const [nodes, total] = await em.findAndCount(PortfolioReview, where, {
      populate: ['product'],
      orderBy: { createdAt: 'desc', id: 'desc' },
      offset,
      limit,
    });
    return toConnection(nodes, total, offset);
  }
}
