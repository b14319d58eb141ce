/**
 * k-nearest neighbours, as scikit-learn's brute-force KNeighborsClassifier / KNeighborsRegressor.
 * Fitting keeps the preprocessed training rows; scoring finds each row's k nearest with tfjs ops on
 * the active backend (the GPU when there is one), a chunk of rows at a time so memory stays bounded.
 *
 * Euclidean neighbours are found from ‖q‖² + ‖x‖² − 2 q·x (one matMul per chunk), whose float32
 * cancellation can blur near-equal distances; the chosen neighbours' distances are then recomputed
 * directly from their rows, so distance weights (and exact duplicates at distance 0) are accurate.
 *
 * Ties, deterministic on every backend:
 * - equally distant training rows: the one earlier in the training split is taken (tf.topk keeps
 *   the lower index first);
 * - classes with equal vote shares: the class listed first wins (the predicted class is the first
 *   largest probability, as for every model).
 * Distance weights follow scikit-learn: 1/distance, and when a row has neighbours at distance 0 only
 * those count, equally.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveParams } from '../params';
import type { ParamValue, Task } from '../values';
import type { ModelArtifacts, ModelImplementation, ModelOutline, Scorer } from './contract';
import type { TrainingSet } from './data';
import { knn, KNN_METRICS as METRICS, KNN_WEIGHTINGS as WEIGHTINGS } from './descriptors/knn';
import { rowMajorFloat32 } from './layout';

type Weighting = (typeof WEIGHTINGS)[number];
type Metric = (typeof METRICS)[number];

export interface KnnState {
  /** At most the training rows: asking for more neighbours than there are rows uses them all. */
  k: number;
  weights: Weighting;
  metric: Metric;
  task: Task;
  /** Number of classes (classification), 0 for regression. */
  classes: number;
  rows: number;
  features: number;
  /** Training rows, row-major rows × features. */
  x: Float32Array;
  /** Class index per training row, or its target (files before version 4 hold it standardised; model-info.json then gives the scale). */
  y: Float32Array;
}

const FORMAT = { format: 'knn', version: 1 } as const;
const FILE = 'knn';
const JSON_FILE = `${FILE}.json`;
const BIN_FILE = `${FILE}.bin`;

/** The state's settings and array layout (knn.json) and its arrays (knn.bin). */
export interface KnnArtifacts {
  header: Record<string, unknown>;
  weights: Uint8Array;
}

/** Distance-matrix elements per chunk (16 MiB of float32): a chunk's rows × training rows (× features for manhattan). */
const CHUNK_ELEMENTS = 1 << 22;

function arrayLayout(rows: number, features: number) {
  return [
    { name: 'x', dtype: 'float32', shape: [rows, features] },
    { name: 'y', dtype: 'float32', shape: [rows] },
  ];
}

function encodeFloats(parts: Float32Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length * 4, 0));
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const part of parts) {
    for (const v of part) {
      view.setFloat32(offset, v, true);
      offset += 4;
    }
  }
  return bytes;
}

function decodeFloats(bytes: Uint8Array, offset: number, count: number): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: count }, (_, i) => view.getFloat32(offset + i * 4, true));
}

const isWholeNumber = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;

function checkHeader(h: Record<string, unknown>, model: Pick<ModelOutline, 'task' | 'features' | 'classes'>): void {
  const fail = (message: string) => {
    throw new Error(`${FILE}.json ${message}`);
  };
  if (h.format !== FORMAT.format || h.version !== FORMAT.version) fail(`is not a version-${FORMAT.version} k-nearest-neighbours state (format ${JSON.stringify(h.format)}, version ${JSON.stringify(h.version)})`);
  if (h.task !== model.task) fail(`is for ${JSON.stringify(h.task)} but the model does ${model.task}`);
  if (!isWholeNumber(h.rows, 1)) fail(`must give the training rows as a whole number ≥ 1, found ${JSON.stringify(h.rows)}`);
  if (h.features !== model.features.length) fail(`has ${JSON.stringify(h.features)} features per row, the model reads ${model.features.length} columns`);
  if (!isWholeNumber(h.k, 1) || h.k > (h.rows as number)) fail(`must have k from 1 to the ${h.rows as number} training rows, found ${JSON.stringify(h.k)}`);
  if (!WEIGHTINGS.includes(h.weights as Weighting)) fail(`has weights ${JSON.stringify(h.weights)}, expected one of ${WEIGHTINGS.join(', ')}`);
  if (!METRICS.includes(h.metric as Metric)) fail(`has metric ${JSON.stringify(h.metric)}, expected one of ${METRICS.join(', ')}`);
  const classes = model.task === 'classification' ? (model.classes?.length ?? 0) : 0;
  if (h.classes !== classes) fail(`has ${JSON.stringify(h.classes)} classes, the model has ${classes}`);
  if (JSON.stringify(h.arrays) !== JSON.stringify(arrayLayout(h.rows as number, h.features as number))) fail('does not lay out x (rows × features) then y (rows) as float32 arrays');
}

