/// <reference types="@webgpu/types" />
/**
 * One batch size of the fused-trainer bench: ms per training step of the fused WebGPU trainer and of
 * TensorFlow.js's WebGPU backend on the same adapter, same model (an MLP, relu, softmax
 * cross-entropy, Adam, fp32), same initial weights and batch, data resident on the GPU. Shared by
 * the Node bench (tests/bench/gpu.ts) and the browser bench page. The caller has set tfjs's backend
 * to 'webgpu' (in Node, only after navigator.gpu exists).
 */
import * as tf from '@tensorflow/tfjs';
import { packWeights } from '../../src/core/webgpu/layers-model';
import { netFromModel, type NetSpec } from '../../src/core/webgpu/net';
import { isSoftwareAdapter, registerBlockFor } from '../../src/core/webgpu/device';
import { FusedTrainer } from '../../src/core/webgpu/trainer';
import { seededRng } from '../../src/core/random';

export interface GpuRow {
  batch: number;
  ours_ms: number;
  tfjs_ms: number;
  ratio: number;
  /** The first step's loss on each side: the same weights and batch, so they must agree. */
  ours_loss: number;
  tfjs_loss: number;
}

/** `layers`: widths from the input to the classes, e.g. [32, 256, 256, 10]. */
function buildModel(layers: readonly number[]): tf.Sequential {
  const model = tf.sequential();
  layers.slice(1).forEach((units, i) => {
    const last = i === layers.length - 2;
    model.add(tf.layers.dense({ units, activation: last ? 'softmax' : 'relu', inputShape: i === 0 ? [layers[0]] : undefined, kernelInitializer: tf.initializers.glorotUniform({ seed: i + 1 }) }));
  });
  return model;
}

function data(layers: readonly number[], batch: number) {
  const rng = seededRng(batch);
  const x = Float32Array.from({ length: batch * layers[0] }, () => rng() * 2 - 1);
  const y = Int32Array.from({ length: batch }, () => Math.floor(rng() * layers[layers.length - 1]));
  return { x, y };
}

/** Median ms per step over timed rounds (at least two, and at least `seconds` of them), after one warm-up round (shader compiles). */
async function time(round: () => Promise<number>, stepsPerRound: number, seconds: number): Promise<{ ms: number; firstLoss: number }> {
  const firstLoss = await round();
  const samples: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (samples.length < 2 || (performance.now() < until && samples.length < 50)) {
    const start = performance.now();
    await round();
    samples.push((performance.now() - start) / stepsPerRound);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)], firstLoss };
}

async function ours(adapter: GPUAdapter, device: GPUDevice, net: NetSpec, init: Float32Array, x: Float32Array, y: Int32Array, batch: number, seconds: number) {
  const classes = net.layers[net.layers.length - 1].units;
  const trainer = await FusedTrainer.create(device, net, { x, y: Float32Array.from(y), classWeights: new Float32Array(classes).fill(1), indices: batch }, batch, 1, registerBlockFor(isSoftwareAdapter(adapter)));
  try {
    trainer.setIndices(0, Uint32Array.from({ length: batch }, (_, i) => i));
    trainer.writeParams(init);
    // A chunk of steps per pass and submit, the loss read back once per chunk: how the studio trains
    // (fewer per round at large batches, where one step is long enough to time on a software adapter).
    const steps = Array.from({ length: Math.max(2, Math.min(10, Math.round(4096 / batch))) }, () => ({ offset: 0, rows: batch, train: true, lr: 1e-3, scale: 1 / batch }));
    return await time(async () => (await trainer.run(steps))[0], steps.length, seconds);
  } finally {
    trainer.destroy();
  }
}

async function tfjs(model: tf.Sequential, x: Float32Array, y: Int32Array, batch: number, seconds: number) {
  const classes = model.outputs[0].shape[1] ?? 1;
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const xs = tf.tensor2d(x, [batch, x.length / batch]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), classes).toFloat());
  try {
    // trainOnBatch reads the loss back every step, as model.fit does.
    return await time(async () => (await model.trainOnBatch(xs, ys)) as number, 1, seconds);
  } finally {
    tf.dispose([xs, ys]);
    model.optimizer.dispose();
  }
}

export async function compareAt(adapter: GPUAdapter, device: GPUDevice, layers: readonly number[], batch: number, seconds: number): Promise<GpuRow> {
  const { x, y } = data(layers, batch);
  const model = buildModel(layers);
  try {
    const read = netFromModel(model, 'adam');
    if ('reason' in read) throw new Error(read.reason);
    const a = await ours(adapter, device, read.net, packWeights(model), x, y, batch, seconds);
    const b = await tfjs(model, x, y, batch, seconds);
    return { batch, ours_ms: +a.ms.toFixed(3), tfjs_ms: +b.ms.toFixed(3), ratio: +(b.ms / a.ms).toFixed(1), ours_loss: a.firstLoss, tfjs_loss: b.firstLoss };
  } finally {
    model.dispose();
  }
}

/** The adapter as the bench reports it. */
export function adapterName(adapter: GPUAdapter): string {
  const { vendor, architecture, description } = adapter.info;
  return [vendor, architecture, description].filter(Boolean).join(' ') + (isSoftwareAdapter(adapter) ? ' (fallback)' : '');
}

/** One line per row, for the terminal. */
export function describeRow(r: GpuRow): string {
  const rate = (ms: number) => Math.round((r.batch * 1000) / ms);
  return `batch ${String(r.batch).padStart(5)}: ours ${r.ours_ms.toFixed(2)} ms/step (${rate(r.ours_ms)} samples/s), tfjs-webgpu ${r.tfjs_ms.toFixed(2)} ms/step (${rate(r.tfjs_ms)} samples/s), ${r.ratio}× | first loss ${r.ours_loss.toFixed(6)} vs ${r.tfjs_loss.toFixed(6)}`;
}
