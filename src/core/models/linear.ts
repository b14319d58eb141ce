/**
 * Logistic and linear regression through the solvers scikit-learn uses (solvers/): L-BFGS, or
 * coordinate descent for L1 and elastic net, Cholesky (or conjugate gradients) for ridge, on the
 * training set in float64, on the CPU. The model file stores the fit as one plain tfjs Dense layer
 * (model.json + weights.bin, as files written before the solvers were), so plain TensorFlow.js
 * loads it; scoring reads that layer's kernel and bias back and computes in float64, no tfjs needed.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveParams } from '../params';
import type { ParamValue } from '../values';
import type { Contributions, FitEvent, ModelArtifacts, ModelImplementation, ModelInsights, ModelOutline, Scorer } from './contract';
import { cpuBackend } from './cpu-backend';
import type { FeatureColumns, TrainingSet } from './data';
import { linearRegression, logisticRegression } from './descriptors/linear';
import { checkLayers, layersFiles, saveLayers } from './network/artifacts';
import { fitLinear, type LinearParams } from './solvers/regression';
import { fitLogistic, type LogisticParams } from './solvers/logistic';
import { decisionFunction, denseLayerWeights, predictProbabilities } from './solvers/predict';
import type { LinearModelFit } from './solvers/result';

type Activation = 'softmax' | 'linear';

/** The solver's progress as the run's iterations: a loss curve per iteration, and what it costs. */
function iterationEvents(rows: number, progress: (event: FitEvent) => void) {
  let last = performance.now();
  return ({ iteration, maxIterations, loss }: { iteration: number; maxIterations: number; loss: number }) => {
    const now = performance.now();
    progress({ type: 'iteration', unit: 'iteration', done: iteration, total: maxIterations, loss, samplesPerSecond: rows / Math.max((now - last) / 1000, 1e-6) });
    last = now;
  };
}

/** The fit as a one-layer tfjs network, saved as the standard model.json + weights.bin. */
async function denseArtifacts(kernel: Float64Array, bias: Float64Array, features: number, activation: Activation): Promise<ModelArtifacts> {
  const units = bias.length;
  const model = tf.sequential();
  model.add(tf.layers.dense({ units, activation, inputShape: [features] }));
  const weights = [tf.tensor2d(Float32Array.from(kernel), [features, units]), tf.tensor1d(Float32Array.from(bias))];
  try {
    model.setWeights(weights);
    return await saveLayers(model);
  } finally {
    tf.dispose(weights);
    model.dispose();
  }
}

/** One line for the run log: which solver, how many iterations, and whether it converged. */
function summary(title: string, fit: LinearModelFit & { solver: string }): string {
  return `${title} by ${fit.solver}, ${fit.iterations} iteration${fit.iterations === 1 ? '' : 's'}${fit.converged ? '' : ', stopped at the iteration limit before converging'}`;
}

interface DenseLayer {
  kernel: Float32Array;
  bias: Float32Array;
  activation: Activation;
  features: number;
  units: number;
}

