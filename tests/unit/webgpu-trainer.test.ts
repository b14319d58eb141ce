/**
 * The fused WebGPU trainer against TensorFlow.js on the CPU, in Node with Dawn on SwiftShader (no GPU
 * needed): same initial weights, same batches, so the losses and final weights must agree to float
 * rounding. One device for the whole file: SwiftShader compiles are the slow part.
 */
import * as tf from '@tensorflow/tfjs';
import { create, globals } from 'webgpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearRegressionNetwork as linearRegression, logisticRegressionNetwork as logisticRegression } from './fixtures/linear-networks';
import { mlpNetwork as mlp } from '../../src/core/models/network/mlp';
import type { NetworkKind as ModelKind } from '../../src/core/models/network/model';
import type { TrainingParams } from '../../src/core/models/training-params';
import { trainModel, type TrainingData } from '../../src/core/models/network/train';
import { defaultParams } from '../../src/core/params';
import { seededRng } from '../../src/core/random';
import { fusedTrainer } from '../../src/core/webgpu/fit';
import { packWeights, setPackedWeights } from '../../src/core/webgpu/layers-model';
import { netFromModel, type NetSpec } from '../../src/core/webgpu/net';
import type { RegisterBlock } from '../../src/core/webgpu/kernels';
import { FusedTrainer, type StepPlan } from '../../src/core/webgpu/trainer';

/** The register block the studio takes on this adapter (SwiftShader, a software one); the GPU's is tested too. */
const SOFTWARE: RegisterBlock = 8;

/** Relative tolerance on losses; absolute on weights (|w| is O(1) here). Measured here: ≤ 1.6e-6 relative and ≤ 5e-6 absolute. */
const LOSS_RTOL = 1e-5;
const WEIGHT_ATOL = 5e-5;

let device: GPUDevice;
let gpu: GPU;
const gpuErrors: string[] = [];

beforeAll(async () => {
  process.env.VK_DRIVER_FILES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  Object.assign(globalThis, globals);
  gpu = create([]);
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('No WebGPU adapter: is SwiftShader (chromium) installed?');
  device = await adapter.requestDevice();
  device.addEventListener('uncapturederror', (e) => gpuErrors.push((e as GPUUncapturedErrorEvent).error.message));
  await tf.setBackend('cpu');
});

afterAll(() => {
  device?.destroy();
  expect(gpuErrors).toEqual([]);
});

function dataset(rows: number, features: number, classes: number, seed = 3): TrainingData {
  const rng = seededRng(seed);
  const x = new Float32Array(rows * features).map(() => rng() * 2 - 1);
  const score = (i: number) => x[i * features] + 0.5 * x[i * features + 1] - 0.3 * x[i * features + 2];
  const y =
    classes > 1
      ? Int32Array.from({ length: rows }, (_, i) => Math.min(classes - 1, Math.max(0, Math.floor((score(i) + 1) * (classes / 2)))))
      : Float32Array.from({ length: rows }, (_, i) => score(i) + 0.1 * (rng() - 0.5));
  return { x, y, rows, features, outputs: Math.max(classes, 1) };
}

function weightsOf(model: tf.LayersModel): Float32Array {
  return packWeights(model);
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number) {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) - rtol * Math.abs(expected[i]));
  expect(worst).toBeLessThanOrEqual(atol);
}

/** Train one model kind twice from the same seed: through tfjs, then through the fused trainer. */
async function bothWays(kind: ModelKind, overrides: Record<string, unknown>, data: TrainingData, task: 'classification' | 'regression', registerBlock: RegisterBlock = SOFTWARE) {
  const params = { ...defaultParams(kind.params), ...overrides } as unknown as TrainingParams & Record<string, never>;
  const context = { inputs: data.features, outputs: data.outputs, task, trainRows: data.rows, targetStd: 1, seed: 5 };
  const reference = kind.build(params, context);
  const ours = kind.build(params, context);
  try {
    expect(weightsOf(ours)).toEqual(weightsOf(reference));
    const tfjs = await trainModel(reference, data, task, params, 9);
    const fused = await trainModel(ours, data, task, params, 9, {}, fusedTrainer({ device, registerBlock }));
    return { tfjs, fused, tfjsWeights: weightsOf(reference), fusedWeights: weightsOf(ours) };
  } finally {
    reference.dispose();
    ours.dispose();
  }
}

