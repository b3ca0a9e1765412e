/**
 * Case mapping: how the rows of a historical file (a CSV with its own column names and units) become the
 * catalog facts, the application and the observed outcome of a backtest case. The mapping is a JSON
 * document checked like a policy (every problem at once, coded, with a JSON path) and compiled once; rows
 * are then mapped one by one, so the API can stream a file of any size. Parsing the CSV is the caller's
 * I/O; this module only sees `Record<column, string>` rows.
 *
 * Expressions are the policy expression language. In them a declared column is read by its column name
 * (after its type and scale are applied), a column mapped to a fact also by the fact name, and every
 * variable and derived fact by its name. Variables are intermediate values that are not output.
 */
import { checkJsonBounds, MAPPING_JSON_BOUNDS } from './bounds.js';
import { dependencyOrder } from './dependency-order.js';
import { jsonPath, PolicyError, type PolicyProblem } from './errors.js';
import {
  analyzeExpression,
  type CompiledExpression,
  compileExpressionOf,
  expressionIdentifiers,
  isReservedName,
} from './expression.js';
import { catalogFact, type FactType } from './fact-catalog.js';
import { checkFactValue, clip } from './fact-value.js';

export const CASE_MAPPING_VERSION = 1;

export interface ColumnMapping {
  /** The catalog fact this column supplies; without it the column is only an input to expressions. */
  fact?: string;
  /** Defaults to the fact's catalog type, else number. */
  type?: FactType;
  /** Numbers are multiplied by it: a unit or currency conversion (0.25 for NT$ -> CNY at 4 NT$ per CNY). */
  scale?: number;
  unit?: string;
  /** Used for an empty cell, read as the cell would be (before scale); without it an empty cell is an error. */
  default?: string | number | boolean;
  description?: string;
}

/** An expression, or one with the reason it is written so (assumptions belong next to the formula). */
export type MappedExpression = string | { expression: string; description?: string };

function expressionSource(spec: MappedExpression): string {
  return typeof spec === 'string' ? spec : spec.expression;
}

export interface CaseMapping {
  version: number;
  name?: string;
  description?: string;
  /** Provenance and licence of the data the mapping is written for: shown wherever the data is. */
  source?: { title?: string; attribution?: string; license?: string; url?: string };
  columns: Record<string, ColumnMapping>;
  /** Intermediate values: name -> expression; not output. */
  variables?: Record<string, MappedExpression>;
  /** Catalog facts computed from columns, variables and other facts: fact -> expression. */
  derived?: Record<string, MappedExpression>;
  outcome: {
    column: string;
    /** Cell values (trimmed, exact) meaning the case defaulted. */
    defaultValues: string[];
    /** When given, only these mean "did not default" and any other value is an error. */
    nonDefaultValues?: string[];
    /** Values meaning the outcome is not known (an empty cell always does). */
    unknownValues?: string[];
  };
  /** The expected decision, for regression suites: column names (outcome, riskTier) and expressions. */
  expected?: { outcome?: string; approvedLimit?: string; aprBps?: string; riskTier?: string };
  /** `appliedAt`: the column holding when each case applied, so budgets can be applied in time order. */
  application: { requestedAmount: string; termMonths: string; appliedAt?: string };
}

/** A mapping problem; `position` is the 1-based character in an expression where one is at fault. */
export interface MappingProblem extends PolicyProblem {
  position?: number;
}

export interface MappingValidation {
  valid: boolean;
  errors: MappingProblem[];
}

export interface ExpectedDecision {
  outcome?: 'APPROVE' | 'DECLINE' | 'REFER';
  approvedLimit?: number;
  aprBps?: number;
  riskTier?: string;
}

export interface MappedCase {
  facts: Record<string, number | string | boolean>;
  /** `appliedAt`: an ISO instant (UTC), when the mapping names an application time column. */
  application: { requestedAmount: number; termMonths: number; appliedAt?: string };
  observedDefault: boolean | null;
  expected?: ExpectedDecision;
}

export interface RowError {
  line: number;
  /** The file column at fault, or null when an expression over several is. */
  column: string | null;
  /** Where in the mapping: `$.columns.AGE`, `$.derived.maxDpd12m`... */
  path: string;
  code: string;
  message: string;
}

