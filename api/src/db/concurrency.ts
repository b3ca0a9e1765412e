import { type EntityManager, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { DomainError } from '../core/errors.js';

/**
 * Runs a policy change in one transaction. Losing a race (a stale optimistic lock, or the database's
 * one-published-version index) is the caller's CONFLICT, not an internal error: nothing was committed.
 */
export async function changeAtomically<T>(
  em: EntityManager,
  what: string,
  work: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await em.transactional(work);
  } catch (error) {
    if (error instanceof OptimisticLockError || error instanceof UniqueConstraintViolationException) {
      throw new DomainError(
        'CONFLICT',
        `${what} was changed by someone else at the same time: reload and retry`,
      );
    }
    throw error;
  }
}
