/**
 * Regression metrics, matched to scikit-learn's defaults. Every field is a finite plain
 * number; empty, mismatched or non-finite input throws a RangeError rather than yielding NaN.
 */

export interface RegressionMetrics {
  r2: number;
  rmse: number;
  mae: number;
  /** Mean |error| / |truth|, with sklearn's machine-epsilon floor on |truth| (a share, not a percent). */
  mape: number;
}

const EPSILON = 2.220446049250313e-16;

export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  const n = yTrue.length;
  if (n === 0) throw new RangeError('regressionMetrics: no rows');
  if (yPred.length !== n) {
    throw new RangeError(`regressionMetrics: ${yPred.length} predictions for ${n} targets`);
  }

  let sum = 0;
  let constant = true;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(yTrue[i]) || !Number.isFinite(yPred[i])) {
      throw new RangeError(`regressionMetrics: value at row ${i} is not finite`);
    }
    sum += yTrue[i];
    if (yTrue[i] !== yTrue[0]) constant = false;
  }
  const mean = sum / n;

  let ssRes = 0;
  let ssTot = 0;
  let absSum = 0;
  let relativeSum = 0;
  for (let i = 0; i < n; i++) {
    const err = yTrue[i] - yPred[i];
    ssRes += err * err;
    absSum += Math.abs(err);
    relativeSum += Math.abs(err) / Math.max(Math.abs(yTrue[i]), EPSILON);
    const dev = yTrue[i] - mean;
    ssTot += dev * dev;
  }

  // sklearn's force_finite: with constant truth R² is 1 for a perfect fit and 0 otherwise.
  // Tested on the values, not on ssTot, because a rounded mean (e.g. of three 0.1s) leaves
  // ssTot a hair above zero and R² would explode.
  const r2 = constant || ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot;
  return { r2, rmse: Math.sqrt(ssRes / n), mae: absSum / n, mape: relativeSum / n };
}