export type MapRowResult = MappedCase | { errors: RowError[] };

type Json = Record<string, unknown>;

const TYPES: readonly FactType[] = ['number', 'integer', 'string', 'boolean'];
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const OUTCOMES = ['APPROVE', 'DECLINE', 'REFER'];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Facts a row may not supply: the application section does, or the pipeline. */
function reservedFact(name: string): string | undefined {
  const definition = catalogFact(name);
  if (definition?.source === 'application') return 'comes from the application section';
  if (definition?.suppliedBy === 'pipeline') return 'is supplied by the pipeline';
  return undefined;
}

function columnType(spec: ColumnMapping): FactType {
  return spec.type ?? (spec.fact ? catalogFact(spec.fact)?.type : undefined) ?? 'number';
}

const WORD_CHARACTER = /[A-Za-z0-9_$.]/;

/** 1-based position of `name` as a whole identifier in `source` (not inside a longer name). */
function identifierPosition(source: string, name: string): number | undefined {
  for (let at = source.indexOf(name); at >= 0; at = source.indexOf(name, at + 1)) {
    const before = source[at - 1];
    const after = source[at + name.length];
    const whole =
      (before === undefined || !WORD_CHARACTER.test(before)) &&
      (after === undefined || !WORD_CHARACTER.test(after));
    if (whole) return at + 1;
  }
  return undefined;
}

class MappingValidator {
  readonly errors: MappingProblem[] = [];
  /** Names expressions may read. */
  readonly names = new Map<string, string>();

  constructor(
    readonly doc: Json,
    readonly header: readonly string[] | undefined,
  ) {}

  error(code: string, path: string, message: string, position?: number): void {
    const problem: MappingProblem = { code, path, message, severity: 'error' };
    if (position !== undefined) problem.position = position;
    this.errors.push(problem);
  }

  declare(name: string, origin: string, path: string): void {
    const existing = this.names.get(name);
    if (existing !== undefined)
      this.error('NAME_CONFLICT', path, `${name} is both ${existing} and ${origin}`);
    else this.names.set(name, origin);
  }

  headerHas(column: string, path: string): void {
    if (this.header && !this.header.includes(column)) {
      this.error('UNKNOWN_COLUMN', path, `column '${column}' is not in the file header`);
    }
  }

  run(): void {
    const { doc } = this;
    if (doc.version !== CASE_MAPPING_VERSION) {
      this.error('UNSUPPORTED_VERSION', '$.version', `version must be ${CASE_MAPPING_VERSION}`);
    }
    const facts = new Map<string, string>();
    this.columns(facts);
    this.expressions(facts);
    this.outcome();
    this.expected();
  }

  columns(facts: Map<string, string>): void {
    const { columns } = this.doc;
    if (!isObject(columns)) {
      this.error('MISSING_FIELD', '$.columns', 'columns must be an object of column -> mapping');
      return;
    }
    for (const [column, spec] of Object.entries(columns)) {
      const path = jsonPath('$.columns', column);
      this.headerHas(column, path);
      if (!isObject(spec)) {
        this.error('INVALID_TYPE', path, 'a column mapping must be an object');
        continue;
      }
      this.declare(column, `column ${column}`, path);
      if (spec.type !== undefined && !TYPES.includes(spec.type as FactType)) {
        this.error('INVALID_TYPE', jsonPath(path, 'type'), `type must be one of ${TYPES.join(', ')}`);
      }
      if (spec.scale !== undefined && !(typeof spec.scale === 'number' && Number.isFinite(spec.scale))) {
        this.error('INVALID_VALUE', jsonPath(path, 'scale'), 'scale must be a finite number');
      }
      if (spec.default !== undefined && !['string', 'number', 'boolean'].includes(typeof spec.default)) {
        this.error('INVALID_VALUE', jsonPath(path, 'default'), 'default must be a string, number or boolean');
      }
      if (spec.fact === undefined) continue;
      const factPath = jsonPath(path, 'fact');
      if (typeof spec.fact !== 'string' || !catalogFact(spec.fact)) {
        this.error('UNKNOWN_FACT', factPath, `'${String(spec.fact)}' is not a catalog fact`);
        continue;
      }
      const reserved = reservedFact(spec.fact);
      if (reserved) this.error('RESERVED_FACT', factPath, `${spec.fact} ${reserved}`);
      if (facts.has(spec.fact)) {
        this.error('DUPLICATE_FACT', factPath, `${spec.fact} is already mapped by ${facts.get(spec.fact)}`);
      }
      facts.set(spec.fact, path);
      const type = columnType(spec as ColumnMapping);
      const catalogType = catalogFact(spec.fact)!.type;
      const compatible = type === catalogType || (type === 'integer' && catalogType === 'number');
      if (!compatible) {
        this.error('INVALID_TYPE', path, `${spec.fact} is a ${catalogType}, the column is read as ${type}`);
      }
      if (spec.scale !== undefined && (type === 'string' || type === 'boolean')) {
        this.error('INVALID_VALUE', jsonPath(path, 'scale'), `a ${type} column cannot be scaled`);
      }
      if (spec.fact !== column) this.declare(spec.fact, `the fact of column ${column}`, factPath);
    }
  }

