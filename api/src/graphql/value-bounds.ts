/**
 * Bounds on values clients send, checked before any database or recursive code sees them: strings that a
 * database cannot store (NUL, lone surrogates) or that are longer than allowed, and JSON documents too deep
 * or too big. Pure and iterative: a document nested a million levels deep costs one pass and no stack.
 */

declare global {
  interface String {
    /** ES2024; Node 20 has it. */
    isWellFormed(): boolean;
  }
}

export type ValueProblemReason =
  | 'INVALID_ID'
  | 'NUL_BYTE'
  | 'LONE_SURROGATE'
  | 'TOO_LONG'
  | 'TOO_DEEP'
  | 'TOO_LARGE'
  | 'TOO_MANY_KEYS'
  | 'TOO_MANY_ITEMS';

export interface JsonBounds {
  /** Nested objects and arrays: `{}` is 1 deep, `{ "a": [] }` 2. */
  maxDepth: number;
  /** Every value counts, containers included. */
  maxNodes: number;
  /** Of every string value and every key. */
  maxStringLength: number;
  /** Keys of any one object. */
  maxKeys: number;
}

export interface JsonProblem {
  reason: ValueProblemReason;
  /** `$` for the document itself, then `.key` or `["odd key"]` and `[index]` steps. */
  path: string;
  /** The bound that was exceeded, when one was. */
  limit?: number;
}

/** Generous for policy documents, case mappings and facts alike; a field may raise them. */
export const DEFAULT_JSON_BOUNDS: JsonBounds = {
  maxDepth: 32,
  maxNodes: 10_000,
  maxStringLength: 10_000,
  maxKeys: 1_000,
};

/** What a database refuses or mangles, and what is longer than `maxLength` UTF-16 code units. */
export function textProblem(value: string, maxLength: number): ValueProblemReason | null {
  if (value.length > maxLength) return 'TOO_LONG';
  if (value.includes('\0')) return 'NUL_BYTE';
  if (!value.isWellFormed()) return 'LONE_SURROGATE';
  return null;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The first problem in a JSON value, depth first in document order, or null. Walks with an explicit stack
 * (one frame per open container), so nothing recursive ever sees an unbounded document.
 */
export function checkJsonBounds(value: unknown, bounds: JsonBounds): JsonProblem | null {
  if (typeof value === 'string') return leaf(textProblem(value, bounds.maxStringLength), '$', bounds);
  if (value === null || typeof value !== 'object') return null;
  const containers: object[] = [];
  const keyLists: (string[] | null)[] = [];
  const positions: number[] = [];
  const open = (container: object): ValueProblemReason | null => {
    if (containers.length >= bounds.maxDepth) return 'TOO_DEEP';
    const keys = Array.isArray(container) ? null : Object.keys(container);
    if (keys && keys.length > bounds.maxKeys) return 'TOO_MANY_KEYS';
    containers.push(container);
    keyLists.push(keys);
    positions.push(0);
    return null;
  };
  const pathHere = () => {
    let path = '$';
    for (let frame = 0; frame < containers.length; frame++) {
      const index = positions[frame] - 1;
      const keys = keyLists[frame];
      if (!keys) path += `[${index}]`;
      else path += IDENTIFIER.test(keys[index]) ? `.${keys[index]}` : `[${JSON.stringify(keys[index])}]`;
    }
    return path;
  };

  const rootProblem = open(value);
  if (rootProblem) return leaf(rootProblem, '$', bounds);
  let nodes = 1;
  while (containers.length > 0) {
    const top = containers.length - 1;
    const keys = keyLists[top];
    const position = positions[top];
    const container = containers[top];
    if (position === (keys ? keys.length : (container as unknown[]).length)) {
      containers.pop();
      keyLists.pop();
      positions.pop();
      continue;
    }
    positions[top] = position + 1;
    if (++nodes > bounds.maxNodes) return leaf('TOO_LARGE', pathHere(), bounds);
    let child: unknown;
    if (keys) {
      const keyProblem = textProblem(keys[position], bounds.maxStringLength);
      if (keyProblem) return leaf(keyProblem, pathHere(), bounds);
      child = (container as Record<string, unknown>)[keys[position]];
    } else {
      child = (container as unknown[])[position];
    }
    if (typeof child === 'string') {
      const problem = textProblem(child, bounds.maxStringLength);
      if (problem) return leaf(problem, pathHere(), bounds);
    } else if (child !== null && typeof child === 'object') {
      // A refused container is never pushed, so the path still ends at it.
      const problem = open(child);
      if (problem) return leaf(problem, pathHere(), bounds);
    }
  }
  return null;
}

function leaf(reason: ValueProblemReason | null, path: string, bounds: JsonBounds): JsonProblem | null {
  if (!reason) return null;
  const limit = LIMIT_OF[reason]?.(bounds);
  return limit === undefined ? { reason, path } : { reason, path, limit };
}

const LIMIT_OF: Partial<Record<ValueProblemReason, (bounds: JsonBounds) => number>> = {
  TOO_LONG: (bounds) => bounds.maxStringLength,
  TOO_DEEP: (bounds) => bounds.maxDepth,
  TOO_LARGE: (bounds) => bounds.maxNodes,
  TOO_MANY_KEYS: (bounds) => bounds.maxKeys,
};
