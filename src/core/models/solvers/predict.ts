/**
 * Scores from fitted coefficients, and the same coefficients as a tfjs Dense layer's weights (the
 * model file stores every linear model as one plain Dense layer).
 */
import type { FeatureColumns } from '../data';
import { checkFeatureCount, checkFeatures } from './checks';
import { addProduct } from './kernels';
import type { LinearModelFit } from './result';

/** X·coefᵀ + intercept: rows × outputs, row-major. */
export function decisionFunction(fit: LinearModelFit, x: FeatureColumns): Float64Array {
  checkFeatureCount(x, fit.features);
  checkFeatures(x);
  const k = fit.outputs;
  const column = new Float64Array(x.rows);
  const scores = new Float64Array(x.rows * k);
  for (let c = 0; c < k; c++) {
    column.fill(fit.intercept[c]);
    addProduct(x.columns, fit.coef, c * fit.features, 0, x.rows, column, 0);
    for (let i = 0; i < x.rows; i++) scores[i * k + c] = column[i];
  }
  return scores;
}

/**
 * Class probabilities, rows × classes, row-major, in the order of the fit's classes (binary:
 * [1 − σ(z), σ(z)]).
 */
export function predictProbabilities(fit: LinearModelFit & { link: 'sigmoid' | 'softmax' }, x: FeatureColumns): Float64Array {
  const scores = decisionFunction(fit, x);
  if (fit.link === 'sigmoid') {
    const probabilities = new Float64Array(x.rows * 2);
    scores.forEach((z, i) => {
      const e = Math.exp(-Math.abs(z));
      const positive = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      probabilities[2 * i] = z >= 0 ? e / (1 + e) : 1 / (1 + e);
      probabilities[2 * i + 1] = positive;
    });
    return probabilities;
  }
  const k = fit.outputs;
  for (let i = 0; i < x.rows; i++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, scores[i * k + c]);
    let total = 0;
    for (let c = 0; c < k; c++) total += scores[i * k + c] = Math.exp(scores[i * k + c] - max);
    for (let c = 0; c < k; c++) scores[i * k + c] /= total;
  }
  return scores;
}

/** A regression fit's predictions, one per row. */
export function predictValues(fit: LinearModelFit, x: FeatureColumns): Float64Array {
  if (fit.outputs !== 1) throw new Error('predictValues needs a single-output (regression) fit.');
  return decisionFunction(fit, x);
}

/** Bias of a class no training row has: its softmax share underflows to 0, and the value stays a finite float32. */
export const ABSENT_CLASS_BIAS = -1e9;

/**
 * The weights of a Dense layer (kernel features × units, row-major as tf.tensor2d(kernel, [features,
 * units]) reads it; one bias per unit) that computes the same predictions: for classification a softmax
 * over all `units` classes of the training set, for regression one linear unit.
 * Binary becomes two units, [0, z]: softmax(0, z) = (1 − σ(z), σ(z)). A class without training rows
 * gets a zero kernel column and ABSENT_CLASS_BIAS.
 */
export function denseLayerWeights(fit: LinearModelFit & { classes?: Int32Array }, units: number): { kernel: Float64Array; bias: Float64Array } {
  const d = fit.features;
  const kernel = new Float64Array(d * units);
  const bias = new Float64Array(units);
  if (!fit.classes) {
    if (units !== 1 || fit.outputs !== 1) throw new Error('A regression fit becomes one linear unit.');
    kernel.set(fit.coef);
    bias[0] = fit.intercept[0];
    return { kernel, bias };
  }
  const classes = fit.classes;
  if (classes.some((c) => c >= units)) throw new Error(`The fit has class index ${Math.max(...classes)}, beyond the layer's ${units} units.`);
  bias.fill(ABSENT_CLASS_BIAS);
  classes.forEach((unit) => (bias[unit] = 0));
  // Binary: only the positive class (the second) gets the one output's weights.
  const scored = fit.outputs === 1 ? [classes[1]] : Array.from(classes);
  scored.forEach((unit, k) => {
    for (let j = 0; j < d; j++) kernel[j * units + unit] = fit.coef[k * d + j];
    bias[unit] = fit.intercept[k];
  });
  return { kernel, bias };
}
