/**
 * Logistic regression by Newton-Raphson (iteratively reweighted least squares), the model under a scorecard:
 * ln(p / (1 - p)) = intercept + sum_j coefficient_j * x_j, p the probability of default.
 *
 * Each step solves (X'WX + l2 * I) delta = X'(y - p) - l2 * beta by Cholesky (ml-matrix); the intercept is
 * never penalised. A step that does not lower the penalised deviance is halved. Convergence is R's glm rule:
 * |deviance change| / (|deviance| + 0.1) < tolerance. Columns that are (numerically) linear combinations of
 * the others make X'WX singular: that is an error with a code, never a fit with arbitrary coefficients.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type { Outcomes } from './discrimination.js';
import { PolicyError } from './errors.js';

export interface LogisticOptions {
  /** Ridge penalty on the coefficients (not the intercept); 0 for plain maximum likelihood. */
  l2?: number;
  maxIterations?: number;
  tolerance?: number;
}

export interface LogisticFit {
  intercept: number;
  coefficients: number[];
  /** From the inverse of the (penalised) information matrix at the solution. */
  standardErrors: { intercept: number; coefficients: number[] };
  iterations: number;
  /** -2 log-likelihood at the solution, penalty excluded. */
  deviance: number;
}

/**
 * A column whose Cholesky pivot keeps less than this share of its own variance is a linear combination of
 * the ones before it (1 - R^2 below 1e-10).
 */
const RANK_TOLERANCE = 1e-10;

function fail(code: string, message: string, path: string): never {
  throw new PolicyError(code, message, { path });
}

/** -2 log-likelihood from the linear predictor, without overflow: log(1 + e^eta) computed stably. */
function devianceOf(eta: Float64Array, y: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < eta.length; i += 1) {
    const e = eta[i];
    sum += Math.max(e, 0) + Math.log1p(Math.exp(-Math.abs(e))) - y[i] * e;
  }
  return 2 * sum;
}

function linearPredictor(x: readonly Float64Array[], beta: Float64Array, into: Float64Array): Float64Array {
  into.fill(beta[0]);
  for (let j = 1; j < beta.length; j += 1) {
    const column = x[j];
    const b = beta[j];
    for (let i = 0; i < into.length; i += 1) into[i] += b * column[i];
  }
  return into;
}

function penalty(beta: Float64Array, l2: number): number {
  let sum = 0;
  for (let j = 1; j < beta.length; j += 1) sum += beta[j] * beta[j];
  return l2 * sum;
}

/** X'WX + l2 (the information matrix) and X'(y - p) - l2 * beta (the score) at eta. */
function newtonSystem(
  x: readonly Float64Array[],
  y: Float64Array,
  eta: Float64Array,
  beta: Float64Array,
  l2: number,
): { information: Matrix; score: Matrix } {
  const n = y.length;
  const p = x.length;
  const weights = new Float64Array(n);
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const mu = 1 / (1 + Math.exp(-eta[i]));
    weights[i] = mu * (1 - mu);
    residuals[i] = y[i] - mu;
  }
  const information = Matrix.zeros(p, p);
  const score = Matrix.zeros(p, 1);
  for (let a = 0; a < p; a += 1) {
    const xa = x[a];
    let gradient = 0;
    for (let i = 0; i < n; i += 1) gradient += xa[i] * residuals[i];
    score.set(a, 0, a === 0 ? gradient : gradient - l2 * beta[a]);
    for (let b = 0; b <= a; b += 1) {
      const xb = x[b];
      let sum = 0;
      for (let i = 0; i < n; i += 1) sum += weights[i] * xa[i] * xb[i];
      if (a === b && a > 0) sum += l2;
      information.set(a, b, sum);
      information.set(b, a, sum);
    }
  }
  return { information, score };
}

function factorise(information: Matrix): CholeskyDecomposition {
  const cholesky = new CholeskyDecomposition(information);
  const lower = cholesky.lowerTriangularMatrix;
  // a failed pivot is 0 (ml-matrix takes the root of max(d, 0)), NaN after it: the first one names the column
  for (let j = 0; j < information.rows; j += 1) {
    const pivot = lower.get(j, j);
    if (!(pivot * pivot > RANK_TOLERANCE * information.get(j, j))) {
      const which = j === 0 ? 'the intercept' : `column ${j - 1}`;
      fail(
        'LOGISTIC_SINGULAR',
        `the information matrix is singular: ${which} is a linear combination of the columns before it, or does not vary`,
        j === 0 ? 'outcome' : `columns[${j - 1}]`,
      );
    }
  }
  if (!cholesky.isPositiveDefinite())
    fail('LOGISTIC_SINGULAR', 'the information matrix is not positive definite', 'columns');
  return cholesky;
}