  expressions(facts: Map<string, string>): void {
    const sections: { key: 'variables' | 'derived'; catalog: boolean }[] = [
      { key: 'variables', catalog: false },
      { key: 'derived', catalog: true },
    ];
    const edges = new Map<string, { path: string; reads: string[] }>();
    for (const { key, catalog } of sections) {
      const section = this.doc[key];
      if (section === undefined) continue;
      if (!isObject(section)) {
        this.error('INVALID_TYPE', `$.${key}`, `${key} must be an object of name -> expression`);
        continue;
      }
      for (const name of Object.keys(section)) {
        const path = jsonPath(`$.${key}`, name);
        if (!IDENTIFIER.test(name)) this.error('INVALID_NAME', path, `'${clip(name)}' is not an identifier`);
        else if (isReservedName(name)) this.error('RESERVED_NAME', path, `'${name}' is a reserved name`);
        if (catalog) {
          const definition = catalogFact(name);
          if (!definition) {
            this.error('UNKNOWN_FACT', path, `'${name}' is not a catalog fact: use variables for helpers`);
            continue;
          }
          const reserved = reservedFact(name);
          if (reserved) this.error('RESERVED_FACT', path, `${name} ${reserved}`);
          if (definition.type === 'string') {
            this.error('INVALID_TYPE', path, `${name} is a string: map it from a column`);
          }
          if (facts.has(name))
            this.error('DUPLICATE_FACT', path, `${name} is already mapped by ${facts.get(name)}`);
          facts.set(name, path);
        } else if (catalogFact(name)) {
          this.error('NAME_CONFLICT', path, `variable ${name} would shadow the catalog fact`);
        }
        this.declare(name, `${key === 'derived' ? 'a derived fact' : 'a variable'}`, path);
      }
    }
    for (const { key } of sections) {
      const section = this.doc[key];
      if (!isObject(section)) continue;
      for (const [name, spec] of Object.entries(section)) {
        const path = jsonPath(`$.${key}`, name);
        const source = isObject(spec) ? spec.expression : spec;
        const at = isObject(spec) ? jsonPath(path, 'expression') : path;
        edges.set(name, { path, reads: this.expression(source, at) });
      }
    }
    const application = this.doc.application;
    if (!isObject(application)) {
      this.error('MISSING_FIELD', '$.application', 'application must give requestedAmount and termMonths');
    } else {
      for (const field of ['requestedAmount', 'termMonths']) {
        const path = jsonPath('$.application', field);
        if (application[field] === undefined) this.error('MISSING_FIELD', path, `${field} is required`);
        else this.expression(application[field], path);
      }
      const appliedAt = application.appliedAt;
      const path = jsonPath('$.application', 'appliedAt');
      if (appliedAt !== undefined && (typeof appliedAt !== 'string' || appliedAt.trim() === '')) {
        this.error('INVALID_TYPE', path, 'appliedAt must name the column holding the application time');
      } else if (typeof appliedAt === 'string') this.headerHas(appliedAt, path);
    }
    this.cycles(edges);
  }

