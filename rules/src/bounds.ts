/**
 * Bounds on untrusted input, checked before anything parses, recurses or compiles it. Every check here
 * is one linear pass with an explicit stack, so a megabyte of hostile JSON (ten thousand nested arrays,
 * a million keys, one huge string) is refused in milliseconds with a code that names the limit and a
 * JSON path to where it was crossed, instead of overflowing the stack or holding a parser for minutes.
 */
import { jsonPath, type PolicyProblem } from './errors.js';

/** Limits for one JSON value. Depth counts containers: `{}` is 1 deep, `{ "a": [] }` is 2. */
export interface JsonBounds {
  maxDepth: number;
  /** Values of any kind, containers included. */
  maxNodes: number;
  /** For keys and string values, in UTF-16 code units. */
  maxStringLength: number;
  /** Members of one object or elements of one array. */
  maxKeys: number;
  /** Length of the value serialised as compact JSON. */
  maxSerializedLength?: number;
}

/** A bound crossed: `limit` is the number the input went over. */
export interface BoundsProblem extends PolicyProblem {
  limit?: number;
}

export type JsonBoundsCode =
  | 'JSON_TOO_DEEP'
  | 'JSON_TOO_MANY_NODES'
  | 'JSON_STRING_TOO_LONG'
  | 'JSON_TOO_MANY_KEYS'
  | 'JSON_TOO_LARGE'
  | 'NOT_JSON';

/**
 * Policy documents. A default policy is at most 6 KB, 7 levels deep and 300 values; these leave room
 * for a product with hundreds of rules. The depth admits POLICY_LIMITS.maxConditionDepth groups (two
 * JSON levels each: the group object and its array) under $.rules[i].conditions, so the condition
 * limit is the one a policy author meets.
 */
export const POLICY_JSON_BOUNDS: Readonly<JsonBounds> = Object.freeze({
  maxDepth: 40,
  maxNodes: 50_000,
  maxStringLength: 10_000,
  maxKeys: 1_000,
  maxSerializedLength: 256 * 1024,
});

/** Request facts: a flat object of catalog facts (about 40 exist). */
export const FACTS_JSON_BOUNDS: Readonly<JsonBounds> = Object.freeze({
  maxDepth: 2,
  maxNodes: 1_000,
  maxStringLength: 1_000,
  maxKeys: 200,
  maxSerializedLength: 64 * 1024,
});

/** Case mappings: one entry per file column (the Taiwan mapping has 24), three or four levels deep. */
export const MAPPING_JSON_BOUNDS: Readonly<JsonBounds> = Object.freeze({
  maxDepth: 8,
  maxNodes: 20_000,
  maxStringLength: 10_000,
  maxKeys: 1_000,
  maxSerializedLength: 256 * 1024,
});

/** The shape of rules inside a document that passed POLICY_JSON_BOUNDS. */
export const POLICY_LIMITS = Object.freeze({
  maxRules: 500,
  /** Condition nodes (groups and comparisons) in one rule. */
  maxConditionsPerRule: 200,
  /** all / any / not groups nested inside each other. */
  maxConditionDepth: 16,
  /** All expressions of a document together, in characters: each one compiles, so this bounds the work. */
  maxExpressionCharacters: 10_000,
  /** Scorecards in one document: each is scored on every evaluation (application, bureau, behaviour...). */
  maxScorecards: 8,
});

/** One expression: checked by a linear scan before filtrex (whose parser is superlinear) sees it. */
export const EXPRESSION_LIMITS = Object.freeze({
  maxLength: 2_000,
  /** Parentheses plus unary operators (`-`, `not`) open at any point. */
  maxDepth: 32,
  maxTokens: 500,
});

/** A place in a document, known by its parent and its key there: paths are built only when reported. */
interface Located {
  readonly parent: Located | null;
  readonly key: string | number | null;
}

interface Frame extends Located {
  value: unknown;
  depth: number;
}

function pathOf(frame: Located, root: string): string {
  const keys: (string | number)[] = [];
  for (let at: Located | null = frame; at !== null && at.key !== null; at = at.parent) keys.push(at.key);
  let path = root;
  for (let index = keys.length - 1; index >= 0; index -= 1) path = jsonPath(path, keys[index]);
  return path;
}

