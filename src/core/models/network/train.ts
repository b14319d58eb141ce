/**
 * The training loop every tfjs model kind shares. Batches are shuffled with the run's seed (tfjs's
 * own shuffle uses Math.random), so the same seed on the same backend gives the same model.
 */
import * as tf from '@tensorflow/tfjs';
import { seededRng, shuffleInPlace, type Rng } from '../../random';
import type { Task } from '../../values';
import { effectiveBatchSize, type OptimizerName, type TrainingParams } from '../training-params';
import type { NetworkTrainer } from './model';

/**
 * Cosine decay to 1 % of the initial rate: large early steps, then small ones so that mini-batch
 * noise settles and convex models (logistic, ridge) end near their optimum.
 */
export function learningRateAt(params: Pick<TrainingParams, 'schedule' | 'learning_rate' | 'epochs'>, epoch: number): number {
  if (params.schedule === 'constant') return params.learning_rate;
  const progress = (epoch - 1) / Math.max(1, params.epochs - 1);
  return params.learning_rate * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

export interface TrainingData {
  /** Row-major features, rows × features. */
  x: Float32Array;
  /** Class indices for classification, standardised targets for regression. */
  y: Float32Array | Int32Array;
  rows: number;
  features: number;
  /** Classes for classification, 1 for regression. */
  outputs: number;
}

export interface EpochReport {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss?: number;
}

export interface TrainingHooks {
  signal?: AbortSignal;
  onEpoch?: (report: EpochReport) => void;
  /**
   * Awaited before each epoch: resolves at once while the run is not paused, and when it is resumed
   * otherwise. A cancel while paused stops the wait (the signal wins).
   */
  paused?: () => Promise<void>;
}

export interface TrainingOutcome {
  losses: number[];
  valLosses: number[];
  /** The epoch whose weights the model ends with (the best validation epoch with early stopping). */
  bestEpoch: number;
  stoppedEarly: boolean;
}

export class TrainingStopped extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AbortError';
  }
}

