import { describe, expect, it } from 'vitest';
import { compileExpressionOf } from '../src/expression.js';
import { analyzeExpression } from '../src/index.js';

describe('analyzeExpression', () => {
  it('lists identifiers and functions without evaluating', () => {
    const analysis = analyzeExpression(
      'max(monthlyIncome, 0) * 12 / incomeCapDivisor + if a > 1 then b else c',
    );
    expect(analysis.identifiers).toEqual(['monthlyIncome', 'incomeCapDivisor', 'a', 'b', 'c']);
    expect(analysis.functions).toEqual(['max']);
    expect(analysis.problems).toEqual([]);
  });

  it('reports a syntax error with its column', () => {
    const [problem] = analyzeExpression('monthlyIncome * * 2').problems;
    expect(problem).toMatchObject({ code: 'EXPRESSION_SYNTAX', column: 17 });
    expect(analyzeExpression('max(a, b').problems[0]).toMatchObject({ code: 'EXPRESSION_SYNTAX', column: 9 });
    expect(analyzeExpression('a # b').problems[0]).toMatchObject({ code: 'EXPRESSION_SYNTAX', column: 3 });
    expect(analyzeExpression('  ').problems[0]).toMatchObject({ code: 'EXPRESSION_SYNTAX' });
  });

  it.each([
    ['constructor of x', 'FORBIDDEN_SYNTAX'],
    ['a.constructor', 'FORBIDDEN_SYNTAX'],
    ['region ~= "^CN"', 'FORBIDDEN_SYNTAX'],
    ['a % 2', 'FORBIDDEN_SYNTAX'],
    ['a ? 1 : 2', 'FORBIDDEN_SYNTAX'],
    ['eval(1)', 'UNKNOWN_FUNCTION'],
    ['sqrt(4)', 'UNKNOWN_FUNCTION'],
  ])('rejects %s', (source, code) => {
    expect(analyzeExpression(source).problems.map((problem) => problem.code)).toContain(code);
  });
});

describe('compiled expressions', () => {
  it('evaluates arithmetic, comparisons, if/then/else and capacity helpers', () => {
    expect(compileExpressionOf('min(a, b) * 2 + round(1.6)', 'number').evaluate({ a: 3, b: 5 })).toEqual({
      ok: true,
      value: 8,
    });
    expect(compileExpressionOf('if a > 1 then 10 else 20', 'number').evaluate({ a: 0 })).toEqual({
      ok: true,
      value: 20,
    });
    expect(compileExpressionOf('a >= 2 and not (b == "x")', 'boolean').evaluate({ a: 2, b: 'y' })).toEqual({
      ok: true,
      value: true,
    });
    const payment = compileExpressionOf('annuityPayment(10000, monthlyRate(1200), 12)', 'number').evaluate(
      {},
    );
    expect(payment.ok && payment.value).toBeCloseTo(888.4879, 3);
  });

  it('reports division by zero, missing inputs and wrong types instead of returning them', () => {
    expect(compileExpressionOf('a / b', 'number').evaluate({ a: 1, b: 0 })).toMatchObject({
      ok: false,
      code: 'NOT_FINITE',
    });
    expect(compileExpressionOf('a + 1', 'number').evaluate({})).toMatchObject({
      ok: false,
      code: 'EXPRESSION_ERROR',
    });
    expect(compileExpressionOf('a + 1', 'number').evaluate({ a: 'x' })).toMatchObject({ ok: false });
    expect(compileExpressionOf('a > 1', 'number').evaluate({ a: 5 })).toMatchObject({
      ok: false,
      code: 'WRONG_TYPE',
    });
    expect(compileExpressionOf('debtServiceRatio(1, 1, 0)', 'number').evaluate({})).toMatchObject({
      ok: false,
      message: expect.stringContaining('NO_INCOME'),
    });
  });

  it('cannot reach prototypes or anything outside the scope', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const result = compileExpressionOf(`'${name}'`, 'number').evaluate({ a: 1 });
      expect(result.ok).toBe(false);
    }
    expect(
      compileExpressionOf('a', 'number').evaluate(Object.assign(Object.create({ a: 5 }), {})),
    ).toMatchObject({ ok: false });
  });

  it('normalises -0 so a replay serialises identically', () => {
    const result = compileExpressionOf('0 * -1', 'number').evaluate({});
    expect(Object.is(result.ok && result.value, 0)).toBe(true);
  });
});