/** Highest power first. */
const ERFC_COEFFICIENTS = [
  0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196,
  1.00002368, -1.26551223,
];

/**
 * Two-sided p-value of a Wald statistic z = coefficient / standard error under the standard normal:
 * erfc(|z| / sqrt 2), erfc by the Chebyshev fit of Numerical Recipes (relative error below 1.2e-7).
 */
export function waldPValue(coefficient: number, standardError: number): number {
  const x = Math.abs(coefficient / standardError) / Math.SQRT2;
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 1 : 0;
  const t = 1 / (1 + 0.5 * x);
  let poly = 0;
  for (const c of ERFC_COEFFICIENTS) poly = c + t * poly;
  return Math.min(1, t * Math.exp(-x * x + poly));
}

export function fitLogistic(
  columns: readonly ArrayLike<number>[],
  outcome: Outcomes,
  options: LogisticOptions = {},
): LogisticFit {
  const { l2 = 0, maxIterations = 25, tolerance = 1e-10 } = options;
  if (!(l2 >= 0 && Number.isFinite(l2))) fail('INVALID_ARGUMENT', 'l2 must be a finite number >= 0', 'l2');
  if (!Number.isInteger(maxIterations) || maxIterations < 1 || maxIterations > 1000) {
    fail('INVALID_ARGUMENT', 'maxIterations must be a whole number from 1 to 1000', 'maxIterations');
  }
  if (!(tolerance > 0 && tolerance < 1)) fail('INVALID_ARGUMENT', 'tolerance must be in (0, 1)', 'tolerance');
  const n = outcome.length;
  const y = new Float64Array(n);
  let bads = 0;
  for (let i = 0; i < n; i += 1) {
    const value = outcome[i];
    if (value !== true && value !== false && value !== 0 && value !== 1) {
      fail('INVALID_ARGUMENT', `outcome[${i}] must be a boolean or 0/1`, `outcome[${i}]`);
    }
    y[i] = value ? 1 : 0;
    bads += y[i];
  }
  if (n <= columns.length + 1) {
    fail('INSUFFICIENT_DATA', `${n} cases cannot fit ${columns.length + 1} parameters`, 'outcome');
  }
  if (bads === 0 || bads === n) {
    fail('INSUFFICIENT_DATA', 'logistic regression needs both defaults and non-defaults', 'outcome');
  }
  const x = [new Float64Array(n).fill(1)];
  columns.forEach((column, j) => {
    if (column.length !== n) {
      fail(
        'INVALID_ARGUMENT',
        `columns[${j}] has ${column.length} values, outcome has ${n}`,
        `columns[${j}]`,
      );
    }
    const values = Float64Array.from(column);
    const bad = values.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0)
      fail('INVALID_ARGUMENT', `columns[${j}][${bad}] is not a finite number`, `columns[${j}][${bad}]`);
    x.push(values);
  });

  const beta = new Float64Array(x.length);
  beta[0] = Math.log(bads / (n - bads));
  const eta = linearPredictor(x, beta, new Float64Array(n));
  let objective = devianceOf(eta, y) + penalty(beta, l2);
  const trial = new Float64Array(x.length);
  for (let iteration = 1; iteration <= maxIterations; iteration += 1) {
    const { information, score } = newtonSystem(x, y, eta, beta, l2);
    const delta = factorise(information).solve(score);
    let step = 1;
    let next = objective;
    for (let halving = 0; halving <= 30; halving += 1) {
      for (let j = 0; j < beta.length; j += 1) trial[j] = beta[j] + step * delta.get(j, 0);
      next = devianceOf(linearPredictor(x, trial, eta), y) + penalty(trial, l2);
      if (next <= objective + 1e-12 * Math.abs(objective)) break;
      step /= 2;
    }
    beta.set(trial);
    const converged = Math.abs(next - objective) / (Math.abs(next) + 0.1) < tolerance;
    objective = next;
    if (converged) {
      const { information } = newtonSystem(x, y, eta, beta, l2);
      const covariance = factorise(information).solve(Matrix.eye(x.length));
      const errors = Array.from({ length: x.length }, (_, j) => Math.sqrt(covariance.get(j, j)));
      return {
        intercept: beta[0],
        coefficients: Array.from(beta.subarray(1)),
        standardErrors: { intercept: errors[0], coefficients: errors.slice(1) },
        iterations: iteration,
        deviance: devianceOf(eta, y),
      };
    }
  }
  return fail(
    'LOGISTIC_NOT_CONVERGED',
    `logistic regression did not converge in ${maxIterations} iterations (separated or near-separated data?)`,
    'maxIterations',
  );
}
