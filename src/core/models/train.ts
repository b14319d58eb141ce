/**
 * The training loop every tfjs model kind shares. Batches are shuffled with the run's seed (tfjs's
 * own shuffle uses Math.random), so the same seed on the same backend gives the same model.
 */
import * as tf from '@tensorflow/tfjs';
import type { Task } from '../pipeline/spec';
import { seededRng, shuffleInPlace } from '../random';
import { effectiveBatchSize, type TrainingParams } from './model';

/**
 * Cosine decay to 1 % of the initial rate: large early steps, then small ones so that mini-batch
 * noise settles and convex models (logistic, ridge) end near their optimum.
 */
export function learningRateAt(params: TrainingParams, epoch: number): number {
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

export interface TrainingHooks {
  signal?: AbortSignal;
  onEpoch?: (epoch: number, epochs: number, loss: number) => void;
}

export class TrainingStopped extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AbortError';
  }
}

/** A loss this many times the untrained model's is an explosion, not noise. */
const DIVERGENCE_FACTOR = 100;

export class TrainingDiverged extends Error {
  constructor(epoch: number, loss: number, initialLoss: number) {
    const what = Number.isFinite(loss) ? `the loss exploded to ${loss.toPrecision(3)} (it started at ${initialLoss.toPrecision(3)})` : 'the loss became NaN or infinite';
    super(`Training diverged at epoch ${epoch}: ${what}. Try a lower learning rate, or standardise the features.`);
    this.name = 'TrainingDiverged';
  }
}

function targetTensor(data: TrainingData, task: Task): tf.Tensor {
  return task === 'classification'
    ? tf.oneHot(tf.tensor1d(Int32Array.from(data.y), 'int32'), data.outputs).toFloat()
    : tf.tensor2d(Float32Array.from(data.y), [data.rows, 1]);
}

export async function trainModel(
  model: tf.LayersModel,
  data: TrainingData,
  task: Task,
  params: TrainingParams,
  seed: number,
  hooks: TrainingHooks = {},
): Promise<number[]> {
  const batchSize = effectiveBatchSize(params.batch_size, data.rows);
  const optimizer = tf.train.adam(params.learning_rate);
  model.compile({
    optimizer,
    loss: task === 'classification' ? 'categoricalCrossentropy' : 'meanSquaredError',
  });
  const xs = tf.tensor2d(data.x, [data.rows, data.features]);
  const ys = tf.tidy(() => targetTensor(data, task));
  const rng = seededRng(seed);
  const order = Int32Array.from({ length: data.rows }, (_, i) => i);
  const initialLoss = tf.tidy(() => (model.evaluate(xs, ys, { batchSize }) as tf.Scalar).dataSync()[0]);
  const losses: number[] = [];
  const stopIfCancelled = () => {
    if (hooks.signal?.aborted) model.stopTraining = true;
  };
  try {
    for (let epoch = 1; epoch <= params.epochs; epoch++) {
      if (hooks.signal?.aborted) throw new TrainingStopped('Training was cancelled.');
      // Adam reads its (protected) rate at every step, so setting it between epochs applies the schedule.
      (optimizer as unknown as { learningRate: number }).learningRate = learningRateAt(params, epoch);
      shuffleInPlace(order, rng);
      const index = tf.tensor1d(order, 'int32');
      const [bx, by] = [tf.gather(xs, index), tf.gather(ys, index)];
      index.dispose();
      try {
        const history = await model.fit(bx, by, {
          epochs: 1,
          batchSize,
          shuffle: false,
          verbose: 0,
          callbacks: { onBatchEnd: stopIfCancelled },
        });
        const loss = Number(history.history.loss[0]);
        if (!Number.isFinite(loss) || loss > DIVERGENCE_FACTOR * initialLoss) throw new TrainingDiverged(epoch, loss, initialLoss);
        losses.push(loss);
        hooks.onEpoch?.(epoch, params.epochs, loss);
        // One turn of the event loop per epoch, so a cancel message (or a comlink call) gets in.
        await new Promise((resolve) => setTimeout(resolve, 0));
      } finally {
        bx.dispose();
        by.dispose();
      }
    }
    if (hooks.signal?.aborted) throw new TrainingStopped('Training was cancelled.');
    return losses;
  } finally {
    xs.dispose();
    ys.dispose();
    // model.dispose() leaves the optimizer's slots (Adam's moments) behind.
    model.optimizer?.dispose();
  }
}

/** Class probabilities (rows × classes) or raw regression outputs (rows × 1). */
export function predictRows(model: tf.LayersModel, x: Float32Array, rows: number, features: number): Float32Array {
  return tf.tidy(() => {
    const out = model.predict(tf.tensor2d(x, [rows, features])) as tf.Tensor;
    return out.dataSync() as Float32Array;
  });
}
