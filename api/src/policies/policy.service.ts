import { createHash } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import {
  type CompiledPolicy,
  compilePolicy,
  defaultPolicies,
  evaluatePipeline,
  revision,
} from '@spillway/rules';
import type { AuditService } from '../audit/audit.service.js';
import { DomainError, notFound } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Viewer } from '../core/viewer.js';
import { changeAtomically } from '../db/concurrency.js';
import { isPostgres } from '../db/dialect.js';
import { Product } from '../products/product.entity.js';
import { Policy } from './policy.entity.js';
import { notifyPolicyChange, PolicyChangeListener } from './policy-changes.listener.js';
import { ChallengerMode, PolicyKind, VersionStatus } from './policy-kind.js';
import { PolicyVersion } from './policy-version.entity.js';

/** The actor of changes no person made: the seed and scheduled publishes. */
export const SYSTEM_ACTOR = 'system';
const SCHEDULER_INTERVAL_MS = 5000;

export interface PublishedPolicy {
  kind: PolicyKind;
  version: PolicyVersion;
  policy: CompiledPolicy;
}

interface Challenger extends PublishedPolicy {
  policyId: string;
  mode: ChallengerMode;
  share: number | null;
}

interface VersionRef {
  versionId: string;
  number: number;
  revision: string;
}

/** Which version of a challenged policy a decision applied, and which it only evaluated. */
export interface ChallengerAssignment {
  kind: PolicyKind;
  policyId: string;
  mode: ChallengerMode;
  share: number | null;
  applied: 'CHAMPION' | 'CHALLENGER';
  champion: VersionRef;
  challenger: VersionRef;
}

/** The policies one decision runs: the set it applies and, when any policy is challenged, the other arm. */
export interface DecisionArms {
  applied: Map<PolicyKind, PublishedPolicy>;
  other: Map<PolicyKind, PublishedPolicy> | null;
  assignments: ChallengerAssignment[];
}

export interface ChallengerRequest {
  policyId: string;
  versionId?: string | null;
  mode?: ChallengerMode | null;
  share?: number | null;
}

interface PublishedSet {
  byKind: Map<PolicyKind, PublishedPolicy>;
  challengers: Challenger[];
  /** The earliest scheduled publish of the product, so a decision at or after it never waits for a tick. */
  nextDue: Date | null;
}

export interface PublishRequest {
  versionId: string;
  effectiveAt?: Date | null;
}

export interface RollbackRequest {
  policyId: string;
  versionId?: string | null;
}

/**
 * What decisions run on: the published set of each product, and every change to it (publish, scheduled
 * publish, rollback). Authoring and review live in PolicyVersionService.
 */
export class PolicyService {
  /**
   * Compiled policies by version and revision. A document is immutable once its version leaves DRAFT, so a
   * version is verified against its stored revision and compiled once per process.
   */
  private readonly compiled = new Map<string, CompiledPolicy>();
  /**
   * Published sets by product id. Only trusted while every publish is known to reach this process: always
   * on SQLite (one process), on PostgreSQL while the LISTEN connection is up.
   */
  private readonly cache = new Map<string, Promise<PublishedSet>>();
  private generation = 0;
  private caching = false;
  private listener?: PolicyChangeListener;
  private scheduler?: NodeJS.Timeout;

  constructor(
    private readonly audit: AuditService,
    private readonly logger: Logger,
  ) {}

  async start(orm: MikroORM) {
    if (isPostgres(orm.em)) {
      this.listener = new PolicyChangeListener(
        orm,
        (productId) => this.invalidate(productId),
        (listening) => {
          this.caching = listening;
        },
        this.logger,
      );
      await this.listener.start();
    } else {
      this.caching = true;
    }
    this.scheduler = setInterval(() => {
      this.activateDue(orm.em.fork()).catch((error) =>
        this.logger.error({ err: error }, 'scheduled policy publish failed'),
      );
    }, SCHEDULER_INTERVAL_MS);
    this.scheduler.unref();
  }

  async stop() {
    clearInterval(this.scheduler);
    this.caching = false;
    await this.listener?.stop();
  }

  /** Forgets one product's published set, or all of them (`null`). */
  invalidate(productId: string | null) {
    this.generation++;
    if (productId) this.cache.delete(productId);
    else this.cache.clear();
  }