/** Wait for the pause gate (if any) to open, or for the signal to abort, whichever comes first. */
export async function untilResumed(hooks: TrainingHooks): Promise<void> {
  if (!hooks.paused) return;
  const { signal } = hooks;
  if (signal?.aborted) return;
  let onAbort = () => {};
  const aborted = new Promise<void>((resolve) => {
    onAbort = () => resolve();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([hooks.paused(), aborted]);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** A loss this many times the untrained model's is an explosion, not noise. */
export const DIVERGENCE_FACTOR = 100;

/**
 * The loss blew up. The message gives the generic advice; the executor, which knows the data,
 * replaces it with the likely cause there (pipeline/divergence.ts), keeping `happened`.
 */
export class TrainingDiverged extends Error {
  /** What happened, without advice: "Training diverged at epoch 3: the loss became NaN or infinite". */
  readonly happened: string;

  constructor(epoch: number, loss: number, initialLoss: number) {
    const what = Number.isFinite(loss) ? `the loss exploded to ${loss.toPrecision(3)} (it started at ${initialLoss.toPrecision(3)})` : 'the loss became NaN or infinite';
    const happened = `Training diverged at epoch ${epoch}: ${what}`;
    super(`${happened}. Try a lower learning rate, or standardise the features.`);
    this.name = 'TrainingDiverged';
    this.happened = happened;
  }
}

function makeOptimizer(params: TrainingParams): tf.Optimizer {
  switch (params.optimizer) {
    case 'sgd':
      return tf.train.momentum(params.learning_rate, 0.9);
    case 'rmsprop':
      return tf.train.rmsprop(params.learning_rate);
    case 'adam':
      return tf.train.adam(params.learning_rate);
  }
}

/**
 * SGD with momentum keeps the rate as a tensor that only setLearningRate refreshes; Adam and RMSprop
 * read their (protected) number at every step, so setting it between epochs applies a schedule.
 * (tfjs optimisers answer `instanceof` by duck typing, so the name decides, not the class.)
 */
function setLearningRate(optimizer: tf.Optimizer, name: OptimizerName, rate: number) {
  if (name === 'sgd') (optimizer as tf.MomentumOptimizer).setLearningRate(rate);
  else (optimizer as unknown as { learningRate: number }).learningRate = rate;
}

/**
 * model.dispose() leaves the optimizer's slots (Adam's moments) behind, and MomentumOptimizer's own
 * dispose forgets the rate tensor it inherits from SGD (tfjs 4.22).
 */
function disposeOptimizer(optimizer: tf.Optimizer, name: OptimizerName) {
  optimizer.dispose();
  if (name === 'sgd') (optimizer as unknown as { c: tf.Tensor }).c.dispose();
}

/** scikit-learn's 'balanced': n / (classes × count of the class). */
export function balancedClassWeights(y: Int32Array | Float32Array, classes: number): Record<number, number> {
  const counts = new Array<number>(classes).fill(0);
  for (const c of y) counts[c]++;
  return Object.fromEntries(counts.map((count, c) => [c, count ? y.length / (classes * count) : 0]));
}

interface Tensors {
  x: tf.Tensor2D;
  y: tf.Tensor;
  rows: number;
}

function toTensors(data: TrainingData, task: Task, rows: Int32Array): Tensors {
  const d = data.features;
  const x = new Float32Array(rows.length * d);
  rows.forEach((r, i) => x.set(data.x.subarray(r * d, r * d + d), i * d));
  const y = Array.from(rows, (r) => data.y[r]);
  return tf.tidy(() => ({
    x: tf.tensor2d(x, [rows.length, d]),
    y: task === 'classification' ? tf.oneHot(tf.tensor1d(y, 'int32'), data.outputs).toFloat() : tf.tensor2d(y, [rows.length, 1]),
    rows: rows.length,
  }));
}

/** Training rows and, when asked, a seeded random share held out for validation. */
export function holdOut(rows: number, fraction: number, rng: Rng): { train: Int32Array; validation: Int32Array } {
  const order = shuffleInPlace(Int32Array.from({ length: rows }, (_, i) => i), rng);
  const held = fraction > 0 ? Math.max(1, Math.round(rows * fraction)) : 0;
  return { validation: order.slice(0, held).sort(), train: order.slice(held).sort() };
}

/** Read back asynchronously: WebGPU has no synchronous read-back (tfjs's dataSync gave zeros there). */
async function meanLoss(model: tf.LayersModel, data: Tensors, batchSize: number): Promise<number> {
  const loss = model.evaluate(data.x, data.y, { batchSize }) as tf.Scalar;
  try {
    return (await loss.data())[0];
  } finally {
    loss.dispose();
  }
}

/** The divergence check's reference needs no more rows than this: a whole pass would cost a short run a sixth of its time. */
export const REFERENCE_ROWS = 1024;

/** The untrained model's loss on evenly spaced training rows. */
async function untrainedLoss(model: tf.LayersModel, train: Tensors, batchSize: number): Promise<number> {
  if (train.rows <= REFERENCE_ROWS) return meanLoss(model, train, batchSize);
  const stride = train.rows / REFERENCE_ROWS;
  const index = tf.tensor1d(Int32Array.from({ length: REFERENCE_ROWS }, (_, i) => Math.floor(i * stride)), 'int32');
  const sample = { x: tf.gather(train.x, index), y: tf.gather(train.y, index), rows: REFERENCE_ROWS };
  index.dispose();
  try {
    return await meanLoss(model, sample, batchSize);
  } finally {
    sample.x.dispose();
    sample.y.dispose();
  }
}

/** How often a long epoch lets the event loop run, so that a cancel message gets in. */
const YIELD_EVERY_MS = 100;

/**
 * Stops fit() mid-epoch once the signal aborts. A subclass, not `{ onBatchEnd }`: tfjs reads every
 * batch's loss back before calling a plain-function callback, a GPU sync per step that cost WebGL
 * 40 % of its speed. Yielding on a timer lets the cancel message in without that read.
 */
class CancelWithinEpoch extends tf.Callback {
  #lastYield = performance.now();

  constructor(private readonly signal: AbortSignal | undefined) {
    super();
  }

  override async onBatchEnd(): Promise<void> {
    if (performance.now() - this.#lastYield < YIELD_EVERY_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.#lastYield = performance.now();
    if (this.signal?.aborted) this.model.stopTraining = true;
  }
}

/** Keeps a copy of the best weights seen, for early stopping's restore. */
class BestWeights {
  #weights: tf.Tensor[] | undefined;
  epoch = 0;
  loss = Infinity;

  offer(model: tf.LayersModel, epoch: number, loss: number): boolean {
    if (!(loss < this.loss)) return false;
    this.dispose();
    this.#weights = model.getWeights().map((w) => w.clone());
    this.epoch = epoch;
    this.loss = loss;
    return true;
  }

  restore(model: tf.LayersModel) {
    if (this.#weights) model.setWeights(this.#weights);
  }

  dispose() {
    this.#weights?.forEach((w) => w.dispose());
    this.#weights = undefined;
  }
}

export async function trainModel(
  model: tf.LayersModel,
  data: TrainingData,
  task: Task,
  params: TrainingParams,
  seed: number,
  hooks: TrainingHooks = {},
  /** Trains instead of the tfjs loop when it supports the model (the fused WebGPU trainer). */
  trainer?: NetworkTrainer,
): Promise<TrainingOutcome> {
  if (trainer && trainer.unsupported(model, data, params) === undefined) return trainer.train(model, data, task, params, seed, hooks);
  return trainWithTfjs(model, data, task, params, seed, hooks);
}

async function trainWithTfjs(
  model: tf.LayersModel,
  data: TrainingData,
  task: Task,
  params: TrainingParams,
  seed: number,
  hooks: TrainingHooks,
): Promise<TrainingOutcome> {
  const rng = seededRng(seed);
  const rows = holdOut(data.rows, params.validation_fraction, rng);
  const batchSize = effectiveBatchSize(params.batch_size, rows.train.length);
  const optimizer = makeOptimizer(params);
  model.compile({ optimizer, loss: task === 'classification' ? 'categoricalCrossentropy' : 'meanSquaredError' });
  const train = toTensors(data, task, rows.train);
  const validation = rows.validation.length ? toTensors(data, task, rows.validation) : undefined;
  const classWeight = task === 'classification' && params.class_weight === 'balanced' ? balancedClassWeights(Int32Array.from(rows.train, (r) => data.y[r]), data.outputs) : undefined;
  const best = new BestWeights();
  const outcome: TrainingOutcome = { losses: [], valLosses: [], bestEpoch: 0, stoppedEarly: false };
  const order = Int32Array.from({ length: train.rows }, (_, i) => i);
  try {
    const initialLoss = await untrainedLoss(model, train, batchSize);
    for (let epoch = 1; epoch <= params.epochs; epoch++) {
      await untilResumed(hooks);
      if (hooks.signal?.aborted) throw new TrainingStopped('Training was cancelled.');
      setLearningRate(optimizer, params.optimizer, learningRateAt(params, epoch));
      shuffleInPlace(order, rng);
      const index = tf.tensor1d(order, 'int32');
      const [bx, by] = [tf.gather(train.x, index), tf.gather(train.y, index)];
      index.dispose();
      try {
        const history = await model.fit(bx, by, { epochs: 1, batchSize, shuffle: false, verbose: 0, classWeight, callbacks: [new CancelWithinEpoch(hooks.signal)] });
        const loss = Number(history.history.loss[0]);
        if (!Number.isFinite(loss) || loss > DIVERGENCE_FACTOR * initialLoss) throw new TrainingDiverged(epoch, loss, initialLoss);
        outcome.losses.push(loss);
        const valLoss = validation ? await meanLoss(model, validation, batchSize) : undefined;
        if (valLoss !== undefined) outcome.valLosses.push(valLoss);
        hooks.onEpoch?.({ epoch, epochs: params.epochs, loss, valLoss });
        outcome.bestEpoch = epoch;
        if (params.patience > 0 && valLoss !== undefined) {
          best.offer(model, epoch, valLoss);
          if (epoch - best.epoch >= params.patience) {
            outcome.stoppedEarly = true;
            break;
          }
        }
      } finally {
        bx.dispose();
        by.dispose();
      }
      // One turn of the event loop per epoch, so a cancel message (or a comlink call) gets in.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (hooks.signal?.aborted) throw new TrainingStopped('Training was cancelled.');
    if (best.epoch > 0) {
      best.restore(model);
      outcome.bestEpoch = best.epoch;
    }
    return outcome;
  } finally {
    best.dispose();
    for (const t of [train, validation]) {
      t?.x.dispose();
      t?.y.dispose();
    }
    disposeOptimizer(optimizer, params.optimizer);
  }
}
