import type { EntityManager } from '@mikro-orm/core';
import { notFound } from '../core/errors.js';
import { Policy } from './policy.entity.js';
import { PolicyVersion } from './policy-version.entity.js';

/** A version with its policy, refused when its document no longer matches its stored revision. */
export async function findVersion(em: EntityManager, id: string): Promise<PolicyVersion> {
  const version = await em.findOne(PolicyVersion, { id }, { populate: ['policy'] });
  if (!version) throw notFound('Policy version', id);
  return version.verifyRevision();
}

export async function findPolicy(em: EntityManager, id: string): Promise<Policy> {
  const policy = await em.findOne(Policy, { id }, { populate: ['product', 'challengerVersion'] });
  if (!policy) throw notFound('Policy', id);
  return policy;
}
