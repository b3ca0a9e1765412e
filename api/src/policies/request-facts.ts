import { catalogFact, hasFactType } from '@spillway/rules';
import { DomainError } from '../core/errors.js';

/** Request facts must be catalog facts of the right type; the error names the offending field. */
export function validateFacts(facts: Record<string, unknown>): Record<string, unknown> {
  for (const [name, value] of Object.entries(facts)) {
    const field = `input.facts.${name}`;
    const definition = catalogFact(name);
    if (!definition) throw new DomainError('BAD_USER_INPUT', `${field} is not a catalog fact`, { field });
    if (definition.source === 'derived') {
      throw new DomainError('BAD_USER_INPUT', `${field} is derived by the policies and cannot be given`, {
        field,
      });
    }
    if (!hasFactType(value, definition.type)) {
      throw new DomainError('BAD_USER_INPUT', `${field} must be a ${definition.type}`, { field });
    }
  }
  return facts;
}
