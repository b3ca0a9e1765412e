import type { EntityManager } from '@mikro-orm/core';
import { defaultPolicies, type PolicyDocument, revision } from '@spillway/rules';
import { DomainError } from '../errors.js';
import { Product } from '../products/product.entity.js';
import { PolicyKind, VersionStatus } from './policy-kind.js';
import { Policy } from './policy.entity.js';
import { PolicyVersion } from './policy-version.entity.js';

export interface PublishedPolicy {
  kind: PolicyKind;
  version: PolicyVersion;
  document: PolicyDocument;
}

export class PolicyService {
  /** Revisions already proven to match their documents; a document is immutable once its version leaves DRAFT. */
  private readonly verifiedRevisions = new Set<string>();

  /** Loads a version's document, refusing one whose stored revision no longer matches its content. */
  documentOf(version: PolicyVersion): PolicyDocument {
    const key = `${version.id}:${version.revision}`;
    if (!this.verifiedRevisions.has(key)) {
      if (revision(version.document) !== version.revision) {
        throw new DomainError('INTERNAL', `Policy version ${version.id} does not match its stored revision`, {
          versionId: version.id,
        });
      }
      this.verifiedRevisions.add(key);
    }
    return version.document as unknown as PolicyDocument;
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
        { kind: version.policy.kind, version, document: this.documentOf(version) },
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
    if (!product) throw new DomainError('NOT_FOUND', `Product "${key}" does not exist`, { field: 'productKey' });
    return product;
  }
}
