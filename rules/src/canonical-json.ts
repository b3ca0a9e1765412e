/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members dropped, -0 as 0.
 * Two documents that differ only in key order or formatting serialise, and therefore hash, identically.
 * JSON.stringify does the writing (it is native and several times faster than a hand-written walker);
 * the replacer only sorts keys, refuses what JSON would silently turn into null or drop, and stops at a
 * nesting depth no real value reaches, so a hostile value cannot drive the serialiser's recursion.
 */
import { PolicyError } from './errors.js';

/**
 * Deeper than any policy, result or trace (a decision trace is about 40 levels): the bound keeps the
 * engine's own recursion through nested values short, whatever a caller passes.
 */
export const CANONICAL_MAX_DEPTH = 128;

function tooDeep(): PolicyError {
  return new PolicyError(
    'NOT_SERIALIZABLE',
    `canonical JSON refuses values nested over ${CANONICAL_MAX_DEPTH} levels`,
  );
}

/** A replacer that sorts keys and, through `depths` (holder -> depth), refuses nesting past the bound. */
function canonicalReplacer(depths: WeakMap<object, number>) {
  return function replace(this: unknown, _key: string, value: unknown): unknown {
    switch (typeof value) {
      case 'number':
        if (!Number.isFinite(value)) {
          throw new PolicyError('NOT_SERIALIZABLE', `canonical JSON has no representation for ${value}`);
        }
        return value;
      case 'function':
      case 'bigint':
      case 'symbol':
        throw new PolicyError(
          'NOT_SERIALIZABLE',
          `canonical JSON has no representation for a ${typeof value}`,
        );
      case 'object': {
        if (value === null) return value;
        const depth = (depths.get(this as object) ?? 0) + 1;
        if (depth > CANONICAL_MAX_DEPTH) throw tooDeep();
        if (Array.isArray(value)) {
          depths.set(value, depth);
          return value;
        }
        const record = value as Record<string, unknown>;
        // a null prototype keeps a "__proto__" key a plain member instead of a prototype change
        const sorted: Record<string, unknown> = Object.create(null);
        for (const key of Object.keys(record).sort()) sorted[key] = record[key];
        depths.set(sorted, depth);
        return sorted;
      }
      default:
        return value;
    }
  };
}

export function canonicalJson(value: unknown): string {
  if (value === undefined)
    throw new PolicyError('NOT_SERIALIZABLE', 'canonical JSON has no representation for undefined');
  try {
    return JSON.stringify(value, canonicalReplacer(new WeakMap()));
  } catch (error) {
    if (error instanceof PolicyError) throw error;
    throw new PolicyError(
      'NOT_SERIALIZABLE',
      `canonical JSON cannot represent this value: ${(error as Error).message}`,
    );
  }
}
