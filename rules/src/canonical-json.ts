/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members dropped, -0 as 0.
 * Two documents that differ only in key order or formatting serialise, and therefore hash, identically.
 */
import { PolicyError } from './errors.js';

export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new PolicyError('NOT_SERIALIZABLE', `canonical JSON has no representation for ${value}`);
      }
      return JSON.stringify(value === 0 ? 0 : value);
    case 'object':
      break;
    default:
      throw new PolicyError('NOT_SERIALIZABLE', `canonical JSON has no representation for a ${typeof value}`);
  }
  const object = value as object;
  if (seen.has(object)) throw new PolicyError('NOT_SERIALIZABLE', 'canonical JSON cannot represent a cycle');
  seen.add(object);
  let out: string;
  if (Array.isArray(object)) {
    out = `[${object.map((item) => (item === undefined ? 'null' : write(item, seen))).join(',')}]`;
  } else {
    const record = object as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${write(record[key], seen)}`);
    out = `{${members.join(',')}}`;
  }
  seen.delete(object);
  return out;
}
