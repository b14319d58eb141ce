/**
 * Logistic regression as scikit-learn's LogisticRegression (1.9) fits it: binary with one
 * coefficient vector (sigmoid), more classes multinomial (softmax, one vector per class, the
 * symmetric parameterisation). scikit-learn minimises
 *   L2:          ½‖W‖² + C·Σᵢ sᵢ·lossᵢ
 *   L1:          ‖W‖₁ + C·Σᵢ sᵢ·lossᵢ
 *   elastic-net: l1_ratio·‖W‖₁ + ½(1 − l1_ratio)·‖W‖² + C·Σᵢ sᵢ·lossᵢ
 *   none:        Σᵢ sᵢ·lossᵢ
 * (intercepts unpenalised; sᵢ the class weight of row i). The solvers work on that objective divided
 * by C·Σᵢ sᵢ (a mean loss plus a penalty, scikit-learn's own internal scale), and so do `tol` and
 * `lossHistory`: L2 and none by L-BFGS (lbfgs.ts), L1 and elastic-net by proximal Newton coordinate
 * descent (logistic-cd.ts).
 */
import type { TrainingSet } from '../data';
import { checkFeatures, checkIterations, checkPositive, checkRange } from './checks';
import { Pacer, type SolverHooks } from './hooks';
import { minimizeLbfgs } from './lbfgs';
import { minimizeLogisticCd } from './logistic-cd';
import { LogisticObjective, parameterCount } from './logistic-loss';
import { decisionFunction } from './predict';
import type { LinearModelFit } from './result';

export type LogisticPenalty = 'l2' | 'l1' | 'elasticnet' | 'none';

/** scikit-learn's names and defaults. */
export interface LogisticParams {
  penalty?: LogisticPenalty;
  /** Inverse regularisation strength (ignored for 'none'). Default 1. */
  C?: number;
  /** Share of L1 in the elastic-net penalty, 0 … 1 (elasticnet only). Default 0.5. */
  l1_ratio?: number;
  /** Stop once the largest (sub)gradient entry of the scaled objective is at most tol. Default 1e-4. */
  tol?: number;
  /** Iteration limit: L-BFGS iterations or coordinate-descent sweeps. Default 100. */
  max_iter?: number;
  /** 'balanced' weighs each row by n / (classes × rows of its class), scikit-learn's formula. */
  class_weight?: 'balanced' | null;
}

export interface LogisticFit extends LinearModelFit {
  /** 'sigmoid': one output, the positive class's score (binary). 'softmax': one output per class. */
  link: 'sigmoid' | 'softmax';
  /**
   * The classes the model tells apart, as indices into the training set's `classes`, ascending: those
   * with training rows. Binary: [negative, positive], and the one output scores the positive class.
   */
  classes: Int32Array;
  solver: 'lbfgs' | 'coordinate-descent';
}

interface Settings {
  penalty: LogisticPenalty;
  C: number;
  /** The L1 share of the penalty actually applied: 1 for L1, l1_ratio for elastic-net, else 0. */
  l1Share: number;
  tol: number;
  maxIter: number;
  balanced: boolean;
}

function settingsOf(params: LogisticParams): Settings {
  const penalty = params.penalty ?? 'l2';
  if (!['l2', 'l1', 'elasticnet', 'none'].includes(penalty)) throw new Error(`Parameter penalty must be l2, l1, elasticnet or none, not '${penalty}'.`);
  const ratio = checkRange('l1_ratio', params.l1_ratio ?? 0.5, 0, 1);
  const classWeight = params.class_weight ?? null;
  if (classWeight !== null && classWeight !== 'balanced') throw new Error(`Parameter class_weight must be 'balanced' or none, not '${String(classWeight)}'.`);
  return {
    penalty,
    C: penalty === 'none' ? Infinity : checkPositive('C', params.C ?? 1),
    l1Share: penalty === 'l1' ? 1 : penalty === 'elasticnet' ? ratio : 0,
    tol: checkPositive('tol', params.tol ?? 1e-4),
    maxIter: checkIterations('max_iter', params.max_iter ?? 100),
    balanced: classWeight === 'balanced',
  };
}

interface Targets {
  /** Indices into the training set's classes of those with rows. */
  classes: Int32Array;
  /** Each row's position in `classes`. */
  y: Int32Array;
  counts: Float64Array;
}

function targetsOf(data: TrainingSet): Targets {
  const labels = data.classes;
  if (data.task !== 'classification' || !labels) throw new Error('Logistic regression needs a classification target with its classes.');
  if (!(data.y instanceof Int32Array)) throw new Error('Logistic regression needs class indices (an Int32Array) as its target.');
  if (data.y.length !== data.rows) throw new Error(`The target has ${data.y.length} values for ${data.rows} rows.`);
  const perClass = new Float64Array(labels.length);
  data.y.forEach((c, i) => {
    if (!(c >= 0 && c < labels.length)) throw new Error(`The target at row ${i + 1} is class index ${c}, outside the ${labels.length} classes.`);
    perClass[c]++;
  });
  const classes = Int32Array.from(labels.keys()).filter((c) => perClass[c] > 0);
  if (classes.length < 2) {
    const only = classes.length ? `only the class '${labels[classes[0]]}'` : 'no rows';
    throw new Error(`Logistic regression needs at least two classes in the training rows, but they hold ${only}.`);
  }
  const position = new Int32Array(labels.length);
  classes.forEach((c, k) => (position[c] = k));
  return { classes, y: data.y.map((c) => position[c]), counts: Float64Array.from(classes, (c) => perClass[c]) };
}