/** The stored Dense layer: one layer, a kernel (features × units) and a bias, float32 little-endian. */
function readDense(artifacts: ModelArtifacts): DenseLayer {
  const { modelJson, weights } = checkLayers(artifacts);
  const topology = modelJson.modelTopology as { config?: { layers?: { class_name?: string; config?: { activation?: string; units?: number } }[] } };
  const layers = topology.config?.layers ?? [];
  const dense = layers.filter((l) => l.class_name === 'Dense');
  if (dense.length !== 1 || layers.some((l) => l.class_name !== 'Dense' && l.class_name !== 'InputLayer')) throw new Error('model/model.json is not one Dense layer, as a linear model is stored');
  const activation = dense[0].config?.activation;
  if (activation !== 'softmax' && activation !== 'linear') throw new Error(`model/model.json has a ${JSON.stringify(activation)} activation; a linear model uses softmax or linear`);
  const specs = modelJson.weightsManifest.flatMap((g) => g.weights) as { shape: number[]; dtype: string }[];
  const [kernelShape, biasShape] = specs.map((s) => s.shape);
  if (specs.length !== 2 || specs.some((s) => s.dtype !== 'float32') || kernelShape.length !== 2 || biasShape.length !== 1 || biasShape[0] !== kernelShape[1]) {
    throw new Error('model/model.json must list a float32 kernel (features × units) and a bias (units)');
  }
  const [features, units] = kernelShape;
  const view = new DataView(weights.buffer, weights.byteOffset, weights.byteLength);
  const floats = Float32Array.from({ length: weights.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
  return { kernel: floats.subarray(0, features * units), bias: floats.subarray(features * units), activation, features, units };
}

/** Scores from the stored layer, in float64: softmax probabilities or values. */
function denseScorer(layer: DenseLayer): Scorer {
  const coef = new Float64Array(layer.units * layer.features);
  for (let j = 0; j < layer.features; j++) for (let u = 0; u < layer.units; u++) coef[u * layer.features + j] = layer.kernel[j * layer.units + u];
  const fit: LinearModelFit = { coef, intercept: Float64Array.from(layer.bias), outputs: layer.units, features: layer.features, iterations: 0, converged: true, lossHistory: [], warnings: [] };
  return {
    async score(x) {
      return layer.activation === 'softmax' ? predictProbabilities({ ...fit, link: 'softmax' }, x) : decisionFunction(fit, x);
    },
    dispose() {},
  };
}

/**
 * The layer as raw scores with a link: regression one value; two classes one log-odds z = z₁ − z₀ of
 * the second class (the layer stores [0, z]); more classes each class's softmax input. Coefficients
 * are outputs × features, row-major, in float64 as the scorer uses them.
 */
function rawScores(layer: DenseLayer): { link: Contributions['link']; coef: Float64Array; intercept: Float64Array } {
  const { features: d, units, kernel, bias } = layer;
  const at = (j: number, u: number) => kernel[j * units + u];
  if (layer.activation === 'linear') return { link: 'identity', coef: Float64Array.from({ length: d }, (_, j) => at(j, 0)), intercept: Float64Array.of(bias[0]) };
  if (units === 2) return { link: 'logistic', coef: Float64Array.from({ length: d }, (_, j) => at(j, 1) - at(j, 0)), intercept: Float64Array.of(bias[1] - bias[0]) };
  const coef = new Float64Array(units * d);
  for (let u = 0; u < units; u++) for (let j = 0; j < d; j++) coef[u * d + j] = at(j, u);
  return { link: 'softmax', coef, intercept: Float64Array.from(bias) };
}

function columnMean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length ? sum / values.length : 0;
}

/**
 * Exact contributions on the raw score (log-odds, softmax inputs or the value): coefficient × (value
 * − the reference rows' mean of the feature), so that they add up to the raw score minus its value at
 * the reference mean.
 */
function linearContributions(layer: DenseLayer, x: FeatureColumns, reference: FeatureColumns): Contributions {
  const { link, coef, intercept } = rawScores(layer);
  const d = layer.features;
  const width = intercept.length;
  const means = reference.columns.map(columnMean);
  const base = Float64Array.from(intercept, (b, k) => means.reduce((sum, m, j) => sum + coef[k * d + j] * m, b));
  const values = new Float64Array(x.rows * d * width);
  for (let j = 0; j < d; j++) {
    const column = x.columns[j];
    for (let r = 0; r < x.rows; r++) for (let k = 0; k < width; k++) values[(r * d + j) * width + k] = coef[k * d + j] * (column[r] - means[j]);
  }
  return { link, width, base, values, method: 'exact: coefficient × (value − reference mean)' };
}

/** The coefficients as importances: signed for one output, the mean absolute value over the classes otherwise. */
function coefficientInsights(layer: DenseLayer, model: ModelOutline): ModelInsights {
  const { link, coef } = rawScores(layer);
  const d = layer.features;
  const width = coef.length / d;
  const measure =
    link === 'identity' ? 'coefficient (per unit of the feature as the model reads it)' : link === 'logistic' ? `coefficient of the log-odds of ${model.classes?.[1] ?? 'the second class'}` : 'mean |coefficient| over the classes';
  const importance = (j: number) => (width === 1 ? coef[j] : Array.from({ length: width }, (_, k) => Math.abs(coef[k * d + j])).reduce((a, b) => a + b, 0) / width);
  return { importances: { measure, features: model.features.map((name, j) => ({ name, importance: importance(j) })) } };
}

function checkOutline(layer: DenseLayer, model: { features: readonly string[]; classes?: readonly string[] }): void {
  if (layer.features !== model.features.length) throw new Error(`the Dense layer reads ${layer.features} features, the model ${model.features.length}`);
  const units = model.classes?.length ?? 1;
  if (layer.units !== units) throw new Error(`the Dense layer has ${layer.units} outputs, the model needs ${units}`);
}

/** What both kinds share: their stored form and how they score. */
function linearKind(title: string, fit: (data: TrainingSet, values: Record<string, ParamValue>, progress: (event: FitEvent) => void, signal?: AbortSignal) => Promise<{ artifacts: ModelArtifacts; summary: string }>): ModelImplementation {
  return {
    async fit(data, values, options, progress, signal) {
      const backend = cpuBackend(1);
      progress({ type: 'backend', backend });
      // The solver needs no tfjs; writing its result as a tfjs Dense layer needs a backend started.
      await options.host.tfjs?.({ pinned: options.pinnedBackend, log: (message) => progress({ type: 'log', message }) });
      return { ...(await fit(data, values, progress, signal)), backend };
    },
    check(artifacts, model) {
      checkOutline(readDense(artifacts), model);
    },
    async load(artifacts, model) {
      const layer = readDense(artifacts);
      checkOutline(layer, model);
      return denseScorer(layer);
    },
    describe: () => [`${title}: one Dense layer in \`model/model.json\` and \`model/weights.bin\`, which plain TensorFlow.js loads (\`tf.loadLayersModel\`).`],
    tfjsFiles: layersFiles,
    insights: (artifacts, model) => coefficientInsights(readDense(artifacts), model),
    contributions: async (artifacts, model, x, reference) => {
      const layer = readDense(artifacts);
      checkOutline(layer, model);
      return linearContributions(layer, x, reference);
    },
  };
}

export const logisticRegressionModel = linearKind('Logistic regression', async (data, values, progress, signal) => {
  const p = resolveParams<Required<Omit<LogisticParams, 'class_weight'>> & { class_weight: 'none' | 'balanced' }>(logisticRegression.params, values);
  const fit = await fitLogistic(data, { ...p, class_weight: p.class_weight === 'balanced' ? 'balanced' : null }, { signal, onProgress: iterationEvents(data.rows, progress) });
  for (const message of fit.warnings) progress({ type: 'log', message });
  const units = data.classes?.length ?? 0;
  const { kernel, bias } = denseLayerWeights(fit, units);
  return { artifacts: await denseArtifacts(kernel, bias, data.columns.length, 'softmax'), summary: summary('logistic regression', fit) };
});

export const linearRegressionModel = linearKind('Linear regression', async (data, values, progress, signal) => {
  const p = resolveParams<Required<Omit<LinearParams, 'solver'>>>(linearRegression.params, values);
  const fit = await fitLinear(data, p, { signal, onProgress: iterationEvents(data.rows, progress) });
  for (const message of fit.warnings) progress({ type: 'log', message });
  const { kernel, bias } = denseLayerWeights(fit, 1);
  return { artifacts: await denseArtifacts(kernel, bias, data.columns.length, 'linear'), summary: summary('linear regression', fit) };
});
