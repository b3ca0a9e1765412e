/**
 * Every change to what decisions run: publish now or at a set time, roll back, set a challenger, install
 * a product's defaults. The only place that activates a scheduled version: reads never do.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { defaultPolicies, revision } from '@spillway/rules';
import type { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Viewer } from '../core/viewer.js';
import { notifyChange } from '../db/change-listener.js';
import { changeAtomically } from '../db/concurrency.js';
import type { Product } from '../products/product.entity.js';
import { Policy } from './policy.entity.js';
import { ChallengerMode, PolicyKind, VersionStatus } from './policy-kind.js';
import { findPolicy, findVersion } from './policy-lookup.js';
import { PolicyVersion } from './policy-version.entity.js';
import { POLICY_CHANNEL, type PublishedPolicies } from './published-policies.js';

/** The actor of changes no person made: the seed and scheduled publishes. */
export const SYSTEM_ACTOR = 'system';
/** Catches schedules made by other replicas; this process's own schedules also get a timer of their own. */
const SCHEDULER_INTERVAL_MS = 5000;
/** setTimeout's longest delay; a later schedule is picked up by the interval as its time nears. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface PublishRequest {
  versionId: string;
  effectiveAt?: Date | null;
}

export interface RollbackRequest {
  policyId: string;
  versionId?: string | null;
}

export interface ChallengerRequest {
  policyId: string;
  versionId?: string | null;
  mode?: ChallengerMode | null;
  share?: number | null;
}

export class PolicyPublisher {
  private interval?: NodeJS.Timeout;
  private readonly timers = new Set<NodeJS.Timeout>();
  private orm?: MikroORM;

  constructor(
    private readonly published: PublishedPolicies,
    private readonly audit: AuditService,
    private readonly logger: Logger,
  ) {}

  /** Publishes scheduled versions as their time comes: the interval for every replica's, timers for ours. */
  start(orm: MikroORM) {
    this.orm = orm;
    // Versions that came due while no process was running publish at once.
    this.activateInBackground();
    this.interval = setInterval(() => this.activateInBackground(), SCHEDULER_INTERVAL_MS);
    this.interval.unref();
  }

  stop() {
    clearInterval(this.interval);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.orm = undefined;
  }

  private activateInBackground() {
    if (!this.orm) return;
    this.activateDue(this.orm.em.fork()).catch((error) =>
      this.logger.error({ err: error }, 'scheduled policy publish failed'),
    );
  }

  private wakeAt(at: Date) {
    const delay = at.getTime() - Date.now();
    if (!this.orm || delay > MAX_TIMER_MS) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.activateInBackground();
      },
      Math.max(0, delay),
    );
    timer.unref();
    this.timers.add(timer);
  }

  /** Publishes an APPROVED version now, or schedules it when `effectiveAt` is in the future. */
  async publish(em: EntityManager, viewer: Viewer, request: PublishRequest): Promise<PolicyVersion> {
    const version = await findVersion(em, request.versionId);
    version.requireStatus('published', VersionStatus.APPROVED);
    if (request.effectiveAt && request.effectiveAt.getTime() > Date.now()) {
      const current = await em.findOne(PolicyVersion, {
        policy: version.policy,
        status: VersionStatus.PUBLISHED,
      });
      refuseStaleApproval(version, current);
      return this.schedule(em, viewer, version, request.effectiveAt);
    }
    return this.publishNow(em, viewer, version, 'publish');
  }

  /** Re-publishes an earlier published version: the most recently retired one unless one is named. */
  async rollback(em: EntityManager, viewer: Viewer, request: RollbackRequest): Promise<PolicyVersion> {
    const policy = await findPolicy(em, request.policyId);
    const target = request.versionId
      ? await findVersion(em, request.versionId)
      : await em.findOne(
          PolicyVersion,
          { policy, status: VersionStatus.RETIRED },
          { orderBy: { retiredAt: 'desc' }, populate: ['policy'] },
        );
    if (!target) {
      throw new DomainError('CONFLICT', `The ${policy.kind} policy has no earlier published version`, {
        policyId: policy.id,
      });
    }
    if (target.policy.id !== policy.id) {
      throw new DomainError('BAD_USER_INPUT', `Version ${target.id} belongs to another policy`, {
        field: 'input.versionId',
      });
    }
    target.requireStatus('rolled back to', VersionStatus.RETIRED);
    return this.publishNow(em, viewer, target.verifyRevision(), 'rollback');
  }

  /** Publishes every scheduled version whose time has come; returns how many it published. */
  async activateDue(em: EntityManager, now = new Date()): Promise<number> {
    const due = await em.find(
      PolicyVersion,
      { status: VersionStatus.APPROVED, effectiveAt: { $lte: now } },
      { populate: ['policy'], orderBy: { effectiveAt: 'asc' } },
    );
    let published = 0;
    for (const version of due) {
      try {
        await this.publishNow(em, SYSTEM_ACTOR, version.verifyRevision(), 'activate');
        published++;
      } catch (error) {
        // Another replica's scheduler published it first.
        if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
      }
    }
    return published;
  }

  /**
   * Retires the published version and publishes this one in one transaction; of two publishes racing, one
   * wins and the other is a CONFLICT, never a silent replacement of the winner, on either database:
   *
   * - The retired version is the one read here: if another publish replaced it before this transaction, its
   *   optimistic lock (an UPDATE conditional on the lock version read, whose affected-row count must be 1)
   *   or the one-published index fails.
   * - A version approved before the published one was published is refused (`refuseStaleApproval`). This is
   *   what decides the race on SQLite, whose single connection makes the second publish wait, even for its
   *   credentials, until the first commits: it then reads the winner as the published version.
   *
   * A scheduled version's activation publishes what was decided when it was scheduled (decisions already
   * use it from its `effectiveAt`), and a rollback names the version it restores: neither is refused so.
   */
  private async publishNow(
    em: EntityManager,
    actor: Viewer | string,
    version: PolicyVersion,
    action: 'publish' | 'activate' | 'rollback',
  ): Promise<PolicyVersion> {
    this.compileOrRefuse(version);
    const policy = version.policy;
    const previous = await em.findOne(PolicyVersion, { policy, status: VersionStatus.PUBLISHED });
    if (action === 'publish') refuseStaleApproval(version, previous);
    const before = { status: version.status, published: previous?.number ?? null };
    const scheduledFor = version.effectiveAt ?? null;
    const challengerPublished = policy.challengerVersion?.id === version.id;
    await changeAtomically(em, `The ${policy.kind} policy`, async (tx) => {
      const at = new Date();
      if (previous) {
        previous.status = VersionStatus.RETIRED;
        previous.retiredAt = at;
        // Retire first: the one-published index checks every statement.
        await tx.flush();
      }
      Object.assign(version, {
        status: VersionStatus.PUBLISHED,
        publishedAt: at,
        effectiveAt: null,
        retiredAt: null,
      });
      await tx.flush();
      // A challenger that becomes the champion no longer challenges anything.
      if (challengerPublished) {
        await tx.nativeUpdate(
          Policy,
          { id: policy.id },
          { challengerVersion: null, challengerMode: null, challengerShare: null },
        );
      }
      await this.audit.record(tx, actor, {
        action: action === 'rollback' ? 'rollback' : 'publish',
        entityType: 'PolicyVersion',
        entityId: version.id,
        summary: {
          ...version.auditIdentity(),
          before,
          after: { status: VersionStatus.PUBLISHED, published: version.number },
          ...(scheduledFor ? { scheduledFor: scheduledFor.toISOString() } : {}),
          ...(challengerPublished ? { challengerCleared: true } : {}),
        },
      });
      await notifyChange(tx, POLICY_CHANNEL, policy.product.id);
    });
    this.published.changed(policy.product.id);
    return version;
  }

  /** A policy has at most one scheduled version: scheduling another replaces it. */
  private async schedule(em: EntityManager, viewer: Viewer, version: PolicyVersion, effectiveAt: Date) {
    const policy = version.policy;
    const replaced = await em.find(PolicyVersion, {
      policy,
      status: VersionStatus.APPROVED,
      effectiveAt: { $ne: null },
      id: { $ne: version.id },
    });
    await changeAtomically(em, `The ${policy.kind} policy`, async (tx) => {
      for (const other of replaced) other.effectiveAt = null;
      version.effectiveAt = effectiveAt;
      await tx.flush();
      await this.audit.record(tx, viewer, {
        action: 'schedule',
        entityType: 'PolicyVersion',
        entityId: version.id,
        summary: {
          ...version.auditIdentity(),
          after: { effectiveAt: effectiveAt.toISOString() },
          replacedSchedules: replaced.map((other) => other.number),
        },
      });
      await notifyChange(tx, POLICY_CHANNEL, policy.product.id);
    });
    this.published.changed(policy.product.id);
    this.wakeAt(effectiveAt);
    return version;
  }

  /** Sets, replaces or (without versionId) removes a policy's challenger. */
  async setChallenger(em: EntityManager, viewer: Viewer, request: ChallengerRequest): Promise<Policy> {
    const policy = await findPolicy(em, request.policyId);
    const before = challengerSummary(policy);
    let after: Pick<Policy, 'challengerVersion' | 'challengerMode' | 'challengerShare'> = {
      challengerVersion: null,
      challengerMode: null,
      challengerShare: null,
    };
    if (request.versionId) {
      const version = await findVersion(em, request.versionId);
      if (version.policy.id !== policy.id) {
        throw new DomainError('BAD_USER_INPUT', `Version ${version.id} belongs to another policy`, {
          field: 'input.versionId',
        });
      }
      version.requireStatus('challengers', VersionStatus.APPROVED);
      this.compileOrRefuse(version);
      const mode = request.mode ?? ChallengerMode.SHADOW;
      const share = request.share ?? null;
      if (mode === ChallengerMode.SPLIT && (share === null || !(share > 0 && share <= 1))) {
        throw new DomainError('BAD_USER_INPUT', 'A SPLIT challenger needs a share above 0 and at most 1', {
          field: 'input.share',
        });
      }
      after = {
        challengerVersion: version,
        challengerMode: mode,
        challengerShare: mode === ChallengerMode.SPLIT ? share : null,
      };
    }
    await changeAtomically(em, `The ${policy.kind} policy`, async (tx) => {
      Object.assign(policy, after);
      await tx.flush();
      await this.audit.record(tx, viewer, {
        action: 'challenger',
        entityType: 'Policy',
        entityId: policy.id,
        summary: { kind: policy.kind, before, after: challengerSummary(policy) },
      });
      await notifyChange(tx, POLICY_CHANNEL, policy.product.id);
    });
    this.published.changed(policy.product.id);
    return policy;
  }

  /** Creates the product's policies of every kind it lacks, each with the shipped default as published version 1. */
  async installDefaults(em: EntityManager, product: Product) {
    const documents = defaultPolicies();
    // A product made before a kind existed (EXPOSURE, say) gets that kind's default on the next start.
    const existing = new Set((await em.find(Policy, { product })).map((policy) => policy.kind));
    const missing = Object.values(PolicyKind).filter((kind) => !existing.has(kind));
    if (missing.length === 0) return;
    await em.transactional(async (tx) => {
      const versions = missing.map((kind) => {
        const document = documents[kind] as unknown as Record<string, unknown>;
        return tx.create(PolicyVersion, {
          policy: tx.create(Policy, { product, kind }),
          number: 1,
          status: VersionStatus.PUBLISHED,
          document,
          revision: revision(document),
          publishedAt: new Date(),
        });
      });
      await tx.flush();
      for (const version of versions) {
        await this.audit.record(tx, SYSTEM_ACTOR, {
          action: 'seed',
          entityType: 'PolicyVersion',
          entityId: version.id,
          summary: {
            ...version.auditIdentity(),
            after: { status: VersionStatus.PUBLISHED },
          },
        });
      }
    });
  }

  /** A version that cannot compile must never become what decisions run. */
  private compileOrRefuse(version: PolicyVersion) {
    this.published.compiler.compile({
      versionId: version.id,
      revision: version.revision,
      document: version.document,
    });
  }
}

/**
 * An approval is of a change to the policy as it was published then. Once another version has been
 * published since, publishing this one would silently undo that publish, which its reviewers never saw:
 * CONFLICT, and the version needs a new review (a draft from it) against what is live now.
 */
function refuseStaleApproval(version: PolicyVersion, published: PolicyVersion | null) {
  if (!published?.publishedAt || !version.reviewedAt || published.publishedAt <= version.reviewedAt) return;
  throw new DomainError(
    'CONFLICT',
    `Version ${published.number} of the ${version.policy.kind} policy was published after version ${version.number} was approved: review it again against what is live now`,
    { versionId: version.id, reason: 'PUBLISHED_SINCE_APPROVAL', publishedVersionId: published.id },
  );
}

function challengerSummary(policy: Policy) {
  return {
    versionNumber: policy.challengerVersion?.number ?? null,
    versionId: policy.challengerVersion?.id ?? null,
    mode: policy.challengerMode ?? null,
    share: policy.challengerShare ?? null,
  };
}