/** A bound crossed by one value, before its path is known. */
interface Issue {
  code: JsonBoundsCode;
  message: string;
  limit?: number;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

const crossed = (code: JsonBoundsCode, message: string, limit?: number): Issue =>
  limit === undefined ? { code, message } : { code, message, limit };

/** The `count` elements of an array or members of an object (`container`), against maxKeys. */
function tooMany(count: number, container: 'an array' | 'an object', bounds: JsonBounds): Issue | null {
  if (count <= bounds.maxKeys) return null;
  const noun = container === 'an array' ? 'elements' : 'members';
  return crossed(
    'JSON_TOO_MANY_KEYS',
    `${container} of ${count} ${noun}; at most ${bounds.maxKeys} are allowed`,
    bounds.maxKeys,
  );
}

/** A string or member name (`what`) of `length` characters, against maxStringLength. */
function tooLong(length: number, what: string, bounds: JsonBounds): Issue | null {
  if (length <= bounds.maxStringLength) return null;
  const { maxStringLength } = bounds;
  return crossed(
    'JSON_STRING_TOO_LONG',
    `${what} of ${length} characters; at most ${maxStringLength} are allowed`,
    maxStringLength,
  );
}

/**
 * Checks one value against the bounds and pushes its members onto `stack`. Returns the characters the
 * value adds to the serialised document (brackets, commas, member names and scalars), or the issue.
 */
function visit(frame: Frame, bounds: JsonBounds, stack: Frame[]): number | Issue {
  const current = frame.value;
  switch (typeof current) {
    case 'string':
      return tooLong(current.length, 'a string', bounds) ?? JSON.stringify(current).length;
    case 'number':
      return Number.isFinite(current)
        ? String(current).length
        : crossed('NOT_JSON', `${current} is not a JSON number`);
    case 'boolean':
      return current ? 4 : 5;
    case 'undefined':
      // only array elements get here (object members that are undefined are skipped, as JSON does)
      return frame.parent === null ? crossed('NOT_JSON', 'undefined is not JSON') : 4;
    case 'object':
      if (current === null) return 4;
      if (frame.depth + 1 > bounds.maxDepth) {
        return crossed('JSON_TOO_DEEP', `nested more than ${bounds.maxDepth} levels deep`, bounds.maxDepth);
      }
      return Array.isArray(current)
        ? visitArray(current, frame, bounds, stack)
        : visitObject(current, frame, bounds, stack);
    default:
      return crossed('NOT_JSON', `a ${typeof current} is not JSON`);
  }
}

function visitArray(array: unknown[], frame: Frame, bounds: JsonBounds, stack: Frame[]): number | Issue {
  const issue = tooMany(array.length, 'an array', bounds);
  if (issue) return issue;
  const depth = frame.depth + 1;
  for (let index = array.length - 1; index >= 0; index -= 1) {
    stack.push({ value: array[index], depth, parent: frame, key: index });
  }
  return 2 + Math.max(0, array.length - 1);
}

function visitObject(object: object, frame: Frame, bounds: JsonBounds, stack: Frame[]): number | Issue {
  if (!isPlainObject(object)) return crossed('NOT_JSON', 'only plain objects are JSON');
  const keys = Object.keys(object);
  const issue = tooMany(keys.length, 'an object', bounds);
  if (issue) return issue;
  const depth = frame.depth + 1;
  let size = 2;
  let members = 0;
  for (let index = keys.length - 1; index >= 0; index -= 1) {
    const key = keys[index];
    const member = (object as Record<string, unknown>)[key];
    if (member === undefined) continue;
    const long = tooLong(key.length, 'a member name', bounds);
    if (long) return long;
    size += JSON.stringify(key).length + 1;
    members += 1;
    stack.push({ value: member, depth, parent: frame, key });
  }
  return size + Math.max(0, members - 1);
}

/**
 * The first bound `value` crosses, or null. Iterative (an explicit stack, never recursion) and it
 * stops at the first problem, so its cost is bounded by the limits, not by the input. Also refuses what
 * is not JSON at all: functions, symbols, bigints, non-finite numbers, class instances.
 */
export function checkJsonBounds(value: unknown, bounds: JsonBounds, root = '$'): BoundsProblem | null {
  const stack: Frame[] = [{ value, depth: 0, parent: null, key: null }];
  const maxSize = bounds.maxSerializedLength ?? Number.POSITIVE_INFINITY;
  let nodes = 0;
  let size = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    nodes += 1;
    const visited =
      nodes > bounds.maxNodes
        ? crossed(
            'JSON_TOO_MANY_NODES',
            `more than ${bounds.maxNodes} values in one document`,
            bounds.maxNodes,
          )
        : visit(frame, bounds, stack);
    if (typeof visited !== 'number') return { ...visited, path: pathOf(frame, root), severity: 'error' };
    size += visited;
    if (size > maxSize) {
      return {
        code: 'JSON_TOO_LARGE',
        path: root,
        message: `larger than ${maxSize} characters serialised`,
        severity: 'error',
        limit: maxSize,
      };
    }
  }
  return null;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface ConditionFrame extends Located {
  node: unknown;
  depth: number;
}

/** The first condition-tree bound a rule crosses: nodes per rule and group nesting. */
function checkConditions(conditions: unknown, root: string): BoundsProblem | null {
  const stack: ConditionFrame[] = [{ node: conditions, depth: 0, parent: null, key: null }];
  let nodes = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as ConditionFrame;
    nodes += 1;
    if (nodes > POLICY_LIMITS.maxConditionsPerRule) {
      return {
        code: 'TOO_MANY_CONDITIONS',
        path: root,
        message: `a rule may have at most ${POLICY_LIMITS.maxConditionsPerRule} conditions`,
        severity: 'error',
        limit: POLICY_LIMITS.maxConditionsPerRule,
      };
    }
    if (!isObject(frame.node)) continue;
    const depth = frame.depth + 1;
    const children: [string | number, unknown, ConditionFrame][] = [];
    for (const group of ['all', 'any'] as const) {
      const list = frame.node[group];
      if (!Array.isArray(list)) continue;
      const holder: ConditionFrame = { node: list, depth, parent: frame, key: group };
      list.forEach((child, index) => {
        children.push([index, child, holder]);
      });
    }
    if (frame.node.not !== undefined) children.push(['not', frame.node.not, frame]);
    if (children.length > 0 && depth > POLICY_LIMITS.maxConditionDepth) {
      return {
        code: 'CONDITION_TOO_DEEP',
        path: pathOf(frame, root),
        message: `all / any / not may nest at most ${POLICY_LIMITS.maxConditionDepth} levels deep`,
        severity: 'error',
        limit: POLICY_LIMITS.maxConditionDepth,
      };
    }
    for (let index = children.length - 1; index >= 0; index -= 1) {
      const [key, node, parent] = children[index];
      stack.push({ node, depth, parent, key });
    }
  }
  return null;
}

