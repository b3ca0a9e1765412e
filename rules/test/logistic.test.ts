import { describe, expect, it } from 'vitest';
import { fitLogistic, mulberry32, waldPValue } from '../src/index.js';

/** Cases from counts: x = 0 with 10 cases, 2 defaults; x = 1 with 10 cases, 6 defaults. */
function twoGroups(): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (const [value, count, defaults] of [
    [0, 10, 2],
    [1, 10, 6],
  ]) {
    for (let i = 0; i < count; i += 1) {
      x.push(value);
      y.push(i < defaults ? 1 : 0);
    }
  }
  return { x, y };
}

describe('fitLogistic', () => {
  it('recovers the closed-form solution of a binary predictor', () => {
    // saturated model: intercept = logit(2/10), slope = logit(6/10) - logit(2/10) = ln 6; the standard errors
    // are sqrt(1/2 + 1/8) and sqrt(1/2 + 1/8 + 1/6 + 1/4) (inverse cell counts)
    const { x, y } = twoGroups();
    const fit = fitLogistic([x], y);
    expect(fit.intercept).toBeCloseTo(Math.log(2 / 8), 8);
    expect(fit.coefficients[0]).toBeCloseTo(Math.log(6), 8);
    expect(fit.standardErrors.intercept).toBeCloseTo(Math.sqrt(1 / 2 + 1 / 8), 6);
    expect(fit.standardErrors.coefficients[0]).toBeCloseTo(Math.sqrt(1 / 2 + 1 / 8 + 1 / 6 + 1 / 4), 6);
    // deviance = -2 sum of y ln p + (1 - y) ln(1 - p) at p = 0.2 and 0.6
    const deviance = -2 * (2 * Math.log(0.2) + 8 * Math.log(0.8) + 6 * Math.log(0.6) + 4 * Math.log(0.4));
    expect(fit.deviance).toBeCloseTo(deviance, 8);
    expect(fit.iterations).toBeLessThan(10);
  });

  it('with a ridge penalty, stops where the score equals l2 times the coefficients', () => {
    const random = mulberry32(3);
    const a = Array.from({ length: 400 }, () => random() * 2 - 1);
    const b = Array.from({ length: 400 }, () => random() * 2 - 1);
    const y = a.map((value, i) => (random() < 1 / (1 + Math.exp(-(0.5 + 2 * value - b[i]))) ? 1 : 0));
    const l2 = 5;
    const fit = fitLogistic([a, b], y, { l2 });
    const gradient = [0, 0, 0];
    y.forEach((outcome, i) => {
      const p =
        1 / (1 + Math.exp(-(fit.intercept + fit.coefficients[0] * a[i] + fit.coefficients[1] * b[i])));
      gradient[0] += outcome - p;
      gradient[1] += (outcome - p) * a[i];
      gradient[2] += (outcome - p) * b[i];
    });
    expect(gradient[0]).toBeCloseTo(0, 6);
    expect(gradient[1]).toBeCloseTo(l2 * fit.coefficients[0], 6);
    expect(gradient[2]).toBeCloseTo(l2 * fit.coefficients[1], 6);
    const plain = fitLogistic([a, b], y);
    expect(Math.abs(fit.coefficients[0])).toBeLessThan(Math.abs(plain.coefficients[0]));
  });

  it('refuses columns that are linear combinations of others, or constant', () => {
    const { x, y } = twoGroups();
    expect(() => fitLogistic([x, x.map((value) => 2 * value)], y)).toThrow(
      expect.objectContaining({ code: 'LOGISTIC_SINGULAR', path: 'columns[1]' }),
    );
    expect(() => fitLogistic([x.map(() => 3)], y)).toThrow(
      expect.objectContaining({ code: 'LOGISTIC_SINGULAR' }),
    );
  });

  it('reports a fit that does not converge', () => {
    const { x, y } = twoGroups();
    expect(() => fitLogistic([x], y, { maxIterations: 1 })).toThrow(
      expect.objectContaining({ code: 'LOGISTIC_NOT_CONVERGED' }),
    );
  });

  it('rejects bad input with a path', () => {
    const { x, y } = twoGroups();
    expect(() => fitLogistic([x.slice(1)], y)).toThrow(expect.objectContaining({ path: 'columns[0]' }));
    expect(() => fitLogistic([x.map((v, i) => (i === 3 ? Number.NaN : v))], y)).toThrow(
      expect.objectContaining({ path: 'columns[0][3]' }),
    );
    expect(() =>
      fitLogistic(
        [x],
        y.map(() => 0),
      ),
    ).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_DATA' }));
    expect(() =>
      fitLogistic(
        [x],
        y.map((v) => v * 2),
      ),
    ).toThrow(expect.objectContaining({ path: 'outcome[0]' }));
    expect(() => fitLogistic([x], y, { l2: -1 })).toThrow(expect.objectContaining({ path: 'l2' }));
  });
});

describe('waldPValue', () => {
  it('is the two-sided normal tail of coefficient / standard error', () => {
    expect(waldPValue(1.959964, 1)).toBeCloseTo(0.05, 6);
    expect(waldPValue(-2.575829, 1)).toBeCloseTo(0.01, 6);
    expect(waldPValue(0, 1)).toBeCloseTo(1, 6);
    expect(waldPValue(1, 0)).toBe(0);
  });
});
