/**
 * Compiled artefacts are shared by every evaluation that uses them (and by every result that points into
 * them), so they are frozen all the way down: a caller that mutates a trace gets a TypeError instead of
 * silently changing the next decision.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
