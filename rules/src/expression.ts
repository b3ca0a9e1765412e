/**
 * The expression language for derived facts and outcome values: filtrex (a maintained, grammar-based
 * compiler: no JavaScript eval of user text, no prototype access) restricted further here. A small lexer
 * mirrors filtrex's tokens so the validator can check an expression without running anything: it bounds
 * length, tokens and nesting first (filtrex's parser is superlinear: 50,000 nested parentheses held it
 * for minutes), lists identifiers and functions, checks every call's arity, refuses prototype and
 * keyword names, division by a literal zero, and what a policy has no use for: `of` (property access),
 * dotted names, `~=` (regular expressions) and filtrex's deprecated `%`, `?:`. Only then does filtrex
 * parse it, and its constant parts are run once so one that always fails or is never finite is reported.
 */
import { compileExpression } from 'filtrex';
import { EXPRESSION_LIMITS } from './bounds.js';
import {
  affordableLimit,
  affordablePrincipal,
  annuityPayment,
  clamp,
  debtServiceRatio,
  floorToStep,
  monthlyRateFromBps,
} from './capacity.js';
import { PolicyError } from './errors.js';

export type ExpressionType = 'number' | 'boolean';

export type ExpressionProblemCode =
  | 'EXPRESSION_TOO_LONG'
  | 'EXPRESSION_TOO_DEEP'
  | 'EXPRESSION_TOO_MANY_TOKENS'
  | 'EXPRESSION_SYNTAX'
  | 'FORBIDDEN_SYNTAX'
  | 'RESERVED_NAME'
  | 'UNKNOWN_FUNCTION'
  | 'WRONG_ARITY'
  | 'DIVISION_BY_ZERO'
  | 'NOT_FINITE'
  | 'INVALID_ARGUMENT';

export interface ExpressionProblem {
  code: ExpressionProblemCode;
  message: string;
  /** 1-based character where the problem is. */
  column?: number;
}

export interface ExpressionAnalysis {
  /** Names the expression reads (facts or parameters), in order of first use. */
  identifiers: string[];
  functions: string[];
  problems: ExpressionProblem[];
}