/** scikit-learn's 'balanced': n / (classes × count of the row's class); else 1. */
function sampleWeights(targets: Targets, balanced: boolean): Float64Array {
  const n = targets.y.length;
  if (!balanced) return new Float64Array(n).fill(1);
  const perClass = targets.counts.map((count) => n / (targets.classes.length * count));
  return Float64Array.from(targets.y, (k) => perClass[k]);
}

/** True when every training row's own class scores strictly highest: the classes are linearly separable. */
function separates(fit: LogisticFit, data: TrainingSet, y: Int32Array): boolean {
  const scores = decisionFunction(fit, data);
  const k = fit.outputs;
  for (let i = 0; i < data.rows; i++) {
    if (k === 1) {
      if (y[i] === 1 ? !(scores[i] > 0) : !(scores[i] < 0)) return false;
      continue;
    }
    for (let c = 0; c < k; c++) if (c !== y[i] && !(scores[i * k + y[i]] > scores[i * k + c])) return false;
  }
  return true;
}

/** Subtracts the mean over classes: the softmax does not change, and the result no longer depends on the start. */
function centreOverClasses(values: Float64Array, outputs: number, stride: number): void {
  for (let j = 0; j < stride; j++) {
    let mean = 0;
    for (let c = 0; c < outputs; c++) mean += values[c * stride + j] / outputs;
    for (let c = 0; c < outputs; c++) values[c * stride + j] -= mean;
  }
}

export async function fitLogistic(data: TrainingSet, params: LogisticParams = {}, hooks: SolverHooks = {}): Promise<LogisticFit> {
  const settings = settingsOf(params);
  const pacer = new Pacer(hooks.signal);
  const targets = targetsOf(data);
  checkFeatures(data, data.features.map((f) => f.name));
  const d = data.columns.length;
  const outputs = targets.classes.length === 2 ? 1 : targets.classes.length;
  const weights = sampleWeights(targets, settings.balanced);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const lossHistory: number[] = [];
  const onIteration = (iteration: number, loss: number, gradientNorm: number) => {
    lossHistory.push(loss);
    hooks.onProgress?.({ iteration, maxIterations: settings.maxIter, loss, gradientNorm });
  };

  let theta: Float64Array;
  let outcome: { iterations: number; converged: boolean; message: string; gradientNorm: number };
  const solver = settings.l1Share > 0 ? 'coordinate-descent' : 'lbfgs';
  if (solver === 'lbfgs') {
    const l2 = settings.penalty === 'none' ? 0 : 1 / (settings.C * totalWeight);
    const objective = new LogisticObjective(data, targets.y, weights, outputs, l2, pacer);
    const result = await minimizeLbfgs(objective.evaluate, new Float64Array(parameterCount(d, outputs)), { maxIterations: settings.maxIter, gradientTolerance: settings.tol }, onIteration);
    theta = result.x;
    outcome = result;
  } else {
    const strength = 1 / (settings.C * totalWeight);
    const result = await minimizeLogisticCd(
      data,
      targets.y,
      weights,
      outputs,
      { l1: settings.l1Share * strength, l2: (1 - settings.l1Share) * strength, tol: settings.tol, maxIterations: settings.maxIter },
      pacer,
      onIteration,
    );
    theta = result.theta;
    outcome = { ...result, gradientNorm: result.violation };
  }

  pacer.throwIfCancelled();
  const coef = new Float64Array(outputs * d);
  const intercept = new Float64Array(outputs);
  for (let c = 0; c < outputs; c++) {
    coef.set(theta.subarray(c * (d + 1), c * (d + 1) + d), c * d);
    intercept[c] = theta[c * (d + 1) + d];
  }
  if (outputs > 1) {
    centreOverClasses(intercept, outputs, 1);
    // Unpenalised, the softmax's coefficients are only defined up to a shift shared by the classes.
    if (settings.penalty === 'none') centreOverClasses(coef, outputs, d);
  }
  const warnings: string[] = [];
  const labels = data.classes ?? [];
  const absent = labels.filter((_, c) => !targets.classes.includes(c));
  if (absent.length) warnings.push(`No training rows have the class ${absent.map((l) => `'${l}'`).join(', ')}: the model never predicts it.`);
  if (!outcome.converged) {
    warnings.push(
      `The ${solver === 'lbfgs' ? 'L-BFGS' : 'coordinate descent'} solver stopped after ${outcome.iterations} iterations without converging: ${outcome.message} ` +
        `(largest gradient entry ${outcome.gradientNorm.toPrecision(3)}, tol ${settings.tol}). Raise max_iter, or standardise the features.`,
    );
  }
  const fit: LogisticFit = {
    coef,
    intercept,
    outputs,
    features: d,
    iterations: outcome.iterations,
    converged: outcome.converged,
    lossHistory,
    warnings,
    link: outputs === 1 ? 'sigmoid' : 'softmax',
    classes: targets.classes,
    solver,
  };
  if (settings.penalty === 'none' && separates(fit, data, targets.y)) {
    warnings.push(
      'The classes are perfectly separable on the training rows: without a penalty the best coefficients are infinitely large. ' +
        'The fit stopped at large finite ones (at the gradient tolerance); use the L2 penalty for a well-defined model.',
    );
  }
  return fit;
}
