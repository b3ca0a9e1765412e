/**
 * Where the policies a product's decisions run come from, in the spirit of zen-engine's DecisionLoader:
 * from memory (tests, the replay CLI with policy files), from the database, or from a cache in front of
 * either. Decisions, backtests, reviews and tryPolicy see only this interface.
 */
import type { MikroORM } from '@mikro-orm/core';
import { Policy } from './policy.entity.js';
import { VersionStatus } from './policy-kind.js';
import type { ChallengerSnapshot, PolicySetSnapshot, VersionSnapshot } from './policy-set.js';
import { PolicyVersion } from './policy-version.entity.js';

export interface PolicySetLoader {
  load(productId: string): Promise<PolicySetSnapshot>;
}

/** A fixed set per product, for tests and tools that run policies without a database. */
export class MemoryPolicySetLoader implements PolicySetLoader {
  constructor(private readonly sets: ReadonlyMap<string, PolicySetSnapshot>) {}

  async load(productId: string): Promise<PolicySetSnapshot> {
    return this.sets.get(productId) ?? { productId, published: [], scheduled: [], challengers: [] };
  }
}

export function versionSnapshot(version: PolicyVersion): VersionSnapshot {
  return {
    policyId: version.policy.id,
    kind: version.policy.kind,
    versionId: version.id,
    number: version.number,
    revision: version.revision,
    document: version.document,
    effectiveAt: version.effectiveAt ?? null,
  };
}

/** Three reads of one product's policies; each call sees the database as it is then. */
export class DatabasePolicySetLoader implements PolicySetLoader {
  constructor(private readonly orm: MikroORM) {}

  async load(productId: string): Promise<PolicySetSnapshot> {
    const em = this.orm.em.fork();
    const product = { product: productId };
    const [published, scheduled, challenged] = await Promise.all([
      em.find(PolicyVersion, { policy: product, status: VersionStatus.PUBLISHED }, { populate: ['policy'] }),
      em.find(
        PolicyVersion,
        { policy: product, status: VersionStatus.APPROVED, effectiveAt: { $ne: null } },
        { populate: ['policy'], orderBy: { effectiveAt: 'asc' } },
      ),
      em.find(Policy, { ...product, challengerVersion: { $ne: null } }, { populate: ['challengerVersion'] }),
    ]);
    return {
      productId,
      published: published.map(versionSnapshot),
      scheduled: scheduled.map(versionSnapshot),
      challengers: challenged.flatMap((policy): ChallengerSnapshot[] => {
        const version = policy.challengerVersion;
        if (!version || !policy.challengerMode) return [];
        return [
          {
            ...versionSnapshot(version),
            mode: policy.challengerMode,
            share: policy.challengerShare ?? null,
          },
        ];
      }),
    };
  }
}

/**
 * Keeps each product's set until told it changed. Only trustworthy while every change is known to reach
 * this process: always on SQLite (one process), on PostgreSQL while its LISTEN connection is up; the owner
 * turns it off otherwise, and then every load goes to the inner loader.
 */
export class CachedPolicySetLoader implements PolicySetLoader {
  private readonly cache = new Map<string, Promise<PolicySetSnapshot>>();
  private generation = 0;
  private enabled = false;

  constructor(private readonly inner: PolicySetLoader) {}

  setEnabled(enabled: boolean) {
    this.enabled = enabled;
    if (!enabled) this.invalidate(null);
  }

  /** Forgets one product's set, or all of them (`null`). */
  invalidate(productId: string | null) {
    this.generation++;
    if (productId) this.cache.delete(productId);
    else this.cache.clear();
  }

  load(productId: string): Promise<PolicySetSnapshot> {
    if (!this.enabled) return this.inner.load(productId);
    const cached = this.cache.get(productId);
    if (cached) return cached;
    const generation = this.generation;
    const loading = this.inner.load(productId);
    this.cache.set(productId, loading);
    // A change committed while this set loaded may be missing from it: do not keep it.
    const forgetIfStale = (stale: boolean) => {
      if (stale && this.cache.get(productId) === loading) this.cache.delete(productId);
    };
    loading.then(
      () => forgetIfStale(generation !== this.generation),
      () => forgetIfStale(true),
    );
    return loading;
  }
}
