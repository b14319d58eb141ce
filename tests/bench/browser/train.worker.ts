/**
 * Training throughput in a worker, per backend: a bare tfjs `model.fit` and the studio's training
 * loop on the same model (MLP 20→64→64→2), data and batch size (256), measured in the same run.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { activateBackend, chooseBackendFor } from '../../../src/engine/backends';
import { mlpNetwork as mlp } from '../../../src/core/models/network/mlp';
import type { TrainingParams } from '../../../src/core/models/training-params';
import { trainModel, type TrainingData } from '../../../src/core/models/network/train';
import type { BackendName } from '../../../src/engine/protocol';

const FEATURES = 20;
const BATCH = 256;
/** Slow software backends get fewer rows, so the whole bench stays within minutes. */
const ROWS: Record<BackendName, number> = { cpu: 8192, wasm: 16384, webgl: 16384, webgpu: 1024 };
const EPOCHS = 2;

function data(rows: number): TrainingData {
  const x = new Float32Array(rows * FEATURES);
  const y = new Int32Array(rows);
  let seed = 3;
  for (let i = 0; i < x.length; i++) x[i] = ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296) * 2 - 1;
  for (let i = 0; i < rows; i++) y[i] = x[i * FEATURES] > 0 ? 1 : 0;
  return { x, y, rows, features: FEATURES, outputs: 2 };
}

const build = (rows: number) => mlp.build({ layers: 2, units: 64 }, { inputs: FEATURES, outputs: 2, task: 'classification', trainRows: rows, targetStd: 1, seed: 1 });

async function bareFit(d: TrainingData): Promise<number> {
  const model = build(d.rows);
  const optimizer = tf.train.adam(0.001);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const xs = tf.tensor2d(d.x, [d.rows, FEATURES]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(d.y), 'int32'), 2).toFloat());
  try {
    await model.fit(xs, ys, { epochs: 1, batchSize: BATCH, verbose: 0 }); // warm-up: shaders, kernels
    const started = performance.now();
    await model.fit(xs, ys, { epochs: EPOCHS, batchSize: BATCH, verbose: 0 });
    return (d.rows * EPOCHS) / ((performance.now() - started) / 1000);
  } finally {
    xs.dispose();
    ys.dispose();
    model.dispose();
    optimizer.dispose();
  }
}

async function studioFit(d: TrainingData): Promise<number> {
  const params: TrainingParams = { epochs: 1, batch_size: BATCH, learning_rate: 0.001, schedule: 'constant', optimizer: 'adam', validation_fraction: 0, patience: 0, class_weight: 'none' };
  const warm = build(d.rows);
  await trainModel(warm, d, 'classification', params, 1);
  warm.dispose();
  const model = build(d.rows);
  const started = performance.now();
  await trainModel(model, d, 'classification', { ...params, epochs: EPOCHS }, 1);
  const seconds = (performance.now() - started) / 1000;
  model.dispose();
  return (d.rows * EPOCHS) / seconds;
}

/** A software backend can stall (SwiftShader's WebGPU losing its device): give each measurement two minutes. */
function withinTime<T>(work: Promise<T>, backend: string): Promise<T> {
  return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${backend} took over 120 s`)), 120_000))]);
}

/** The wasm row says whether the threaded binary ran (cross-origin isolated page) and on how many threads. */
function label(backend: BackendName): string {
  if (backend !== 'wasm') return backend;
  const threads = getThreadsCount();
  return crossOriginIsolated && tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? `wasm+threads (${threads} of ${navigator.hardwareConcurrency} logical cores)` : 'wasm (single-threaded binary)';
}

/**
 * `backends`: which to time. `singleThreadedWasm`: load the single-threaded binary even where the
 * page is isolated, to compare it with the threaded one (tfjs reads the flag once, at wasm init).
 */
async function run(backends: readonly BackendName[], singleThreadedWasm = false) {
  if (singleThreadedWasm) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const rows: { backend: string; bare: number; studio: number; ratio: number; rows: number }[] = [];
  const unavailable: string[] = [];
  const adapter = await (navigator as Navigator & { gpu?: GPU }).gpu?.requestAdapter();
  const fallback = (adapter?.info as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined)?.isFallbackAdapter ?? null;
  for (const backend of backends) {
    try {
      await activateBackend(backend);
    } catch {
      unavailable.push(backend);
      continue;
    }
    const d = data(ROWS[backend]);
    try {
      const bare = await withinTime(bareFit(d), backend);
      const studio = await withinTime(studioFit(d), backend);
      rows.push({ backend: backend === 'webgpu' && fallback ? 'webgpu (software fallback adapter)' : label(backend), bare, studio, ratio: studio / bare, rows: d.rows });
    } catch (error) {
      // SwiftShader's WebGPU can lose its device mid-run; report it and go on with the others.
      unavailable.push(`${backend} (${(error as Error).message.slice(0, 120)})`);
    }
  }
  return { rows, unavailable, webgpuAdapter: adapter ? { fallback, vendor: adapter.info.vendor } : null };
}

/** What the studio's automatic choice picks for this model, with the timings it compared. */
async function autoChoice() {
  const { backend, msPerStep } = await chooseBackendFor('auto', { kind: mlp, params: { layers: 2, units: 64, batch_size: BATCH }, inputs: FEATURES, outputs: 2, task: 'classification', rows: 16384 });
  return { backend, msPerStep };
}

const api = { run, autoChoice };
export type TrainBenchApi = typeof api;
Comlink.expose(api);