function numeric(value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`expected a number, got ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

/** Functions beyond filtrex's min, max, round, floor, ceil, abs. */
const CAPACITY_FUNCTIONS: Record<string, (...args: number[]) => number> = {
  annuityPayment,
  affordablePrincipal,
  affordableLimit,
  debtServiceRatio,
  floorToStep,
  monthlyRate: monthlyRateFromBps,
  clamp,
};

/** Every function an expression may call, with the number of arguments it takes (min, max). */
const ARITY: ReadonlyMap<string, readonly [number, number]> = new Map<string, readonly [number, number]>([
  ['min', [1, Number.POSITIVE_INFINITY]],
  ['max', [1, Number.POSITIVE_INFINITY]],
  ['round', [1, 1]],
  ['floor', [1, 1]],
  ['ceil', [1, 1]],
  ['abs', [1, 1]],
  ...Object.entries(CAPACITY_FUNCTIONS).map(([name, fn]) => [name, [fn.length, fn.length]] as const),
]);

export const EXPRESSION_FUNCTIONS: readonly string[] = Object.freeze([...ARITY.keys()]);

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'of', 'if', 'then', 'else', 'mod']);
// a null prototype: `constructor` is not a constant
const CONSTANTS: Readonly<Record<string, boolean>> = Object.assign(Object.create(null), {
  true: true,
  false: false,
});

/**
 * Names no parameter, derived fact or identifier may have: what every JavaScript object already has
 * (`constructor`, `__proto__`, `toString`...), `prototype`, and the language's own words.
 */
export function isReservedName(name: string): boolean {
  return (
    name in Object.prototype || name === 'prototype' || KEYWORDS.has(name) || Object.hasOwn(CONSTANTS, name)
  );
}

const TOKEN =
  /\s+|[0-9]+(?:\.[0-9]+)?|[a-zA-Z$_][.a-zA-Z0-9$_]*|'(?:\\'|\\\\|[^'\\])*'|"(?:\\"|\\\\|[^"\\])*"|==|!=|~=|>=|<=|[-+*/^(),<>%?:]/y;

type TokenKind = 'number' | 'string' | 'name' | 'keyword' | 'symbol';

interface Token {
  text: string;
  kind: TokenKind;
  /** 0-based offset in the source. */
  index: number;
}

/** Splits an expression into tokens, refusing before any work an expression too long or too big. */
function tokenize(source: string): { tokens: Token[]; problem?: ExpressionProblem } {
  const tokens: Token[] = [];
  if (source.length > EXPRESSION_LIMITS.maxLength) {
    return {
      tokens,
      problem: {
        code: 'EXPRESSION_TOO_LONG',
        message: `an expression may have at most ${EXPRESSION_LIMITS.maxLength} characters, this one has ${source.length}`,
        column: EXPRESSION_LIMITS.maxLength + 1,
      },
    };
  }
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const index = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (match === null) {
      return {
        tokens,
        problem: {
          code: 'EXPRESSION_SYNTAX',
          message: `unexpected character '${source[index]}'`,
          column: index + 1,
        },
      };
    }
    const text = match[0];
    const first = text[0];
    if (/\s/.test(first)) continue;
    if (tokens.length === EXPRESSION_LIMITS.maxTokens) {
      return {
        tokens,
        problem: {
          code: 'EXPRESSION_TOO_MANY_TOKENS',
          message: `an expression may have at most ${EXPRESSION_LIMITS.maxTokens} tokens`,
          column: index + 1,
        },
      };
    }
    const kind: TokenKind = /[0-9]/.test(first)
      ? 'number'
      : first === '"'
        ? 'string'
        : KEYWORDS.has(text)
          ? 'keyword'
          : /[a-zA-Z$_']/.test(first)
            ? 'name'
            : 'symbol';
    tokens.push({ text, kind, index });
  }
  return { tokens };
}

/** An open parenthesis: a call's argument list, a list `(a, b)` or a grouping `(e)`. */
interface Group {
  /** The function called, for an argument list. */
  fn: string | null;
  /** Where the group's text starts: the function's name for a call, else the parenthesis. */
  start: number;
  /** Its first token: the function's name for a call, else the parenthesis. */
  first: number;
  /** Nesting (parentheses and unary operators) just inside it. */
  depth: number;
  commas: number;
  empty: boolean;
  /** True while the group reads no fact or parameter: its value is then a constant. */
  constant: boolean;
  /** Closed constant groups directly inside it: whole constant parts if it turns out not to be one. */
  pending: Span[];
}

/** A constant part of an expression: source offsets, and token indices of its first and last token. */
interface Span {
  start: number;
  end: number;
  first: number;
  last: number;
}

function nameOf(token: Token): string {
  return token.text.startsWith("'") ? token.text.slice(1, -1) : token.text;
}

/** After these an operand is expected: a `-` or `not` there is unary. */
const OPERAND_BEFORE = new Set(['+', '-', '*', '/', '^', '==', '!=', '<', '<=', '>', '>=', ',', '(']);

const BOUNDS: readonly ExpressionProblemCode[] = [
  'EXPRESSION_TOO_LONG',
  'EXPRESSION_TOO_DEEP',
  'EXPRESSION_TOO_MANY_TOKENS',
];

/** A part made only of these (finite literals, parentheses, commas) can neither fail nor overflow. */
function inert(token: Token): boolean {
  if (token.kind === 'number') return Number.isFinite(Number(token.text));
  return token.kind === 'string' || token.text === '(' || token.text === ')' || token.text === ',';
}

/**
 * One linear pass over the tokens: nesting depth, names, calls and their arity, division by a literal
 * zero, and the constant parts (the groups, or the whole expression, that read no fact or parameter).
 */
class Scan {
  readonly identifiers: string[] = [];
  readonly functions: string[] = [];
  readonly problems: ExpressionProblem[] = [];
  readonly groups: Group[] = [];
  readonly top: Group = newGroup(null, 0, 0, 0);
  /** The constant parts no constant part encloses, in order. */
  readonly constants: Span[] = [];
  /** Groups that are a divisor (`x / (a - b)`), by where they start: the operator dividing by them. */
  readonly divisors = new Map<number, Token>();
  /** Unary operators in a row just before the operand now expected. */
  unary = 0;

  constructor(
    readonly source: string,
    readonly tokens: Token[],
  ) {}

  problem(code: ExpressionProblemCode, message: string, token: Token): void {
    this.problems.push({ code, message, column: token.index + 1 });
  }

  get current(): Group {
    return this.groups.at(-1) ?? this.top;
  }

  /** Is the token at `index` where an operand (not an operator) is expected? */
  expectsOperand(index: number): boolean {
    if (index === 0) return true;
    const previous = this.tokens[index - 1];
    return previous.kind === 'keyword' || (previous.kind === 'symbol' && OPERAND_BEFORE.has(previous.text));
  }

  /** Checks the nesting reached by the operator or parenthesis `token`; false once it is too deep. */
  nest(token: Token): boolean {
    if (this.current.depth + this.unary <= EXPRESSION_LIMITS.maxDepth) return true;
    this.problem(
      'EXPRESSION_TOO_DEEP',
      `parentheses and unary operators may nest at most ${EXPRESSION_LIMITS.maxDepth} deep`,
      token,
    );
    return false;
  }

  run(): this {
    const { tokens } = this;
    for (const [index, token] of tokens.entries()) {
      if (token.text !== ')') this.current.empty = false;
      switch (token.kind) {
        case 'number':
        case 'string':
          this.unary = 0;
          break;
        case 'keyword':
          if (!this.keyword(token, index)) return this;
          break;
        case 'name':
          this.unary = 0;
          if (tokens[index + 1]?.text === '(') this.call(token);
          else this.name(token);
          break;
        case 'symbol':
          if (!this.symbol(token, index)) return this;
          break;
      }
    }
    if (this.groups.length === 0) {
      const whole = { start: 0, end: this.source.length, first: 0, last: tokens.length - 1 };
      this.constants.push(...(this.top.constant ? [whole] : this.top.pending));
    }
    return this;
  }

  keyword(token: Token, index: number): boolean {
    if (token.text === 'not' && this.expectsOperand(index)) {
      this.unary += 1;
      return this.nest(token);
    }
    this.unary = 0;
    if (token.text === 'of') this.problem('FORBIDDEN_SYNTAX', 'property access (of) is not allowed', token);
    else if (token.text === 'mod') this.divisor(index);
    return true;
  }

  name(token: Token): void {
    const name = nameOf(token);
    const quoted = token.text.startsWith("'");
    if (!quoted && name.includes('.')) {
      this.problem('FORBIDDEN_SYNTAX', `property access (${name}) is not allowed`, token);
      return;
    }
    if (!quoted && Object.hasOwn(CONSTANTS, name)) return;
    this.current.constant = false;
    if (isReservedName(name)) {
      this.problem('RESERVED_NAME', `'${name}' is a reserved name, not a fact or parameter`, token);
    } else if (!this.identifiers.includes(name)) this.identifiers.push(name);
  }

  call(token: Token): void {
    const name = nameOf(token);
    if (!ARITY.has(name)) {
      this.problem('UNKNOWN_FUNCTION', `unknown function ${name}()`, token);
    } else if (!this.functions.includes(name)) this.functions.push(name);
  }

  symbol(token: Token, index: number): boolean {
    const group = this.current;
    const { text } = token;
    switch (text) {
      case '(': {
        const previous = this.tokens[index - 1];
        const fn = previous?.kind === 'name' ? nameOf(previous) : null;
        const [start, first] = fn === null ? [token.index, index] : [previous.index, index - 1];
        this.groups.push(newGroup(fn, start, first, group.depth + this.unary + 1));
        this.unary = 0;
        return this.nest(token);
      }
      case ')':
        this.close(token, index);
        break;
      case '-':
        if (!this.expectsOperand(index)) break;
        this.unary += 1;
        return this.nest(token);
      case '~=':
        this.problem('FORBIDDEN_SYNTAX', 'regular expressions (~=) are not allowed', token);
        break;
      case '%':
      case '?':
      case ':':
        this.problem('FORBIDDEN_SYNTAX', `'${text}' is not allowed: use mod or if/then/else`, token);
        break;
      case ',':
        group.commas += 1;
        break;
      case '/':
        this.divisor(index);
        break;
    }
    this.unary = 0;
    return true;
  }

  close(token: Token, index: number): void {
    const closed = this.groups.pop();
    // an unbalanced parenthesis is filtrex's to report, with its column
    if (closed === undefined) return;
    this.arity(closed);
    // a divisor raised to a power is no longer the divisor
    if (this.tokens[index + 1]?.text === '^') this.divisors.delete(closed.start);
    const parent = this.current;
    if (closed.constant) {
      parent.pending.push({ start: closed.start, end: token.index + 1, first: closed.first, last: index });
    } else {
      parent.constant = false;
      this.constants.push(...closed.pending);
    }
  }

  arity(group: Group): void {
    const range = group.fn === null ? undefined : ARITY.get(group.fn);
    if (range === undefined) return;
    const count = group.empty ? 0 : group.commas + 1;
    const [min, max] = range;
    if (count >= min && count <= max) return;
    const wanted = min === max ? `${min} argument${min === 1 ? '' : 's'}` : `at least ${min} argument`;
    this.problems.push({
      code: 'WRONG_ARITY',
      message: `${group.fn}() takes ${wanted}, got ${count}`,
      column: group.start + 1,
    });
  }

  /**
   * `/ 0` and `mod 0` (after any minus signs) divide by zero whatever the facts; `0 ^ x` may not be 0.
   * A parenthesis or call as the divisor is noted, to be checked once constant parts are evaluated.
   */
  divisor(index: number): void {
    let at = index + 1;
    while (this.tokens[at]?.text === '-') at += 1;
    const operand = this.tokens[at];
    if (operand?.text === '(' || (operand?.kind === 'name' && this.tokens[at + 1]?.text === '(')) {
      this.divisors.set(operand.index, this.tokens[index]);
    }
    if (operand?.kind !== 'number' || Number(operand.text) !== 0) return;
    if (this.tokens[at + 1]?.text === '^') return;
    this.problem('DIVISION_BY_ZERO', 'division by zero', this.tokens[index]);
  }

  /**
   * Runs the constant parts of an expression filtrex has parsed, and reports the first that fails or is
   * never finite. They are compiled together as one list `($g(0, part0), $g(1, part1), ...)` whose
   * recorder `$g` notes each value: list elements run in order, so on a failure the first part with no
   * value is the one that failed, at the cost of one compilation whatever the number of parts. Parts of
   * finite literals only are skipped unless they divide. A non-finite value inside a finite part
   * (`1 / ((1 - 1) ^ -1)`) is left to run time, which reports every non-finite result anyway.
   */
  evaluate(): ExpressionProblem | undefined {
    const parts = this.constants.filter(
      (span) => this.divisors.has(span.start) || !this.tokens.slice(span.first, span.last + 1).every(inert),
    );
    if (parts.length === 0) return undefined;
    const values: unknown[] = [];
    const $g = (id: number, value: unknown) => {
      values[id] = value;
      return value;
    };
    const text = (span: Span) => this.source.slice(span.start, span.end);
    const list = `(${parts.map((span, id) => `$g(${id}, ${text(span)})`).join(' , ')})`;
    let result: unknown;
    try {
      result = compileRaw(list, { $g })({});
    } catch {
      // each part of a parsed expression parses on its own; should one not, run time still checks it
      return undefined;
    }
    const shown = (span: Span) => {
      const part = text(span).trim();
      return part.length > 40 ? `${part.slice(0, 40)}...` : part;
    };
    if (result instanceof Error) {
      const span = parts[values.length];
      if (span === undefined) return undefined;
      const code =
        result instanceof PolicyError && result.code !== 'INVALID_ARGUMENT' ? `${result.code}: ` : '';
      return {
        code: 'INVALID_ARGUMENT',
        message: `${shown(span)} always fails: ${code}${result.message}`,
        column: span.start + 1,
      };
    }
    const zero = parts.findIndex((span, index) => values[index] === 0 && this.divisors.has(span.start));
    if (zero >= 0) {
      const operator = this.divisors.get(parts[zero].start) as Token;
      return {
        code: 'DIVISION_BY_ZERO',
        message: `division by zero: ${shown(parts[zero])} is always 0`,
        column: operator.index + 1,
      };
    }
    const id = values.findIndex((value) => typeof value === 'number' && !Number.isFinite(value));
    if (id < 0) return undefined;
    return {
      code: 'NOT_FINITE',
      message: `${shown(parts[id])} is always ${values[id]}`,
      column: parts[id].start + 1,
    };
  }
}

function newGroup(fn: string | null, start: number, first: number, depth: number): Group {
  return { fn, start, first, depth, commas: 0, empty: true, constant: true, pending: [] };
}

/** filtrex with the language's functions and operators; the caller has bounded and scanned `source`. */
function compileRaw(
  source: string,
  recorders: Record<string, (id: number, value: unknown) => unknown> = {},
): (data: Record<string, unknown>) => unknown {
  return compileExpression(source, {
    extraFunctions: { ...CAPACITY_FUNCTIONS, ...recorders },
    constants: CONSTANTS,
    operators: {
      '+': (a: unknown, b: unknown) => numeric(a) + numeric(b),
      '==': (a: unknown, b: unknown) => a === b,
      '!=': (a: unknown, b: unknown) => a !== b,
    },
  });
}

function scan(source: string): Scan | ExpressionProblem {
  const { tokens, problem } = tokenize(source);
  if (problem) return problem;
  return new Scan(source, tokens).run();
}

/** The names an expression reads, in order of first use: for ordering, not for validation. */
export function expressionIdentifiers(source: string): string[] {
  const scanned = scan(source);
  return scanned instanceof Scan ? scanned.identifiers : [];
}

/**
 * Identifiers, functions and every problem of an expression, without evaluating anything a fact feeds.
 * Bounds come first: an expression over a limit gets that one problem and is never parsed.
 */
export function analyzeExpression(source: string): ExpressionAnalysis {
  const scanned = scan(source);
  if (!(scanned instanceof Scan)) return { identifiers: [], functions: [], problems: [scanned] };
  const { identifiers, functions, problems, tokens } = scanned;
  if (tokens.length === 0) {
    return {
      identifiers,
      functions,
      problems: [{ code: 'EXPRESSION_SYNTAX', message: 'empty expression', column: 1 }],
    };
  }
  const bound = problems.find((problem) => BOUNDS.includes(problem.code));
  if (bound) return { identifiers, functions, problems: [bound] };
  const syntax = syntaxProblem(source);
  if (syntax) {
    // arity and division are read off a parse filtrex refused: only what the tokens alone show is kept
    const lexical = problems.filter((problem) =>
      ['FORBIDDEN_SYNTAX', 'RESERVED_NAME', 'UNKNOWN_FUNCTION'].includes(problem.code),
    );
    return { identifiers, functions, problems: [...lexical, syntax] };
  }
  if (problems.length > 0) return { identifiers, functions, problems };
  const constant = scanned.evaluate();
  return { identifiers, functions, problems: constant ? [constant] : [] };
}

function syntaxProblem(source: string): ExpressionProblem | undefined {
  try {
    compileExpression(source);
    return undefined;
  } catch (error) {
    const lines = String((error as Error).message).split('\n');
    const pointer = lines.find((line) => /^-*\^$/.test(line));
    const column = pointer === undefined ? undefined : pointer.length;
    const expecting = lines.find((line) => line.startsWith('Expecting'));
    const message = `syntax error${column === undefined ? '' : ` at column ${column}`}${
      expecting ? `: ${expecting.replace(/ undefined$/, '')}` : ''
    }`;
    return column === undefined
      ? { code: 'EXPRESSION_SYNTAX', message }
      : { code: 'EXPRESSION_SYNTAX', message, column };
  }
}

export type EvaluationOutcome =
  | { ok: true; value: number | boolean }
  | { ok: false; code: 'EXPRESSION_ERROR' | 'NOT_FINITE' | 'WRONG_TYPE'; message: string };

export interface CompiledExpression {
  readonly source: string;
  readonly identifiers: readonly string[];
  /** The identifiers read from the scope: all of them but the constants the expression was compiled with. */
  readonly reads: readonly string[];
  evaluate(scope: Readonly<Record<string, unknown>>): EvaluationOutcome;
}

/**
 * Compiles a validated expression. Arithmetic is numbers only (filtrex's `+` would concatenate strings),
 * and a result that is not a finite value of the expected type is reported, never returned. `constants`
 * (a policy's parameters) are bound now, so a scope need not carry them.
 */
export function compileExpressionOf(
  source: string,
  expected: ExpressionType,
  constants: Readonly<Record<string, unknown>> = {},
): CompiledExpression {
  const scanned = scan(source);
  const bound =
    scanned instanceof Scan ? scanned.problems.find((problem) => BOUNDS.includes(problem.code)) : scanned;
  if (bound) throw new PolicyError(bound.code, bound.message);
  const { identifiers } = scanned as Scan;
  const fn = compileRaw(source);
  const reads = identifiers.filter((name) => !Object.hasOwn(constants, name));
  // One data object for every evaluation, constants set once: evaluation is synchronous and never
  // re-enters the same expression, so each call overwrites what the last one read.
  const data: Record<string, unknown> = Object.create(null);
  for (const name of identifiers) if (Object.hasOwn(constants, name)) data[name] = constants[name];
  return {
    source,
    identifiers,
    reads,
    evaluate(scope) {
      let missing: string[] | null = null;
      for (const name of reads) {
        const value = Object.hasOwn(scope, name) ? scope[name] : undefined;
        data[name] = value;
        if (value !== undefined && value !== null) continue;
        missing ??= [];
        missing.push(name);
      }
      if (missing !== null) {
        return { ok: false, code: 'EXPRESSION_ERROR', message: `needs ${missing.join(', ')}` };
      }
      const value: unknown = fn(data);
      if (value instanceof Error) {
        const code = (value as { code?: unknown }).code;
        return {
          ok: false,
          code: 'EXPRESSION_ERROR',
          message: typeof code === 'string' ? `${code}: ${value.message}` : value.message,
        };
      }
      if (expected === 'number') {
        if (typeof value !== 'number') {
          return { ok: false, code: 'WRONG_TYPE', message: `expected a number, got ${describe(value)}` };
        }
        if (!Number.isFinite(value)) return { ok: false, code: 'NOT_FINITE', message: `result is ${value}` };
        // -0 is canonicalised so a replay compares equal byte for byte
        return { ok: true, value: value === 0 ? 0 : value };
      }
      if (typeof value !== 'boolean') {
        return { ok: false, code: 'WRONG_TYPE', message: `expected a boolean, got ${describe(value)}` };
      }
      return { ok: true, value };
    },
  };
}
