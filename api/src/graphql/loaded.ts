import { type EntityClass, type EntityManager, wrap } from '@mikro-orm/core';

/**
 * A relation of an object a resolver returns, loaded: the entity itself when it is, else read through the
 * request's identity map by id (no query when the page already loaded it). A decision just decided carries
 * its relations as bare `{ id }`, so a caller that asks only for the decision's own fields costs nothing.
 */
export async function loaded<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  value: T & { id: string },
): Promise<T> {
  if (value instanceof entity && wrap(value, true).isInitialized()) return value;
  return em.findOneOrFail(entity, { id: value.id } as never);
}
