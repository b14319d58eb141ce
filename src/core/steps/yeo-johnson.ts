/**
 * The Yeo-Johnson power transform and the maximum-likelihood choice of its λ, as scikit-learn's
 * PowerTransformer(method='yeo-johnson') computes them.
 */
import { minMax, variance } from './stats';

/** scikit-learn's np.spacing(1.0): how close λ must be to 0 or 2 for the log branches. */
const EPS = 2.220446049250313e-16;

export function yeoJohnson(x: number, lambda: number): number {
  if (x >= 0) return Math.abs(lambda) < EPS ? Math.log1p(x) : ((x + 1) ** lambda - 1) / lambda;
  return Math.abs(lambda - 2) < EPS ? -Math.log1p(-x) : -((1 - x) ** (2 - lambda) - 1) / (2 - lambda);
}

/** The profile log-likelihood of λ under a normal model of the transformed values (−∞ where undefined). */
function logLikelihood(values: Float64Array, lambda: number, logTerm: number): number {
  const transformed = values.map((x) => yeoJohnson(x, lambda));
  const v = variance(transformed);
  // Overflow or a constant result: this λ cannot be the maximum.
  if (!(v > Number.MIN_VALUE) || !Number.isFinite(v)) return -Infinity;
  return (-values.length / 2) * Math.log(v) + (lambda - 1) * logTerm;
}

/** λ is searched in this range: wide enough for scikit-learn's documented example (λ ≈ −3.1). */
const LAMBDA_RANGE = 10;
const GRID_STEP = 0.5;
const TOLERANCE = 1e-9;

/**
 * The λ that maximises the likelihood: a coarse grid finds the best cell (the likelihood need not be
 * concave), then golden-section search refines it. λ = 1 (the identity) for a constant column,
 * whose likelihood is flat up to rounding noise, and when no λ gives a finite likelihood.
 */
export function fitLambda(values: Float64Array): number {
  const { min, max } = minMax(values);
  if (min === max) return 1;
  let logTerm = 0;
  for (const x of values) logTerm += Math.sign(x) * Math.log1p(Math.abs(x));
  const f = (lambda: number) => logLikelihood(values, lambda, logTerm);
  let best = 1;
  let bestValue = -Infinity;
  for (let lambda = -LAMBDA_RANGE; lambda <= LAMBDA_RANGE; lambda += GRID_STEP) {
    const value = f(lambda);
    if (value > bestValue) [best, bestValue] = [lambda, value];
  }
  if (bestValue === -Infinity) return 1;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = best - GRID_STEP;
  let b = best + GRID_STEP;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > TOLERANCE) {
    if (fc > fd) {
      [b, d, fd] = [d, c, fc];
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      [a, c, fc] = [c, d, fd];
      d = a + ratio * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}
