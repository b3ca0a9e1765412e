import { catalogFact, checkFacts, checkFactValue } from '@spillway/rules';
import { DomainError } from '../core/errors.js';

/**
 * Request facts, checked against the catalog before anything reads them: catalog facts only, each of its
 * type and inside its domain. Derived facts are the policies' to compute, and what the application says
 * (amount, term, purpose, channel) comes from the application alone, so neither may be given here.
 */
export function validateFacts(facts: Record<string, unknown>, root = 'input.facts'): Record<string, unknown> {
  const problem = checkFacts(facts, root);
  if (problem) {
    throw new DomainError('BAD_USER_INPUT', problem.message, {
      field: problem.path,
      reason: problem.code,
      ...(problem.bound ? { bound: problem.bound } : {}),
    });
  }
  for (const name of Object.keys(facts)) {
    const source = catalogFact(name)?.source;
    if (source === 'derived' || source === 'application') {
      const field = `${root}.${name}`;
      throw new DomainError(
        'BAD_USER_INPUT',
        source === 'derived'
          ? `${field} is derived by the policies and cannot be given`
          : `${field} comes from the application and cannot be given as a fact`,
        { field, reason: source === 'derived' ? 'DERIVED_FACT' : 'APPLICATION_FACT' },
      );
    }
  }
  return facts;
}

/** One profile value the API turned into a fact (income, debt service, age...), held to its domain. */
export function validateFact<T>(name: string, value: T, field: string): T {
  const problem = checkFactValue(name, value);
  if (problem) {
    throw new DomainError('BAD_USER_INPUT', `${field}: ${problem.message}`, {
      field,
      reason: problem.code,
      ...(problem.bound ? { bound: problem.bound } : {}),
    });
  }
  return value;
}
