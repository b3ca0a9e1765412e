import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { decryptPhone } from '../borrowers/pii.js';
import type { NotificationConfig } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { Notification, NotificationStatus } from './notification.entity.js';
import type { NotificationTransport } from './notification-transport.js';

const MAX_BACKOFF_MS = 3_600_000;

/**
 * Sends what the outbox holds. A notification is claimed (SENDING, with the time) before it is sent and
 * marked SENT or rescheduled after, each step its own committed write: a crash before sending leaves a
 * claim that expires and is retried; a crash after sending retries with the same idempotency key, which
 * the transport recognises. Nothing in the outbox is lost, and no receiver sees a message twice.
 */
export class NotificationDispatcher {
  private running: Promise<void> | null = null;
  private timer?: NodeJS.Timeout;
  private stopped = true;

  constructor(
    private readonly orm: MikroORM,
    private readonly transport: NotificationTransport,
    private readonly config: NotificationConfig,
    private readonly secret: string,
    private readonly logger: Logger,
    private readonly leaseMs: number,
    /** While this says so, sending waits: a thread's chunks come before its outbox. */
    private readonly busy: () => boolean = () => false,
    private readonly pollMs = 1000,
  ) {}

  start() {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  kick() {
    if (this.stopped || this.running) return;
    this.running = this.drain()
      .catch((error) => this.logger.error({ err: error }, 'notification dispatch failed'))
      .finally(() => {
        this.running = null;
      });
  }

  /** Sends everything due now, started or not; for tests and the CLI. */
  async flush() {
    await this.running;
    await this.drain(true);
  }

  /** A stop ends the loop after the message in hand: the rest stay in the outbox for the next start. */
  private async drain(evenIfStopped = false) {
    while (evenIfStopped || !this.stopped) {
      if (!evenIfStopped && this.busy()) return;
      const notification = await this.claim(this.orm.em.fork());
      if (!notification) return;
      await this.deliver(notification);
    }
  }

  private async claim(em: EntityManager): Promise<Notification | null> {
    const now = new Date();
    const due = () => ({
      $or: [
        { status: NotificationStatus.PENDING, nextAttemptAt: { $lte: now } },
        { status: NotificationStatus.SENDING, claimedAt: { $lt: new Date(now.getTime() - this.leaseMs) } },
      ],
    });
    for (;;) {
      const next = await em.findOne(Notification, due(), { orderBy: { nextAttemptAt: 'asc', id: 'asc' } });
      if (!next) return null;
      const claimed = await em.nativeUpdate(
        Notification,
        { id: next.id, ...due() },
        { status: NotificationStatus.SENDING, claimedAt: now, attempts: next.attempts + 1 },
      );
      if (claimed === 1)
        return em.fork().findOneOrFail(Notification, { id: next.id }, { populate: ['borrower'] });
    }
  }

  private async deliver(notification: Notification) {
    const em = this.orm.em.fork();
    try {
      const encrypted = notification.borrower.phoneEncrypted;
      if (!encrypted) throw new Error('the borrower has no phone on file any more');
      await this.transport.send({
        id: notification.id,
        channel: notification.channel,
        to: decryptPhone(this.secret, encrypted),
        template: notification.template,
        params: notification.params,
      });
      await em.nativeUpdate(
        Notification,
        { id: notification.id, status: NotificationStatus.SENDING },
        { status: NotificationStatus.SENT, sentAt: new Date(), lastError: null },
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const attempts = notification.attempts;
      const failed = attempts >= this.config.maxAttempts;
      this.logger.warn(
        { notificationId: notification.id, attempts, failed, error: message },
        'notification not sent',
      );
      await em.nativeUpdate(
        Notification,
        { id: notification.id, status: NotificationStatus.SENDING },
        {
          status: failed ? NotificationStatus.FAILED : NotificationStatus.PENDING,
          lastError: message,
          nextAttemptAt: new Date(
            Date.now() + Math.min(this.config.backoffMs * 2 ** (attempts - 1), MAX_BACKOFF_MS),
          ),
        },
      );
    }
  }
}
