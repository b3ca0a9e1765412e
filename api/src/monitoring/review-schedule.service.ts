import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { CronExpressionParser } from 'cron-parser';
import type { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Viewer } from '../core/viewer.js';
import { SYSTEM_ACTOR } from '../policies/policy-publisher.js';
import type { ProductService } from '../products/product.service.js';
import { ReviewTrigger } from './portfolio-review.entity.js';
import type { PortfolioReviewService } from './portfolio-review.service.js';
import { ReviewSchedule } from './review-schedule.entity.js';

/** The next occurrence after `after`, or the reason the expression is not a five-field UTC cron. */
export function nextOccurrence(cron: string, after: Date): Date {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `"${cron}" has ${fields.length} field(s): a cron has five (minute hour day month weekday)`,
      {
        field: 'cron',
        reason: 'INVALID_CRON',
      },
    );
  }
  try {
    return CronExpressionParser.parse(cron, { tz: 'UTC', currentDate: after }).next().toDate();
  } catch (error) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `"${cron}" is not a valid cron expression: ${(error as Error).message}`,
      {
        field: 'cron',
        reason: 'INVALID_CRON',
      },
    );
  }
}

/**
 * Runs each product's review on its schedule. Every process ticks; the one whose update advances
 * `nextRunAt` from the due value starts the review, so replicas run each occurrence once.
 */
export class ReviewScheduleService {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly orm: MikroORM,
    private readonly products: ProductService,
    private readonly reviews: PortfolioReviewService,
    private readonly audit: AuditService,
    private readonly logger: Logger,
    private readonly tickMs = 30_000,
  ) {}

  start() {
    this.timer = setInterval(() => {
      this.runDue().catch((error) => this.logger.error({ err: error }, 'scheduled review check failed'));
    }, this.tickMs);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }

  async get(em: EntityManager, productKey: string): Promise<ReviewSchedule | null> {
    const product = await this.products.get(em, productKey);
    return em.findOne(ReviewSchedule, { product }, { populate: ['product'] });
  }

  /** Sets or (with null) removes a product's schedule. */
  async set(
    em: EntityManager,
    viewer: Viewer,
    productKey: string,
    cron: string | null,
  ): Promise<ReviewSchedule | null> {
    const product = await this.products.get(em, productKey);
    const nextRunAt = cron === null ? null : nextOccurrence(cron, new Date());
    return em.fork().transactional(async (tx) => {
      const existing = await tx.findOne(ReviewSchedule, { product });
      if (cron === null || nextRunAt === null) {
        if (existing) tx.remove(existing);
      } else if (existing) {
        Object.assign(existing, { cron: cron.trim(), nextRunAt, updatedBy: viewer.label });
      } else {
        tx.create(ReviewSchedule, { product, cron: cron.trim(), nextRunAt, updatedBy: viewer.label });
      }
      await this.audit.record(tx, viewer, {
        action: 'reviewSchedule.set',
        entityType: 'Product',
        entityId: product.id,
        summary: { productKey, cron, nextRunAt: nextRunAt?.toISOString() ?? null },
      });
      await tx.flush();
      return cron === null ? null : tx.findOneOrFail(ReviewSchedule, { product }, { populate: ['product'] });
    });
  }

  /** Starts every review that is due; returns how many this process started. */
  async runDue(now = new Date()): Promise<number> {
    const em = this.orm.em.fork();
    const due = await em.find(ReviewSchedule, { nextRunAt: { $lte: now } }, { populate: ['product'] });
    let started = 0;
    for (const schedule of due) {
      const claimed = await em.nativeUpdate(
        ReviewSchedule,
        { id: schedule.id, nextRunAt: schedule.nextRunAt },
        { nextRunAt: nextOccurrence(schedule.cron, now), lastRunAt: now },
      );
      if (claimed !== 1) continue;
      try {
        await this.reviews.start(em.fork(), SYSTEM_ACTOR, schedule.product.key, ReviewTrigger.SCHEDULED);
        started++;
      } catch (error) {
        // A review still running from the last occurrence is not an error worth more than a line.
        this.logger.warn({ err: error, productKey: schedule.product.key }, 'scheduled review not started');
      }
    }
    return started;
  }
}
