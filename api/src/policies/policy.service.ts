import type { EntityManager } from '@mikro-orm/core';
import { type CompiledPolicy, compilePolicy, defaultPolicies, revision } from '@spillway/rules';
import { DomainError } from '../errors.js';
import { Product } from '../products/product.entity.js';
import { Policy } from './policy.entity.js';
import { PolicyKind, VersionStatus } from './policy-kind.js';
import { PolicyVersion } from './policy-version.entity.js';

export interface PublishedPolicy {
  kind: PolicyKind;
  version: PolicyVersion;
  policy: CompiledPolicy;
}

export class PolicyService {
  /**
   * Compiled policies by version and revision. A document is immutable once its version leaves DRAFT, so a
   * version is verified against its stored revision and compiled once per process.
   */
  private readonly compiled = new Map<string, CompiledPolicy>();

  /** Refuses a version whose stored revision no longer matches its content. */
  compiledOf(version: PolicyVersion): CompiledPolicy {
    const key = `${version.id}:${version.revision}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      if (revision(version.document) !== version.revision) {
        throw new DomainError('INTERNAL', `Policy version ${version.id} does not match its stored revision`, {
          versionId: version.id,
        });
      }
      compiled = compilePolicy(version.document);
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  /** One query, so a decision sees a single consistent set of published revisions. */
  async published(em: EntityManager, product: Product): Promise<Map<PolicyKind, PublishedPolicy>> {
    const versions = await em.find(
      PolicyVersion,
      { policy: { product }, status: VersionStatus.PUBLISHED },
      { populate: ['policy'] },
    );
    return new Map(
      versions.map((version) => [
        version.policy.kind,
        { kind: version.policy.kind, version, policy: this.compiledOf(version) },
      ]),
    );
  }

  /** Creates the product's four policies, each with the shipped default as published version 1. */
  async installDefaults(em: EntityManager, product: Product) {
    const documents = defaultPolicies();
    for (const kind of Object.values(PolicyKind)) {
      const document = documents[kind] as unknown as Record<string, unknown>;
      const policy = em.create(Policy, { product, kind });
      em.create(PolicyVersion, {
        policy,
        number: 1,
        status: VersionStatus.PUBLISHED,
        document,
        revision: revision(document),
        publishedAt: new Date(),
      });
    }
    await em.flush();
  }

  async product(em: EntityManager, key: string): Promise<Product> {
    const product = await em.findOne(Product, { key });
    if (!product)
      throw new DomainError('NOT_FOUND', `Product "${key}" does not exist`, { field: 'productKey' });
    return product;
  }
}