describe('fused trainer vs tfjs-cpu, through trainModel (same split, batches, schedule)', () => {
  it('relu MLP, softmax cross-entropy, Adam, L2, balanced class weights, validation loss', async () => {
    const r = await bothWays(mlp, { layers: 2, units: 8, activation: 'relu', alpha: 5, epochs: 6, batch_size: 48, validation_fraction: 0.2, class_weight: 'balanced', optimizer: 'adam' }, dataset(240, 5, 3), 'classification');
    expect(r.fused.losses).toHaveLength(6);
    expectClose(r.fused.losses, r.tfjs.losses, LOSS_RTOL, 0);
    expectClose(r.fused.valLosses, r.tfjs.valLosses, LOSS_RTOL, 0);
    expectClose(r.fusedWeights, r.tfjsWeights, 0, WEIGHT_ATOL);
    // It learned: the loss fell.
    expect(r.fused.losses[5]).toBeLessThan(r.fused.losses[0]);
  });

  it('tanh MLP, mean squared error, SGD with momentum, constant rate, partial last batch', async () => {
    const r = await bothWays(mlp, { layers: 3, units: 6, activation: 'tanh', alpha: 0, epochs: 5, batch_size: 50, learning_rate: 0.05, optimizer: 'sgd', schedule: 'constant' }, dataset(230, 4, 0), 'regression');
    expectClose(r.fused.losses, r.tfjs.losses, LOSS_RTOL, 0);
    expectClose(r.fusedWeights, r.tfjsWeights, 0, WEIGHT_ATOL);
  });

  it.each([8, 4] as const)('wide layers (70 units over 37 features, 40 classes; register block %i, ragged edges), partial last batch', async (registerBlock) => {
    const r = await bothWays(mlp, { layers: 2, units: 70, activation: 'relu', alpha: 1, epochs: 3, batch_size: 72, optimizer: 'adam' }, dataset(250, 37, 40, 13), 'classification', registerBlock);
    expectClose(r.fused.losses, r.tfjs.losses, LOSS_RTOL, 0);
    expectClose(r.fusedWeights, r.tfjsWeights, 0, WEIGHT_ATOL);
  });

  it('logistic regression with an L1 penalty, RMSprop, cosine schedule', async () => {
    const r = await bothWays(logisticRegression, { penalty: 'l1', C: 0.05, epochs: 5, batch_size: 64, optimizer: 'rmsprop', learning_rate: 0.01 }, dataset(256, 6, 2), 'classification');
    expectClose(r.fused.losses, r.tfjs.losses, LOSS_RTOL, 0);
    expectClose(r.fusedWeights, r.tfjsWeights, 0, WEIGHT_ATOL);
  });

  it('ridge regression with early stopping keeps the same best epoch and weights', async () => {
    const r = await bothWays(linearRegression, { alpha: 0.1, epochs: 40, batch_size: 32, learning_rate: 0.05, optimizer: 'sgd', validation_fraction: 0.3, patience: 2, schedule: 'constant' }, dataset(120, 3, 0, 8), 'regression');
    expect(r.tfjs.stoppedEarly).toBe(true);
    expect(r.fused.stoppedEarly).toBe(true);
    expect(r.fused.bestEpoch).toBe(r.tfjs.bestEpoch);
    expectClose(r.fused.valLosses, r.tfjs.valLosses, LOSS_RTOL, 0);
    expectClose(r.fusedWeights, r.tfjsWeights, 0, WEIGHT_ATOL);
  });

  it('stops on divergence and on cancel as the tfjs loop does', async () => {
    const data = dataset(200, 4, 0, 12);
    const context = { inputs: 4, outputs: 1, task: 'regression' as const, trainRows: 200, targetStd: 1, seed: 5 };
    const exploding = { ...defaultParams(mlp.params), units: 8, epochs: 20, batch_size: 50, learning_rate: 1e4, optimizer: 'sgd', schedule: 'constant' } as unknown as TrainingParams & Record<string, never>;
    const model = mlp.build(exploding, context);
    const trainer = fusedTrainer({ device, registerBlock: SOFTWARE });
    try {
      await expect(trainModel(model, data, 'regression', exploding, 1, {}, trainer)).rejects.toThrow(/^Training diverged at epoch \d+/);
      const controller = new AbortController();
      const epochs: number[] = [];
      const calm = { ...exploding, learning_rate: 1e-3 };
      const run = trainModel(model, data, 'regression', calm, 1, { signal: controller.signal, onEpoch: ({ epoch }) => (epochs.push(epoch), epoch === 2 && controller.abort()) }, trainer);
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
      expect(epochs).toEqual([1, 2]);
    } finally {
      model.dispose();
    }
  });
});