function checkValues(state: KnnState): void {
  for (let i = 0; i < state.x.length; i++) {
    if (!Number.isFinite(state.x[i])) throw new Error(`${FILE}.bin holds a non-finite feature value in training row ${Math.floor(i / state.features) + 1}`);
  }
  state.y.forEach((v, row) => {
    const valid = state.task === 'classification' ? Number.isInteger(v) && v >= 0 && v < state.classes : Number.isFinite(v);
    if (!valid) throw new Error(`${FILE}.bin: training row ${row + 1} has target ${v}, ${state.task === 'classification' ? `not a class index below ${state.classes}` : 'not a finite number'}`);
  });
}

/** Rows scored per chunk: the distance matrix of a chunk stays within CHUNK_ELEMENTS. */
function chunkRows(state: KnnState): number {
  const perRow = state.rows * (state.metric === 'manhattan' ? state.features : 1);
  return Math.max(1, Math.floor(CHUNK_ELEMENTS / perRow));
}

function loadScorer(state: KnnState): Scorer {
  const { k, rows: n, features: d, task } = state;
  const outputs = task === 'classification' ? state.classes : 1;
  const train = tf.tensor2d(state.x, [n, d]);
  const trainNorms = tf.tidy(() => train.square().sum(1).reshape([1, n]));
  // Classification votes are one-hot rows of the class index; regression averages the targets.
  const targets = tf.tidy(() => (task === 'classification' ? tf.oneHot(tf.tensor1d(state.y, 'int32'), outputs).toFloat() : tf.tensor2d(state.y, [n, 1])));
  let disposed = false;

  /** Indices (m × k) of each query row's k nearest training rows. */
  const nearest = (q: tf.Tensor2D): tf.Tensor2D => {
    const far =
      state.metric === 'euclidean'
        ? q.square().sum(1, true).add(trainNorms).sub(q.matMul(train, false, true).mul(2))
        : q.expandDims(1).sub(train.expandDims(0)).abs().sum(2);
    return tf.topk(far.neg(), k).indices as tf.Tensor2D;
  };

  /** Each neighbour's weight (m × k), from its distance recomputed exactly from the rows. */
  const neighbourWeights = (q: tf.Tensor2D, indices: tf.Tensor2D): tf.Tensor2D => {
    if (state.weights === 'uniform') return tf.onesLike(indices).toFloat();
    const diff = tf.gather(train, indices).sub(q.expandDims(1));
    const distance = (state.metric === 'euclidean' ? diff.square().sum(2).sqrt() : diff.abs().sum(2)) as tf.Tensor2D;
    const atZero = distance.equal(0);
    const rowHasZero = atZero.any(1, true).toFloat();
    const inverse = tf.onesLike(distance).div(tf.where(atZero, tf.onesLike(distance), distance));
    return rowHasZero.mul(atZero.toFloat()).add(tf.onesLike(rowHasZero).sub(rowHasZero).mul(inverse));
  };

  return {
    async score(columns) {
      const { rows } = columns;
      const x = rowMajorFloat32(columns);
      const out = new Float32Array(rows * outputs);
      const step = chunkRows(state);
      for (let start = 0; start < rows; start += step) {
        // Checked per chunk: the model may be released while an earlier chunk is read back.
        if (disposed) throw new Error('This k-nearest-neighbours model was disposed');
        const end = Math.min(rows, start + step);
        const part = tf.tidy(() => {
          const q = tf.tensor2d(x.subarray(start * d, end * d), [end - start, d]);
          const indices = nearest(q);
          const w = neighbourWeights(q, indices);
          // Σ w·target / Σ w: vote shares for classification, the (weighted) mean for regression.
          return tf.gather(targets, indices).mul(w.expandDims(2)).sum(1).div(w.sum(1, true));
        });
        try {
          out.set(await part.data(), start * outputs);
        } finally {
          part.dispose();
        }
      }
      return out;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      tf.dispose([train, trainNorms, targets]);
    },
  };
}