  /** Checks one expression and returns the names it reads. */
  expression(source: unknown, path: string): string[] {
    if (typeof source !== 'string') {
      this.error('INVALID_TYPE', path, 'an expression must be a string');
      return [];
    }
    const analysis = analyzeExpression(source);
    for (const problem of analysis.problems) {
      const at = problem.column === undefined ? '' : ` (column ${problem.column})`;
      this.error(
        problem.code,
        path,
        `${problem.message}${problem.message.includes('column') ? '' : at}`,
        problem.column,
      );
    }
    for (const name of analysis.identifiers) {
      if (!this.names.has(name)) {
        this.error(
          'UNKNOWN_IDENTIFIER',
          path,
          `'${name}' is not a declared column, mapped fact, variable or derived fact`,
          identifierPosition(source, name),
        );
      }
    }
    return analysis.identifiers;
  }

  cycles(edges: Map<string, { path: string; reads: string[] }>): void {
    const reads = (name: string) => (edges.get(name)?.reads ?? []).filter((next) => edges.has(next));
    for (const cycle of dependencyOrder(edges.keys(), reads).cycles) {
      this.error(
        'MAPPING_CYCLE',
        edges.get(cycle[0])!.path,
        `expressions form a cycle: ${cycle.join(' -> ')}`,
      );
    }
  }

  outcome(): void {
    const { outcome } = this.doc;
    if (!isObject(outcome)) {
      this.error('MISSING_FIELD', '$.outcome', 'outcome must give the column and its default values');
      return;
    }
    if (typeof outcome.column !== 'string') {
      this.error('MISSING_FIELD', '$.outcome.column', 'outcome.column must name the outcome column');
    } else this.headerHas(outcome.column, '$.outcome.column');
    if (!isStringList(outcome.defaultValues) || outcome.defaultValues.length === 0) {
      this.error(
        'INVALID_VALUE',
        '$.outcome.defaultValues',
        'defaultValues must be a non-empty list of strings',
      );
    }
    for (const key of ['nonDefaultValues', 'unknownValues']) {
      if (outcome[key] !== undefined && !isStringList(outcome[key])) {
        this.error('INVALID_VALUE', `$.outcome.${key}`, `${key} must be a list of strings`);
      }
    }
    const lists = [outcome.defaultValues, outcome.nonDefaultValues, outcome.unknownValues].filter(
      isStringList,
    );
    const seen = new Set<string>();
    for (const value of lists.flat()) {
      if (seen.has(value))
        this.error('INVALID_VALUE', '$.outcome', `'${value}' is in more than one outcome list`);
      seen.add(value);
    }
  }

  expected(): void {
    const { expected } = this.doc;
    if (expected === undefined) return;
    if (!isObject(expected)) {
      this.error('INVALID_TYPE', '$.expected', 'expected must be an object');
      return;
    }
    for (const [key, value] of Object.entries(expected)) {
      const path = jsonPath('$.expected', key);
      if (key === 'outcome' || key === 'riskTier') {
        if (typeof value !== 'string') this.error('INVALID_TYPE', path, `${key} must name a column`);
        else this.headerHas(value, path);
      } else if (key === 'approvedLimit' || key === 'aprBps') this.expression(value, path);
      else this.error('UNSUPPORTED_FIELD', path, `expected.${key} is not supported`);
    }
  }
}

/** Every problem of a mapping at once; with `header`, columns are checked against the file's header. */
export function validateMapping(mapping: unknown, header?: readonly string[]): MappingValidation {
  if (!isObject(mapping)) {
    return {
      valid: false,
      errors: [
        { code: 'INVALID_MAPPING', path: '$', message: 'a mapping must be an object', severity: 'error' },
      ],
    };
  }
  const bound =
    checkJsonBounds(mapping, MAPPING_JSON_BOUNDS) ??
    checkJsonBounds(header ?? [], MAPPING_JSON_BOUNDS, 'header');
  if (bound) return { valid: false, errors: [bound] };
  const validator = new MappingValidator(mapping, header);
  validator.run();
  return { valid: validator.errors.length === 0, errors: validator.errors };
}

interface CompiledColumn {
  column: string;
  path: string;
  fact: string | undefined;
  type: FactType;
  scale: number;
  fallback: string | undefined;
}