/** A hand-built net with sigmoid and linear hidden layers and a sigmoid head (binary cross-entropy). */
function sigmoidNet(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 6, activation: 'sigmoid', inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  model.add(tf.layers.dense({ units: 5, activation: 'linear', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  return model;
}

async function fusedFor(net: NetSpec, data: TrainingData, batch: number, seed = 1): Promise<FusedTrainer> {
  const classWeights = new Float32Array(Math.max(2, data.outputs)).fill(1);
  const trainer = await FusedTrainer.create(device, net, { x: data.x, y: Float32Array.from(data.y), classWeights, indices: data.rows }, batch, seed, SOFTWARE);
  trainer.setIndices(0, Uint32Array.from({ length: data.rows }, (_, i) => i));
  return trainer;
}

describe('fused trainer, step by step', () => {
  it('sigmoid and linear hidden layers, sigmoid binary cross-entropy: each step loss equals tfjs trainOnBatch', async () => {
    const data = dataset(160, 4, 2, 4);
    const reference = sigmoidNet();
    const copy = sigmoidNet();
    const read = netFromModel(copy, 'adam');
    if (!('net' in read)) throw new Error(read.reason);
    expect(read.net.head).toBe('sigmoid');
    const trainer = await fusedFor(read.net, data, 40);
    try {
      trainer.writeParams(packWeights(copy));
      reference.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy' });
      const steps: StepPlan[] = [];
      const expected: number[] = [];
      for (let epoch = 0; epoch < 3; epoch++) {
        for (let at = 0; at < data.rows; at += 40) {
          steps.push({ offset: at, rows: 40, train: true, lr: 0.05, scale: 1 / 40 });
          const [x, y] = [tf.tensor2d(data.x.subarray(at * 4, (at + 40) * 4), [40, 4]), tf.tensor2d(data.y.subarray(at, at + 40), [40, 1])];
          expected.push((await reference.trainOnBatch(x, y)) as number);
          tf.dispose([x, y]);
        }
      }
      const losses = await trainer.run(steps);
      expectClose(losses, expected, LOSS_RTOL, 0);
      expectClose(await trainer.readParams(), packWeights(reference), 0, WEIGHT_ATOL);
    } finally {
      trainer.destroy();
      reference.dispose();
      copy.dispose();
    }
  });

  it('gradients match central finite differences of the loss on a tiny tanh net', async () => {
    const data = dataset(24, 3, 3, 6);
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 4, activation: 'tanh', inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }), biasInitializer: tf.initializers.randomNormal({ seed: 5, stddev: 0.3 }) }));
    model.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 6 }) }));
    const read = netFromModel(model, 'sgd');
    if (!('net' in read)) throw new Error(read.reason);
    const w0 = packWeights(model);
    model.dispose();
    const trainer = await fusedFor(read.net, data, 24);
    const lossAt = async (w: Float32Array) => {
      trainer.writeParams(w);
      return (await trainer.run([{ offset: 0, rows: 24, train: false, lr: 0, scale: 1 / 24 }]))[0];
    };
    try {
      // One SGD step with rate 1 from zero momentum moves the weights by exactly minus the gradient.
      trainer.writeParams(w0);
      await trainer.run([{ offset: 0, rows: 24, train: true, lr: 1, scale: 1 / 24 }]);
      const w1 = await trainer.readParams();
      const h = 1e-2;
      for (let p = 0; p < w0.length; p++) {
        const plus = Float32Array.from(w0);
        const minus = Float32Array.from(w0);
        plus[p] += h;
        minus[p] -= h;
        const numeric = ((await lossAt(plus)) - (await lossAt(minus))) / (2 * h);
        expect(w0[p] - w1[p]).toBeCloseTo(numeric, 3);
      }
    } finally {
      trainer.destroy();
    }
  });

  it('dropout is seeded: the same seed repeats the run exactly, another seed does not, and it changes training', async () => {
    const data = dataset(128, 4, 2, 7);
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }) }));
    model.add(tf.layers.dropout({ rate: 0.5 }));
    model.add(tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 9 }) }));
    const read = netFromModel(model, 'adam');
    if (!('net' in read)) throw new Error(read.reason);
    expect(read.net.layers[0].dropout).toBe(0.5);
    const w0 = packWeights(model);
    model.dispose();
    const steps: StepPlan[] = Array.from({ length: 8 }, (_, i) => ({ offset: (i % 4) * 32, rows: 32, train: true, lr: 0.01, scale: 1 / 32 }));
    const runWith = async (net: NetSpec, seed: number) => {
      const trainer = await fusedFor(net, data, 32, seed);
      try {
        trainer.writeParams(w0);
        return { losses: await trainer.run(steps), weights: await trainer.readParams() };
      } finally {
        trainer.destroy();
      }
    };
    const a = await runWith(read.net, 1);
    const b = await runWith(read.net, 1);
    const c = await runWith(read.net, 2);
    const none = await runWith({ ...read.net, layers: read.net.layers.map((l) => ({ ...l, dropout: 0 })) }, 1);
    expect(b.losses).toEqual(a.losses);
    expect(b.weights).toEqual(a.weights);
    expect(c.weights).not.toEqual(a.weights);
    expect(none.losses[0]).not.toBeCloseTo(a.losses[0], 4);
  });
});