/** The state as the model file stores it, and back; `fit` keeps the training rows. */
export const knnState = {
  fit(values: Record<string, ParamValue>, data: TrainingSet): KnnState {
    const { k, weights, metric } = resolveParams<{ k: number; weights: Weighting; metric: Metric }>(knn.params, values);
    return {
      k: Math.min(k, data.rows),
      weights,
      metric,
      task: data.task,
      classes: data.classes?.length ?? 0,
      rows: data.rows,
      features: data.columns.length,
      x: rowMajorFloat32(data),
      y: Float32Array.from(data.y),
    };
  },
  encode({ x, y, ...settings }: KnnState): KnnArtifacts {
    return { header: { ...FORMAT, ...settings, arrays: arrayLayout(settings.rows, settings.features) }, weights: encodeFloats([x, y]) };
  },
  /** Reads a stored state back, throwing a message that names what is wrong when it is not consistent with `model`. */
  decode({ header, weights: bytes }: KnnArtifacts, model: Pick<ModelOutline, 'task' | 'features' | 'classes'>): KnnState {
    checkHeader(header, model);
    const h = header as unknown as Omit<KnnState, 'x' | 'y'>;
    const values = h.rows * h.features;
    const expected = (values + h.rows) * 4;
    if (bytes.length !== expected) {
      throw new Error(`${BIN_FILE} is ${bytes.length} bytes; ${JSON_FILE} describes ${h.rows} rows × ${h.features} features and ${h.rows} targets (float32), which take ${expected} bytes`);
    }
    const state: KnnState = { k: h.k, weights: h.weights, metric: h.metric, task: h.task, classes: h.classes, rows: h.rows, features: h.features, x: decodeFloats(bytes, 0, values), y: decodeFloats(bytes, values * 4, h.rows) };
    checkValues(state);
    return state;
  },
  load: loadScorer,
  describe: ({ rows, features, k, weights, metric }: KnnState) => `k-nearest neighbours keeps ${rows} training rows × ${features} features (k = ${k}, ${weights} weights, ${metric} distance); no epochs to train`,
};

function stored(artifacts: ModelArtifacts): KnnArtifacts {
  const header = artifacts.json[JSON_FILE];
  const weights = artifacts.blobs[BIN_FILE];
  if (!header) throw new Error(`model/${JSON_FILE} is missing`);
  if (!weights) throw new Error(`model/${BIN_FILE} is missing`);
  return { header: header as Record<string, unknown>, weights };
}

export const knnModel: ModelImplementation = {
  async fit(data, params, options, progress, signal) {
    signal?.throwIfAborted();
    // Scoring runs as tfjs operations: on the backend the user chose, else the first that starts.
    const { backend } = options.host.tfjs ? await options.host.tfjs({ pinned: options.pinnedBackend, log: (message) => progress({ type: 'log', message }) }) : { backend: tf.getBackend() };
    progress({ type: 'backend', backend });
    const state = knnState.fit(params, data);
    const { header, weights } = knnState.encode(state);
    return { artifacts: { json: { [JSON_FILE]: header }, blobs: { [BIN_FILE]: weights } }, backend, summary: knnState.describe(state) };
  },
  check(artifacts, model) {
    knnState.decode(stored(artifacts), model);
  },
  async load(artifacts, model) {
    return loadScorer(knnState.decode(stored(artifacts), model));
  },
  describe: () => [
    `This model keeps its preprocessed training rows in \`model/${BIN_FILE}\`: share the file only with those who may see that data.`,
    'It is not a TensorFlow.js network; Pipeline Studio (browser or CLI) scores it.',
  ],
};
