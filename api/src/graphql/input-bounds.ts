import {
  defaultFieldResolver,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { Extensions } from 'type-graphql';
import { DomainError } from '../core/errors.js';
import {
  checkJsonBounds,
  DEFAULT_JSON_BOUNDS,
  type JsonBounds,
  textProblem,
  type ValueProblemReason,
} from './value-bounds.js';

/** What a field of an input type (or an argument) may hold beyond the defaults. */
export interface InputBoundsOptions {
  /** Strings: UTF-16 code units. */
  maxLength?: number;
  /** Lists: items. */
  maxItems?: number;
  /** JSON and JSONObject values. */
  json?: Partial<JsonBounds>;
}

interface Bounds {
  maxLength: number;
  maxItems: number;
  json: JsonBounds;
}

/** Every string fits a varchar(255) column; a field that holds longer text says so with `@InputBounds`. */
export const DEFAULT_INPUT_BOUNDS: Bounds = { maxLength: 255, maxItems: 100, json: DEFAULT_JSON_BOUNDS };

const EXTENSION = 'inputBounds';

/** Raises (or lowers) the bounds of one input field: `@InputBounds({ maxLength: 2000 })` beside `@Field`. */
export const InputBounds = (bounds: InputBoundsOptions) => Extensions({ [EXTENSION]: bounds });

/** Our ids are UUIDs (audit events' integer `seq` is never an argument). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const JSON_SCALARS = new Set(['JSON', 'JSONObject']);

interface Found {
  field: string;
  reason: ValueProblemReason;
  limit?: number;
}

/** The argument path being walked; one array reused by every check, which runs synchronously. */
type Trail = (string | number)[];
type Check = (value: unknown, trail: Trail) => Found | null;

const MESSAGES: Record<ValueProblemReason, (field: string, limit?: number) => string> = {
  INVALID_ID: (field) => `${field} is not a valid id`,
  NUL_BYTE: (field) => `${field} contains a NUL character`,
  LONE_SURROGATE: (field) => `${field} is not well-formed Unicode (it holds a lone surrogate)`,
  TOO_LONG: (field, limit) => `${field} is longer than ${limit} characters`,
  TOO_DEEP: (field, limit) => `${field} nests deeper than ${limit} levels`,
  TOO_LARGE: (field, limit) => `${field} holds more than ${limit} values`,
  TOO_MANY_KEYS: (field, limit) => `${field} has more than ${limit} keys`,
  TOO_MANY_ITEMS: (field, limit) => `${field} has more than ${limit} items`,
};

function fieldPath(trail: Trail, suffix = ''): string {
  let path = '';
  for (const step of trail) path += typeof step === 'number' ? `[${step}]` : path ? `.${step}` : step;
  return path + suffix;
}

const found = (trail: Trail, reason: ValueProblemReason, limit?: number, suffix?: string): Found =>
  limit === undefined
    ? { field: fieldPath(trail, suffix), reason }
    : { field: fieldPath(trail, suffix), reason, limit };

export function inputError({ field, reason, limit }: Found): DomainError {
  return new DomainError('BAD_USER_INPUT', MESSAGES[reason](field, limit), {
    field,
    reason,
    ...(limit === undefined ? {} : { limit }),
  });
}

/**
 * Compiles, once per schema, a check of every argument of every field by its GraphQL type: ids, strings
 * (length, NUL, lone surrogates), lists (items) and JSON (depth, size, keys, strings), with each input
 * field's own bounds. Fields whose arguments hold none of those are left alone.
 */
class InputBoundsCompiler {
  private readonly inputObjects = new Map<GraphQLInputObjectType, Check | null>();
  private readonly unusedRaised: Set<string>;

  constructor(private readonly raised: Record<string, InputBoundsOptions>) {
    this.unusedRaised = new Set(Object.keys(raised));
  }

  /** The check of a field's arguments, or null when none of them can be out of bounds. */
  arguments(args: readonly GraphQLArgument[]): ((args: Record<string, unknown>) => Found | null) | null {
    const checks: [string, Check][] = [];
    for (const arg of args) {
      const check = this.value(arg.type, this.bounds(undefined, arg));
      if (check) checks.push([arg.name, check]);
    }
    if (checks.length === 0) return null;
    const trail: Trail = [];
    return (values) => {
      for (const [name, check] of checks) {
        const value = values[name];
        if (value === undefined || value === null) continue;
        trail.length = 0;
        trail.push(name);
        const problem = check(value, trail);
        if (problem) return problem;
      }
      return null;
    };
  }

  /** Raised bounds that name no input field are a typo, not a silent no-op. */
  assertRaisedBoundsUsed() {
    if (this.unusedRaised.size > 0) {
      throw new Error(`input bounds name no input field: ${[...this.unusedRaised].join(', ')}`);
    }
  }

  private bounds(typeName: string | undefined, field: GraphQLInputField | GraphQLArgument): Bounds {
    const key = typeName && `${typeName}.${field.name}`;
    const own =
      (key && this.raised[key]) || (field.extensions?.[EXTENSION] as InputBoundsOptions | undefined);
    if (key && this.raised[key]) this.unusedRaised.delete(key);
    if (!own) return DEFAULT_INPUT_BOUNDS;
    return {
      maxLength: own.maxLength ?? DEFAULT_INPUT_BOUNDS.maxLength,
      maxItems: own.maxItems ?? DEFAULT_INPUT_BOUNDS.maxItems,
      json: { ...DEFAULT_JSON_BOUNDS, ...own.json },
    };
  }

  private value(type: GraphQLInputType, bounds: Bounds): Check | null {
    if (isNonNullType(type)) return this.value(type.ofType, bounds);
    if (isListType(type)) return this.list(this.value(type.ofType, bounds), bounds.maxItems);
    if (isInputObjectType(type)) return this.inputObject(type);
    if (!isScalarType(type)) return null;
    if (type.name === 'ID') return checkId;
    if (type.name === 'String') return checkText(bounds.maxLength);
    if (JSON_SCALARS.has(type.name)) return checkJson(bounds.json);
    return null;
  }

  private list(item: Check | null, maxItems: number): Check {
    return (value, trail) => {
      const items = value as unknown[];
      if (items.length > maxItems) return found(trail, 'TOO_MANY_ITEMS', maxItems);
      if (!item) return null;
      for (let index = 0; index < items.length; index++) {
        if (items[index] === null || items[index] === undefined) continue;
        trail.push(index);
        const problem = item(items[index], trail);
        if (problem) return problem;
        trail.pop();
      }
      return null;
    };
  }

  private inputObject(type: GraphQLInputObjectType): Check | null {
    if (this.inputObjects.has(type)) return this.inputObjects.get(type) ?? null;
    const fields: [string, Check][] = [];
    const check: Check = (value, trail) => {
      const object = value as Record<string, unknown>;
      for (const [name, fieldCheck] of fields) {
        const fieldValue = object[name];
        if (fieldValue === undefined || fieldValue === null) continue;
        trail.push(name);
        const problem = fieldCheck(fieldValue, trail);
        if (problem) return problem;
        trail.pop();
      }
      return null;
    };
    // Registered before its fields compile, so an input type that contains itself ends the recursion.
    this.inputObjects.set(type, check);
    for (const field of Object.values(type.getFields())) {
      const fieldCheck = this.value(field.type, this.bounds(type.name, field));
      if (fieldCheck) fields.push([field.name, fieldCheck]);
    }
    if (fields.length === 0) this.inputObjects.set(type, null);
    return fields.length === 0 ? null : check;
  }
}

const checkId: Check = (value, trail) =>
  typeof value === 'string' && UUID.test(value) ? null : found(trail, 'INVALID_ID');

function checkText(maxLength: number): Check {
  return (value, trail) => {
    const reason = textProblem(value as string, maxLength);
    return reason ? found(trail, reason, reason === 'TOO_LONG' ? maxLength : undefined) : null;
  };
}

function checkJson(bounds: JsonBounds): Check {
  return (value, trail) => {
    const problem = checkJsonBounds(value, bounds);
    return problem && found(trail, problem.reason, problem.limit, problem.path.slice(1));
  };
}

/**
 * Wraps the resolver of every field with arguments that could be out of bounds, so each argument is checked
 * by its GraphQL type, after GraphQL coerced it and before any resolver, database or recursive code sees
 * it. A problem is BAD_USER_INPUT with the argument path in `field` and a `reason` code. Fields without such
 * arguments keep their resolver untouched: they cost nothing.
 *
 * `raised` gives bounds to input fields by `Type.field`, for fields whose classes cannot carry
 * `@InputBounds` themselves.
 */
export function enforceInputBounds(
  schema: GraphQLSchema,
  raised: Record<string, InputBoundsOptions> = {},
): GraphQLSchema {
  const compiler = new InputBoundsCompiler(raised);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const check = compiler.arguments(field.args);
      if (!check) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const problem = check(args);
        if (problem) throw inputError(problem);
        return resolve(source, args, context, info);
      };
    }
  }
  compiler.assertRaisedBoundsUsed();
  return schema;
}