interface CompiledStep {
  name: string;
  path: string;
  /** Catalog type when the step outputs a fact; undefined for a variable. */
  factType: FactType | undefined;
  expression: CompiledExpression;
}

export interface CompiledMapping {
  readonly mapping: CaseMapping;
  readonly columns: readonly CompiledColumn[];
  /** Variables and derived facts in dependency order. */
  readonly steps: readonly CompiledStep[];
  readonly requestedAmount: CompiledExpression;
  readonly termMonths: CompiledExpression;
  readonly expected: Readonly<{
    outcome?: string;
    riskTier?: string;
    approvedLimit?: CompiledExpression;
    aprBps?: CompiledExpression;
  }>;
}

function orderSteps(sources: Map<string, string>): string[] {
  const reads = (name: string) => expressionIdentifiers(sources.get(name)!).filter((id) => sources.has(id));
  return dependencyOrder(sources.keys(), reads).order;
}

/** Validates and compiles a mapping, or throws PolicyError MAPPING_INVALID carrying every problem. */
export function compileMapping(mapping: unknown, header?: readonly string[]): CompiledMapping {
  const validation = validateMapping(mapping, header);
  if (!validation.valid) {
    const first = validation.errors[0];
    throw new PolicyError('MAPPING_INVALID', `mapping is invalid: ${first.path}: ${first.message}`, {
      path: first.path,
      problems: validation.errors,
    });
  }
  const doc = structuredClone(mapping) as CaseMapping;
  const columns = Object.entries(doc.columns).map(
    ([column, spec]): CompiledColumn => ({
      column,
      path: jsonPath('$.columns', column),
      fact: spec.fact,
      type: columnType(spec),
      scale: spec.scale ?? 1,
      fallback: spec.default === undefined ? undefined : String(spec.default),
    }),
  );
  const sources = new Map<string, string>(
    [...Object.entries(doc.variables ?? {}), ...Object.entries(doc.derived ?? {})].map(([name, spec]) => [
      name,
      expressionSource(spec),
    ]),
  );
  const steps = orderSteps(sources).map((name): CompiledStep => {
    const isFact = Object.hasOwn(doc.derived ?? {}, name);
    const factType = isFact ? catalogFact(name)!.type : undefined;
    return {
      name,
      path: jsonPath(isFact ? '$.derived' : '$.variables', name),
      factType,
      expression: compileExpressionOf(sources.get(name)!, factType === 'boolean' ? 'boolean' : 'number'),
    };
  });
  const expected = doc.expected ?? {};
  return Object.freeze({
    mapping: doc,
    columns,
    steps,
    requestedAmount: compileExpressionOf(doc.application.requestedAmount, 'number'),
    termMonths: compileExpressionOf(doc.application.termMonths, 'number'),
    expected: {
      outcome: expected.outcome,
      riskTier: expected.riskTier,
      approvedLimit:
        expected.approvedLimit === undefined
          ? undefined
          : compileExpressionOf(expected.approvedLimit, 'number'),
      aprBps: expected.aprBps === undefined ? undefined : compileExpressionOf(expected.aprBps, 'number'),
    },
  });
}

/** An instant, never a local time: a time without its zone would read differently on every machine. */
const INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(['true', '1', 'yes', 'y']);
const FALSE = new Set(['false', '0', 'no', 'n']);

type Cell = { value: number | string | boolean } | { code: string; message: string };

function parseCell(text: string, column: CompiledColumn): Cell {
  switch (column.type) {
    case 'string':
      return { value: text };
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return { value: true };
      if (FALSE.has(lower)) return { value: false };
      return { code: 'INVALID_BOOLEAN', message: `'${clip(text)}' is not a boolean` };
    }
    default: {
      if (!NUMBER.test(text)) return { code: 'INVALID_NUMBER', message: `'${clip(text)}' is not a number` };
      const value = Number(text) * column.scale;
      if (!Number.isFinite(value))
        return { code: 'INVALID_NUMBER', message: `'${clip(text)}' is out of range` };
      if (column.type === 'integer' && !Number.isInteger(value)) {
        return { code: 'INVALID_INTEGER', message: `'${clip(text)}' is not a whole number` };
      }
      return { value: value === 0 ? 0 : value };
    }
  }
}