describe('trained weights as a tfjs LayersModel', () => {
  it("the model's predictions equal the fused forward pass to 1e-5", async () => {
    const data = dataset(300, 5, 4, 10);
    const params = { ...defaultParams(mlp.params), layers: 2, units: 12 };
    const model = mlp.build(params, { inputs: 5, outputs: 4, task: 'classification', trainRows: 300, targetStd: 1, seed: 2 });
    const read = netFromModel(model, 'adam');
    if (!('net' in read)) throw new Error(read.reason);
    const trainer = await fusedFor(read.net, data, 100);
    try {
      trainer.writeParams(packWeights(model));
      await trainer.run(Array.from({ length: 9 }, (_, i) => ({ offset: (i % 3) * 100, rows: 100, train: true, lr: 0.02, scale: 1 / 100 })));
      setPackedWeights(model, await trainer.readParams());
      const gpuOutputs = await trainer.outputs(0, 300);
      const predicted = tf.tidy(() => (model.predict(tf.tensor2d(data.x, [300, 5])) as tf.Tensor).dataSync());
      expectClose(gpuOutputs, predicted, 0, 1e-5);
      // Probabilities, not logits.
      expect(gpuOutputs.slice(0, 4).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    } finally {
      trainer.destroy();
      model.dispose();
    }
  });

  it('explains what it cannot train', () => {
    const params = { ...defaultParams(mlp.params), batch_norm: true };
    const model = mlp.build(params, { inputs: 3, outputs: 2, task: 'classification', trainRows: 10, targetStd: 1, seed: 2 });
    const read = netFromModel(model, 'adam');
    model.dispose();
    expect(read).toEqual({ reason: 'BatchNormalization layers (only dense layers and dropout are fused)' });
  });
});

describe('fused trainer, when the GPU fails it', () => {
  const tinyNet: NetSpec = { layers: [{ inputs: 3, units: 2, activation: 'linear', dropout: 0, l1: 0, l2: 0 }], head: 'softmax', optimizer: 'sgd' };
  const tinyData = () => dataset(8, 3, 2, 21);

  it('says so when the GPU cannot make what a model needs, instead of training on invalid buffers', async () => {
    const d = tinyData();
    // An index buffer past WebGPU's 128 MiB storage binding limit: the GPU reports a validation error (an event, not an exception).
    const tooMany = { x: d.x, y: Float32Array.from(d.y), classWeights: new Float32Array(2).fill(1), indices: 2 ** 25 + 1 };
    await expect(FusedTrainer.create(device, tinyNet, tooMany, 8, 1, SOFTWARE)).rejects.toMatchObject({
      name: 'GpuFailure',
      message: expect.stringMatching(/^The GPU could not set up training: .+\. Pick another backend in the Backend menu/),
    });
    // The device still trains what fits (and afterAll finds no uncaptured GPU error: the scope took it).
    const trainer = await fusedFor(tinyNet, d, 8);
    try {
      const [loss] = await trainer.run([{ offset: 0, rows: 8, train: true, lr: 0.1, scale: 1 / 8 }]);
      expect(loss).toBeGreaterThan(0);
    } finally {
      trainer.destroy();
    }
  });

  it('says the GPU was lost when the device goes away mid-run', async () => {
    const adapter = await gpu.requestAdapter();
    const own = await adapter!.requestDevice();
    const d = tinyData();
    const trainer = await FusedTrainer.create(own, tinyNet, { x: d.x, y: Float32Array.from(d.y), classWeights: new Float32Array(2).fill(1), indices: 8 }, 8, 1, SOFTWARE);
    trainer.setIndices(0, Uint32Array.from({ length: 8 }, (_, i) => i));
    own.destroy();
    await expect(trainer.run([{ offset: 0, rows: 8, train: true, lr: 0.1, scale: 1 / 8 }])).rejects.toMatchObject({
      name: 'GpuFailure',
      message: expect.stringMatching(/^The GPU (was lost|stopped) while training: .+\. Pick another backend/),
    });
  });
});