  /** Refuses a version whose stored revision no longer matches its content. */
  compiledOf(version: PolicyVersion): CompiledPolicy {
    const key = `${version.id}:${version.revision}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      compiled = compilePolicy(version.verifyRevision().document);
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  /** One query per set, so a decision sees a single consistent set of published revisions. */
  async published(em: EntityManager, product: Product): Promise<Map<PolicyKind, PublishedPolicy>> {
    return (await this.current(em, product)).byKind;
  }

  /**
   * The arms of a decision for this borrower. A SPLIT challenger applies to a stable share of borrowers:
   * the hash of policy and borrower ref picks the same arm on every decision and every replica.
   */
  async arms(em: EntityManager, product: Product, borrowerRef: string): Promise<DecisionArms> {
    const set = await this.current(em, product);
    const applied = new Map(set.byKind);
    const other = new Map(set.byKind);
    const assignments: ChallengerAssignment[] = [];
    for (const challenger of set.challengers) {
      const champion = set.byKind.get(challenger.kind);
      if (!champion) continue;
      const challengerApplies =
        challenger.mode === ChallengerMode.SPLIT &&
        bucket(challenger.policyId, borrowerRef) < (challenger.share ?? 0);
      (challengerApplies ? applied : other).set(challenger.kind, challenger);
      assignments.push({
        kind: challenger.kind,
        policyId: challenger.policyId,
        mode: challenger.mode,
        share: challenger.share,
        applied: challengerApplies ? 'CHALLENGER' : 'CHAMPION',
        champion: versionRef(champion.version),
        challenger: versionRef(challenger.version),
      });
    }
    return { applied, other: assignments.length > 0 ? other : null, assignments };
  }

  /** Runs the applied arm, and the other one when there is one; the other's result is stored, never applied. */
  async evaluate(arms: DecisionArms, facts: Record<string, unknown>, asOf: string) {
    const result = await runPipeline(arms.applied, facts, asOf);
    if (!arms.other) return { result, challenger: null };
    const other = await runPipeline(arms.other, facts, asOf);
    return {
      result,
      challenger: {
        assignments: arms.assignments,
        other: {
          outcome: other.outcome,
          approvedLimit: other.approvedLimit,
          aprBps: other.aprBps,
          termMonths: other.termMonths,
          riskTier: other.riskTier,
          affordableLimit: other.affordableLimit,
          overflow: other.overflow,
          reasons: other.reasons.map((reason) => reason.code),
          revisions: [...arms.other.values()].map((used) => ({
            kind: used.kind,
            ...versionRef(used.version),
          })),
        },
      },
    };
  }

  private async current(em: EntityManager, product: Product): Promise<PublishedSet> {
    const set = await this.publishedSet(em, product);
    if (!set.nextDue || set.nextDue.getTime() > Date.now()) return set;
    await this.activateDue(em.fork(), new Date(), product).catch((error) => {
      this.logger.error({ err: error }, 'scheduled policy publish failed');
    });
    return this.publishedSet(em, product);
  }

  private publishedSet(em: EntityManager, product: Product): Promise<PublishedSet> {
    if (!this.caching) return this.loadSet(em, product);
    const cached = this.cache.get(product.id);
    if (cached) return cached;
    const generation = this.generation;
    const loading = this.loadSet(em.fork(), product);
    this.cache.set(product.id, loading);
    // A publish committed while this set loaded may be missing from it: do not keep it.
    const forgetIfStale = (stale: boolean) => {
      if (stale && this.cache.get(product.id) === loading) this.cache.delete(product.id);
    };
    loading.then(
      () => forgetIfStale(generation !== this.generation),
      () => forgetIfStale(true),
    );
    return loading;
  }

  private async loadSet(em: EntityManager, product: Product): Promise<PublishedSet> {
    const versions = await em.find(
      PolicyVersion,
      { policy: { product }, status: VersionStatus.PUBLISHED },
      { populate: ['policy'] },
    );
    const next = await em.findOne(
      PolicyVersion,
      { policy: { product }, status: VersionStatus.APPROVED, effectiveAt: { $ne: null } },
      { orderBy: { effectiveAt: 'asc' } },
    );
    const challenged = await em.find(
      Policy,
      { product, challengerVersion: { $ne: null } },
      { populate: ['challengerVersion'] },
    );
    return {
      byKind: new Map(
        versions.map((version) => [
          version.policy.kind,
          { kind: version.policy.kind, version, policy: this.compiledOf(version) },
        ]),
      ),
      challengers: challenged.flatMap((policy) => {
        const version = policy.challengerVersion;
        if (!version || !policy.challengerMode) return [];
        return [
          {
            policyId: policy.id,
            kind: policy.kind,
            mode: policy.challengerMode,
            share: policy.challengerShare ?? null,
            version,
            policy: this.compiledOf(version),
          },
        ];
      }),
      nextDue: next?.effectiveAt ?? null,
    };
  }

  async version(em: EntityManager, id: string): Promise<PolicyVersion> {
    const version = await em.findOne(PolicyVersion, { id }, { populate: ['policy'] });
    if (!version) throw notFound('Policy version', id);
    return version.verifyRevision();
  }

  async policy(em: EntityManager, id: string): Promise<Policy> {
    const policy = await em.findOne(Policy, { id }, { populate: ['product', 'challengerVersion'] });
    if (!policy) throw notFound('Policy', id);
    return policy;
  }

  /** Publishes an APPROVED version now, or schedules it when `effectiveAt` is in the future. */
  async publish(em: EntityManager, viewer: Viewer, request: PublishRequest): Promise<PolicyVersion> {
    const version = await this.version(em, request.versionId);
    version.requireStatus('published', VersionStatus.APPROVED);
    if (request.effectiveAt && request.effectiveAt.getTime() > Date.now()) {
      return this.schedule(em, viewer, version, request.effectiveAt);
    }
    return this.publishNow(em, viewer, version, 'publish');
  }

  /** Re-publishes an earlier published version: the most recently retired one unless one is named. */
  async rollback(em: EntityManager, viewer: Viewer, request: RollbackRequest): Promise<PolicyVersion> {
    const policy = await this.policy(em, request.policyId);
    const target = request.versionId
      ? await this.version(em, request.versionId)
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
  async activateDue(em: EntityManager, now = new Date(), product?: Product): Promise<number> {
    const due = await em.find(
      PolicyVersion,
      {
        status: VersionStatus.APPROVED,
        effectiveAt: { $lte: now },
        ...(product ? { policy: { product } } : {}),
      },
      { populate: ['policy'], orderBy: { effectiveAt: 'asc' } },
    );
    let published = 0;
    for (const version of due) {
      try {
        await this.publishNow(em, SYSTEM_ACTOR, version.verifyRevision(), 'publish');
        published++;
      } catch (error) {
        // Another replica's scheduler published it first.
        if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
      }
    }
    return published;
  }

  /**
   * Retires the published version and publishes this one in one transaction. The retired version is the
   * one read before the transaction: if another publish replaced it meanwhile, its optimistic lock (or the
   * one-published index) fails and this publish is a CONFLICT instead of silently overriding the other.
   */
  private async publishNow(
    em: EntityManager,
    actor: Viewer | string,
    version: PolicyVersion,
    action: 'publish' | 'rollback',
  ): Promise<PolicyVersion> {
    this.compiledOf(version);
    const policy = version.policy;
    const previous = await em.findOne(PolicyVersion, { policy, status: VersionStatus.PUBLISHED });
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
        action,
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
      if (isPostgres(tx)) await notifyPolicyChange(tx, policy.product.id);
    });
    this.invalidate(policy.product.id);
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
      if (isPostgres(tx)) await notifyPolicyChange(tx, policy.product.id);
    });
    this.invalidate(policy.product.id);
    return version;
  }

  /** Sets, replaces or (without versionId) removes a policy's challenger. */
  async setChallenger(em: EntityManager, viewer: Viewer, request: ChallengerRequest): Promise<Policy> {
    const policy = await this.policy(em, request.policyId);
    const before = challengerSummary(policy);
    let after: Pick<Policy, 'challengerVersion' | 'challengerMode' | 'challengerShare'> = {
      challengerVersion: null,
      challengerMode: null,
      challengerShare: null,
    };
    if (request.versionId) {
      const version = await this.version(em, request.versionId);
      if (version.policy.id !== policy.id) {
        throw new DomainError('BAD_USER_INPUT', `Version ${version.id} belongs to another policy`, {
          field: 'input.versionId',
        });
      }
      version.requireStatus('challengers', VersionStatus.APPROVED);
      this.compiledOf(version);
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
      if (isPostgres(tx)) await notifyPolicyChange(tx, policy.product.id);
    });
    this.invalidate(policy.product.id);
    return policy;
  }

  /** Creates the product's four policies, each with the shipped default as published version 1. */
  async installDefaults(em: EntityManager, product: Product) {
    const documents = defaultPolicies();
    await em.transactional(async (tx) => {
      const versions = Object.values(PolicyKind).map((kind) => {
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

  async product(em: EntityManager, key: string): Promise<Product> {
    const product = await em.findOne(Product, { key });
    if (!product)
      throw new DomainError('NOT_FOUND', `Product "${key}" does not exist`, { field: 'productKey' });
    return product;
  }
}

/** A stable number in [0, 1) per policy and borrower. */
function bucket(policyId: string, borrowerRef: string): number {
  const digest = createHash('sha256').update(`${policyId}:${borrowerRef}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

function versionRef(version: PolicyVersion): VersionRef {
  return { versionId: version.id, number: version.number, revision: version.revision };
}

function challengerSummary(policy: Policy) {
  return {
    versionNumber: policy.challengerVersion?.number ?? null,
    versionId: policy.challengerVersion?.id ?? null,
    mode: policy.challengerMode ?? null,
    share: policy.challengerShare ?? null,
  };
}

function runPipeline(set: Map<PolicyKind, PublishedPolicy>, facts: Record<string, unknown>, asOf: string) {
  const admission = set.get(PolicyKind.ADMISSION);
  if (!admission) throw new DomainError('CONFLICT', 'The product has no published ADMISSION policy');
  return evaluatePipeline({
    policies: {
      ADMISSION: admission.policy,
      LIMIT: set.get(PolicyKind.LIMIT)?.policy,
      PRICING: set.get(PolicyKind.PRICING)?.policy,
    },
    facts,
    asOf,
  });
}