/** A cell parsed by its column's type and, when the column supplies a fact, checked against its domain. */
function readCell(text: string, column: CompiledColumn): Cell {
  const cell = parseCell(text, column);
  if ('code' in cell || column.fact === undefined) return cell;
  const problem = checkFactValue(column.fact, cell.value);
  return problem ? { code: problem.code, message: problem.message } : cell;
}

function evaluateNumber(expression: CompiledExpression, scope: Record<string, unknown>): number | string {
  const result = expression.evaluate(scope);
  if (!result.ok) return result.message;
  return typeof result.value === 'number' ? result.value : 'expected a number';
}

/**
 * Maps one row. Never throws on row content and never returns NaN: a cell or expression that cannot give
 * a valid value is an error, and an expression whose input already failed is not reported again.
 * `line` is the file line number, echoed in errors.
 */
export function mapRow(
  compiled: CompiledMapping,
  row: Readonly<Record<string, string>>,
  line: number,
): MapRowResult {
  const errors: RowError[] = [];
  const scope: Record<string, unknown> = Object.create(null);
  const facts: Record<string, number | string | boolean> = {};
  const failed = new Set<string>();
  for (const column of compiled.columns) {
    const raw = Object.hasOwn(row, column.column) ? row[column.column] : undefined;
    if (raw === undefined || raw === null) {
      errors.push({
        line,
        column: column.column,
        path: column.path,
        code: 'MISSING_COLUMN',
        message: `the row has no column ${column.column}`,
      });
      failed.add(column.column).add(column.fact ?? column.column);
      continue;
    }
    const trimmed = String(raw).trim();
    const text = trimmed === '' ? column.fallback : trimmed;
    if (text === undefined) {
      errors.push({
        line,
        column: column.column,
        path: column.path,
        code: 'MISSING_VALUE',
        message: `${column.column} is empty and has no default`,
      });
      failed.add(column.column).add(column.fact ?? column.column);
      continue;
    }
    const cell = readCell(text, column);
    if ('code' in cell) {
      errors.push({ line, column: column.column, path: column.path, code: cell.code, message: cell.message });
      failed.add(column.column).add(column.fact ?? column.column);
      continue;
    }
    scope[column.column] = cell.value;
    if (column.fact) {
      scope[column.fact] = cell.value;
      facts[column.fact] = cell.value;
    }
  }
  const blocked = (expression: CompiledExpression) => expression.identifiers.some((name) => failed.has(name));
  for (const step of compiled.steps) {
    if (blocked(step.expression)) {
      failed.add(step.name);
      continue;
    }
    const result = step.expression.evaluate(scope);
    const value = result.ok ? result.value : undefined;
    let problem = result.ok ? undefined : result.message;
    if (problem === undefined && step.factType === 'integer' && !Number.isInteger(value)) {
      problem = `${step.name} must be a whole number, got ${String(value)} (use round, floor or ceil)`;
    }
    const outOfDomain =
      problem === undefined && step.factType !== undefined && checkFactValue(step.name, value);
    if (problem !== undefined || outOfDomain) {
      errors.push({
        line,
        column: null,
        path: step.path,
        code: outOfDomain ? outOfDomain.code : 'EXPRESSION_FAILED',
        message: outOfDomain ? outOfDomain.message : `${step.name}: ${problem}`,
      });
      failed.add(step.name);
      continue;
    }
    scope[step.name] = value;
    if (step.factType !== undefined) facts[step.name] = value as number | boolean;
  }

  const application: MappedCase['application'] = { requestedAmount: 0, termMonths: 0 };
  for (const field of ['requestedAmount', 'termMonths'] as const) {
    const expression = compiled[field];
    if (blocked(expression)) continue;
    const path = jsonPath('$.application', field);
    const value = evaluateNumber(expression, scope);
    if (typeof value === 'string') {
      errors.push({ line, column: null, path, code: 'EXPRESSION_FAILED', message: `${field}: ${value}` });
    } else if (field === 'termMonths' && !Number.isInteger(value)) {
      errors.push({
        line,
        column: null,
        path,
        code: 'EXPRESSION_FAILED',
        message: `termMonths must be whole months, got ${value}`,
      });
    } else {
      const outOfDomain = checkFactValue(field, value);
      if (outOfDomain)
        errors.push({ line, column: null, path, code: outOfDomain.code, message: outOfDomain.message });
      else application[field] = value;
    }
  }

  const timeColumn = compiled.mapping.application.appliedAt;
  if (timeColumn !== undefined) {
    const cell = String(row[timeColumn] ?? '').trim();
    const at = INSTANT.test(cell) ? Date.parse(cell.replace(' ', 'T')) : Number.NaN;
    if (Number.isNaN(at)) {
      errors.push({
        line,
        column: timeColumn,
        path: jsonPath('$.application', 'appliedAt'),
        code: 'INVALID_VALUE',
        message: `${timeColumn} must be a date and time with its zone, like 2026-12-03T09:15:00+08:00, got '${cell}'`,
      });
    } else application.appliedAt = new Date(at).toISOString();
  }

  const observedDefault = readOutcome(compiled.mapping.outcome, row, line, errors);
  const expected = readExpected(compiled, row, scope, line, errors, blocked);
  if (errors.length > 0) return { errors };
  const sortedFacts = Object.fromEntries(
    Object.keys(facts)
      .sort()
      .map((key) => [key, facts[key]]),
  );
  const mapped: MappedCase = { facts: sortedFacts, application, observedDefault };
  if (expected !== undefined) mapped.expected = expected;
  return mapped;
}

