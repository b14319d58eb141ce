/**
 * How fast the actual model trains on the active backend: a few steps on synthetic rows of the
 * real shape. Small tabular nets are often faster on WASM than on a GPU, whose every dispatch has
 * a fixed cost, so the backend is chosen by measuring, not by assumption.
 */
import * as tf from '@tensorflow/tfjs';
import { effectiveBatchSize } from '../training-params';
import type { NetworkProbe } from './model';

/**
 * Median milliseconds per training step, after a few warm-up steps: the first steps compile
 * shaders and create the optimiser's slots, and one slow step on a busy machine must not decide.
 */
export async function msPerTrainingStep(shape: NetworkProbe, steps = 8, warmUp = 3): Promise<number> {
  const batch = effectiveBatchSize(Number(shape.params.batch_size ?? 0), shape.rows);
  const model = shape.kind.build(shape.params, { inputs: shape.inputs, outputs: shape.outputs, task: shape.task, trainRows: shape.rows, targetStd: 1, seed: 0 });
  const optimizer = tf.train.adam(0.001);
  model.compile({ optimizer, loss: shape.task === 'classification' ? 'categoricalCrossentropy' : 'meanSquaredError' });
  const [x, y] = tf.tidy(() => [tf.randomNormal([batch, shape.inputs], 0, 1, 'float32', 1), tf.randomUniform([batch, shape.outputs], 0, 1, 'float32', 2)]);
  try {
    // trainOnBatch reads the loss back, so each step has really finished on an asynchronous GPU backend.
    const step = () => model.trainOnBatch(x, y);
    for (let i = 0; i < warmUp; i++) await step();
    const times: number[] = [];
    for (let i = 0; i < steps; i++) {
      const started = performance.now();
      await step();
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[times.length >> 1];
  } finally {
    x.dispose();
    y.dispose();
    model.dispose();
    optimizer.dispose();
  }
}
