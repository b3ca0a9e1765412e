/**
 * The expression language for derived facts and outcome values: filtrex (a maintained, grammar-based
 * compiler: no JavaScript eval of user text, no prototype access) restricted further here. A small lexer
 * mirrors filtrex's tokens so the validator can list identifiers and functions without running anything,
 * and reject what a policy has no use for: `of` (property access), dotted names, `~=` (regular expressions)
 * and filtrex's deprecated `%`, `?:`.
 */
import { compileExpression } from 'filtrex';
import {
  affordableLimit,
  affordablePrincipal,
  annuityPayment,
  debtServiceRatio,
  floorToStep,
  monthlyRateFromBps,
} from './capacity.js';

export type ExpressionType = 'number' | 'boolean';

export interface ExpressionProblem {
  code: 'EXPRESSION_SYNTAX' | 'FORBIDDEN_SYNTAX' | 'UNKNOWN_FUNCTION';
  message: string;
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
  clamp: (value, low, high) => Math.min(Math.max(numeric(value), numeric(low)), numeric(high)),
};

export const EXPRESSION_FUNCTIONS: readonly string[] = Object.freeze([
  'min',
  'max',
  'round',
  'floor',
  'ceil',
  'abs',
  ...Object.keys(CAPACITY_FUNCTIONS),
]);

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'of', 'if', 'then', 'else', 'mod']);
const CONSTANTS: Record<string, boolean> = { true: true, false: false };

const TOKEN =
  /\s+|[0-9]+(?:\.[0-9]+)?|[a-zA-Z$_][.a-zA-Z0-9$_]*|'(?:\\'|\\\\|[^'\\])*'|"(?:\\"|\\\\|[^"\\])*"|==|!=|~=|>=|<=|[-+*/^(),<>%?:]/y;

export function analyzeExpression(source: string): ExpressionAnalysis {
  const identifiers: string[] = [];
  const functions: string[] = [];
  const problems: ExpressionProblem[] = [];
  const forbid = (message: string, index: number) =>
    problems.push({ code: 'FORBIDDEN_SYNTAX', message, column: index + 1 });
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const index = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (match === null) {
      problems.push({
        code: 'EXPRESSION_SYNTAX',
        message: `unexpected character '${source[index]}'`,
        column: index + 1,
      });
      break;
    }
    const token = match[0];
    if (/^\s/.test(token) || /^[0-9"]/.test(token)) continue;
    if (token === '~=') forbid('regular expressions (~=) are not allowed', index);
    else if (token === '%' || token === '?' || token === ':')
      forbid(`'${token}' is not allowed: use mod or if/then/else`, index);
    else if (token === 'of') forbid('property access (of) is not allowed', index);
    else if (/^[a-zA-Z$_']/.test(token) && !KEYWORDS.has(token)) {
      const name = token.startsWith("'") ? token.slice(1, -1) : token;
      if (!token.startsWith("'") && name.includes('.')) {
        forbid(`property access (${name}) is not allowed`, index);
      } else if (/^\s*\(/.test(source.slice(TOKEN.lastIndex))) {
        if (!EXPRESSION_FUNCTIONS.includes(name)) {
          problems.push({
            code: 'UNKNOWN_FUNCTION',
            message: `unknown function ${name}()`,
            column: index + 1,
          });
        } else if (!functions.includes(name)) functions.push(name);
      } else if (!(name in CONSTANTS) && !identifiers.includes(name)) identifiers.push(name);
    }
  }
  if (!problems.some((problem) => problem.code === 'EXPRESSION_SYNTAX')) {
    const syntax = syntaxProblem(source);
    if (syntax) problems.push(syntax);
  }
  return { identifiers, functions, problems };
}

function syntaxProblem(source: string): ExpressionProblem | undefined {
  if (source.trim() === '') return { code: 'EXPRESSION_SYNTAX', message: 'empty expression', column: 1 };
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
  evaluate(scope: Readonly<Record<string, unknown>>): EvaluationOutcome;
}

/**
 * Compiles a validated expression. Arithmetic is numbers only (filtrex's `+` would concatenate strings),
 * and a result that is not a finite value of the expected type is reported, never returned.
 */
export function compileExpressionOf(source: string, expected: ExpressionType): CompiledExpression {
  const { identifiers } = analyzeExpression(source);
  const fn = compileExpression(source, {
    extraFunctions: CAPACITY_FUNCTIONS,
    constants: CONSTANTS,
    operators: {
      '+': (a: unknown, b: unknown) => numeric(a) + numeric(b),
      '==': (a: unknown, b: unknown) => a === b,
      '!=': (a: unknown, b: unknown) => a !== b,
    },
  });
  return {
    source,
    identifiers,
    evaluate(scope) {
      const data: Record<string, unknown> = Object.create(null);
      for (const name of identifiers) data[name] = Object.hasOwn(scope, name) ? scope[name] : undefined;
      const missing = identifiers.filter((name) => data[name] === undefined || data[name] === null);
      if (missing.length > 0) {
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
