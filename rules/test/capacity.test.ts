import { describe, expect, it } from 'vitest';
import { compileExpressionOf } from '../src/expression.js';
import {
  affordableLimit,
  affordablePrincipal,
  annuityPayment,
  clamp,
  debtServiceRatio,
  floorToStep,
  monthlyRateFromBps,
  PolicyError,
} from '../src/index.js';

describe('capacity math', () => {
  it('computes the annuity payment L*r/(1-(1+r)^-n)', () => {
    // 10,000 over 12 months at 12% APR: the textbook 888.49
    expect(annuityPayment(10000, 0.01, 12)).toBeCloseTo(888.4879, 3);
    expect(annuityPayment(12000, 0, 12)).toBe(1000);
  });

  it('inverts the annuity exactly', () => {
    const payment = annuityPayment(50000, monthlyRateFromBps(2400), 24);
    expect(affordablePrincipal(payment, monthlyRateFromBps(2400), 24)).toBeCloseTo(50000, 6);
    expect(affordablePrincipal(-5, 0.01, 12)).toBe(0);
    expect(affordablePrincipal(100, 0, 12)).toBe(1200);
  });

  it('computes DSR and refuses zero income with a code instead of Infinity', () => {
    expect(debtServiceRatio(1500, 1500, 6000)).toBe(0.5);
    expect(() => debtServiceRatio(1500, 1500, 0)).toThrowError(
      expect.objectContaining({ code: 'NO_INCOME' }),
    );
  });

  it('computes the affordable limit at the DSR cap and never a negative one', () => {
    const rate = monthlyRateFromBps(2400);
    const room = 0.5 * 12000 - 1500;
    expect(affordableLimit(12000, 1500, 0.5, 2400, 12)).toBeCloseTo(affordablePrincipal(room, rate, 12), 9);
    expect(annuityPayment(affordableLimit(12000, 1500, 0.5, 2400, 12), rate, 12)).toBeCloseTo(room, 6);
    expect(affordableLimit(3000, 5000, 0.5, 2400, 12)).toBe(0);
    expect(affordableLimit(0, 0, 0.5, 2400, 12)).toBe(0);
  });

  it('floors to the step and never below zero', () => {
    expect(floorToStep(47589.03, 100)).toBe(47500);
    expect(floorToStep(-10, 100)).toBe(0);
    expect(floorToStep(200000, 100)).toBe(200000);
  });

  it.each([
    () => annuityPayment(Number.NaN, 0.01, 12),
    () => annuityPayment(1000, 0.01, 0),
    () => annuityPayment(1000, -0.01, 12),
    () => annuityPayment(1000, 0.01, 1.5),
    () => affordablePrincipal(Number.POSITIVE_INFINITY, 0.01, 12),
    () => floorToStep(100, 0),
  ])('rejects invalid arguments with INVALID_ARGUMENT (%#)', (call) => {
    expect(call).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it.each([
    ['a negative debt service', () => affordableLimit(12000, -5000, 0.5, 2400, 12), 'monthlyDebtService'],
    ['a negative income', () => affordableLimit(-1, 0, 0.5, 2400, 12), 'monthlyIncome'],
    ['a negative DSR cap', () => affordableLimit(12000, 0, -0.5, 2400, 12), 'dsrCap'],
    ['a DSR cap above 100%', () => affordableLimit(12000, 0, 1.5, 2400, 12), 'dsrCap'],
    ['an APR of 1e12 bps', () => monthlyRateFromBps(1e12), 'aprBps'],
    ['a negative APR', () => affordableLimit(12000, 0, 0.5, -1, 12), 'aprBps'],
    ['601 months', () => affordableLimit(12000, 0, 0.5, 2400, 601), 'months'],
    ['0 months', () => annuityPayment(1000, 0.01, 0), 'months'],
    ['a negative principal', () => annuityPayment(-1000, 0.01, 12), 'principal'],
    ['a monthly rate above 1000% APR', () => annuityPayment(1000, 1, 12), 'monthlyRate'],
    ['a negative payment in a DSR', () => debtServiceRatio(0, -10, 1000), 'newPayment'],
    ['a negative debt in a DSR', () => debtServiceRatio(-10, 0, 1000), 'monthlyDebtService'],
    ['a negative income in a DSR', () => debtServiceRatio(0, 10, -1000), 'monthlyIncome'],
    ['a negative step', () => floorToStep(100, -1), 'step'],
    ['clamp bounds the wrong way round', () => clamp(1, 5, 2), 'high'],
  ])('refuses %s with INVALID_ARGUMENT naming the argument', (_what, call, argument) => {
    expect(call).toThrowError(PolicyError);
    expect(call).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', path: argument }));
  });

  it('accepts the edges of every domain', () => {
    expect(affordableLimit(0, 0, 0, 0, 1)).toBe(0);
    expect(affordableLimit(12000, 0, 1, 100_000, 600)).toBeGreaterThan(0);
    expect(annuityPayment(0, 0, 600)).toBe(0);
    expect(clamp(7, 7, 7)).toBe(7);
  });

  it('makes a limit unavailable in an expression rather than huge', () => {
    const limit = compileExpressionOf(
      'affordableLimit(monthlyIncome, monthlyDebtService, 0.5, 2400, 12)',
      'number',
    );
    expect(limit.evaluate({ monthlyIncome: 12000, monthlyDebtService: -1_000_000 })).toMatchObject({
      ok: false,
      code: 'EXPRESSION_ERROR',
      message: expect.stringContaining('monthlyDebtService must be between 0 and'),
    });
    expect(limit.evaluate({ monthlyIncome: 12000, monthlyDebtService: 1500 })).toMatchObject({ ok: true });
  });
});
