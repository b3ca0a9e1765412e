/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members dropped, -0 as 0.
 * Two documents that differ only in key order or formatting serialise, and therefore hash, identically.
 * JSON.stringify does the writing (it is native and several times faster than a hand-written walker);
 * the replacer only sorts keys and refuses what JSON would silently turn into null or drop.
 */
import { PolicyError } from './errors.js';

function canonicalReplacer(_key: string, value: unknown): unknown {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) {
        throw new PolicyError('NOT_SERIALIZABLE', `canonical JSON has no representation for ${value}`);
      }
      return value;
    case 'function':
    case 'bigint':
    case 'symbol':
      throw new PolicyError('NOT_SERIALIZABLE', `canonical JSON has no representation for a ${typeof value}`);
    case 'object': {
      if (value === null || Array.isArray(value)) return value;
      const record = value as Record<string, unknown>;
      // a null prototype keeps a "__proto__" key a plain member instead of a prototype change
      const sorted: Record<string, unknown> = Object.create(null);
      for (const key of Object.keys(record).sort()) sorted[key] = record[key];
      return sorted;
    }
    default:
      return value;
  }
}

export function canonicalJson(value: unknown): string {
  if (value === undefined)
    throw new PolicyError('NOT_SERIALIZABLE', 'canonical JSON has no representation for undefined');
  try {
    return JSON.stringify(value, canonicalReplacer);
  } catch (error) {
    if (error instanceof PolicyError) throw error;
    throw new PolicyError(
      'NOT_SERIALIZABLE',
      `canonical JSON cannot represent this value: ${(error as Error).message}`,
    );
  }
}