function readOutcome(
  outcome: CaseMapping['outcome'],
  row: Readonly<Record<string, string>>,
  line: number,
  errors: RowError[],
): boolean | null {
  const path = '$.outcome.column';
  if (!Object.hasOwn(row, outcome.column)) {
    errors.push({
      line,
      column: outcome.column,
      path,
      code: 'MISSING_COLUMN',
      message: `the row has no column ${outcome.column}`,
    });
    return null;
  }
  const text = String(row[outcome.column] ?? '').trim();
  if (text === '' || outcome.unknownValues?.includes(text)) return null;
  if (outcome.defaultValues.includes(text)) return true;
  if (outcome.nonDefaultValues === undefined || outcome.nonDefaultValues.includes(text)) return false;
  errors.push({
    line,
    column: outcome.column,
    path,
    code: 'INVALID_OUTCOME',
    message: `'${clip(text)}' is neither a default nor a non-default value of ${outcome.column}`,
  });
  return null;
}

function readExpected(
  compiled: CompiledMapping,
  row: Readonly<Record<string, string>>,
  scope: Record<string, unknown>,
  line: number,
  errors: RowError[],
  blocked: (expression: CompiledExpression) => boolean,
): ExpectedDecision | undefined {
  const spec = compiled.expected;
  if (compiled.mapping.expected === undefined) return undefined;
  const expected: ExpectedDecision = {};
  const cell = (column: string) => String(row[column] ?? '').trim();
  if (spec.outcome !== undefined) {
    const text = cell(spec.outcome).toUpperCase();
    if (OUTCOMES.includes(text)) expected.outcome = text as ExpectedDecision['outcome'];
    else if (text !== '') {
      errors.push({
        line,
        column: spec.outcome,
        path: '$.expected.outcome',
        code: 'INVALID_VALUE',
        message: `'${clip(text)}' is not APPROVE, DECLINE or REFER`,
      });
    }
  }
  if (spec.riskTier !== undefined && cell(spec.riskTier) !== '') expected.riskTier = cell(spec.riskTier);
  for (const field of ['approvedLimit', 'aprBps'] as const) {
    const expression = spec[field];
    if (expression === undefined || blocked(expression)) continue;
    const value = evaluateNumber(expression, scope);
    if (typeof value === 'string') {
      errors.push({
        line,
        column: null,
        path: `$.expected.${field}`,
        code: 'EXPRESSION_FAILED',
        message: `${field}: ${value}`,
      });
    } else expected[field] = value;
  }
  // A row with every expected cell empty expects nothing: a suite may check only some of its cases.
  return Object.keys(expected).length > 0 ? expected : undefined;
}