/** Where a policy document holds expressions (shape permitting: the validator reports wrong shapes). */
function expressionCharacters(document: Json): number {
  let total = 0;
  const add = (value: unknown) => {
    if (typeof value === 'string') total += value.length;
  };
  if (isObject(document.facts)) {
    for (const spec of Object.values(document.facts)) add(isObject(spec) ? spec.expression : spec);
  }
  if (isObject(document.limit)) {
    add(document.limit.base);
    add(document.limit.affordable);
    if (Array.isArray(document.limit.caps)) {
      for (const cap of document.limit.caps) if (isObject(cap)) add(cap.value);
    }
  }
  if (isObject(document.scorecards)) {
    for (const card of Object.values(document.scorecards)) {
      const characteristics = isObject(card) ? card.characteristics : undefined;
      if (!Array.isArray(characteristics)) continue;
      for (const characteristic of characteristics)
        if (isObject(characteristic)) add(characteristic.expression);
    }
  }
  if (Array.isArray(document.rules)) {
    for (const rule of document.rules) {
      const params = isObject(rule) && isObject(rule.event) ? rule.event.params : undefined;
      if (isObject(params)) {
        add(params.value);
        add(params.target);
        add(params.factor);
      }
    }
  }
  return total;
}

/**
 * The first bound a policy document crosses, or null: its JSON (size, depth, nodes, strings, members),
 * then the number of scorecards and rules, each rule's condition tree and the total size of its
 * expressions (scorecards' included). The validator and the compiler run this before anything else reads
 * the document.
 */
export function checkPolicyBounds(document: unknown): BoundsProblem | null {
  const json = checkJsonBounds(document, POLICY_JSON_BOUNDS);
  if (json !== null || !isObject(document)) return json;
  if (isObject(document.scorecards)) {
    const count = Object.keys(document.scorecards).length;
    if (count > POLICY_LIMITS.maxScorecards) {
      return {
        code: 'TOO_MANY_SCORECARDS',
        path: '$.scorecards',
        message: `a policy may have at most ${POLICY_LIMITS.maxScorecards} scorecards, this one has ${count}`,
        severity: 'error',
        limit: POLICY_LIMITS.maxScorecards,
      };
    }
  }
  const { rules } = document;
  if (Array.isArray(rules)) {
    if (rules.length > POLICY_LIMITS.maxRules) {
      return {
        code: 'TOO_MANY_RULES',
        path: '$.rules',
        message: `a policy may have at most ${POLICY_LIMITS.maxRules} rules, this one has ${rules.length}`,
        severity: 'error',
        limit: POLICY_LIMITS.maxRules,
      };
    }
    for (const [index, rule] of rules.entries()) {
      if (!isObject(rule)) continue;
      const found = checkConditions(rule.conditions, jsonPath(jsonPath('$.rules', index), 'conditions'));
      if (found) return found;
    }
  }
  const characters = expressionCharacters(document);
  if (characters > POLICY_LIMITS.maxExpressionCharacters) {
    return {
      code: 'EXPRESSIONS_TOO_LARGE',
      path: '$',
      message: `the expressions of a policy may total at most ${POLICY_LIMITS.maxExpressionCharacters} characters, these total ${characters}`,
      severity: 'error',
      limit: POLICY_LIMITS.maxExpressionCharacters,
    };
  }
  return null;
}
