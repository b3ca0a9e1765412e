import { type AnyEntity, type EntityManager, wrap } from '@mikro-orm/core';

/** The entity itself when it is loaded; otherwise read through the request's identity map, by id. */
export async function loaded<T extends AnyEntity>(em: EntityManager, entity: T): Promise<T> {
  if (wrap(entity, true).isInitialized()) return entity;
  return em.findOneOrFail(
    entity.constructor as never,
    wrap(entity, true).getPrimaryKey() as never,
  ) as Promise<T>;
}
