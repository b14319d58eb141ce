/**
 * The benchmark page: each function runs one measurement in a worker and resolves to plain JSON
 * that the Playwright driver (tests/bench/browser.ts) prints.
 */
import { median } from '../stats';
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { callback, startEngine } from '../../../src/engine/client';
import { defaultPipeline } from '../../../src/core/pipeline/default';
import { generateCsv } from '../generate-csv';
import type { TrainBenchApi } from './train.worker';
import type { ParseBenchApi } from './parse.worker';


/** A numeric table with a binary label: 20 feature columns, as the prediction benchmark asks. */
function numericCsv(rows: number, features: number): string {
  const header = [...Array.from({ length: features }, (_, j) => `f${j}`), 'label'].join(',');
  const lines = [header];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296) * 2 - 1;
  for (let i = 0; i < rows; i++) {
    const x = Array.from({ length: features }, rnd);
    lines.push([...x.map((v) => v.toFixed(4)), x[0] + x[1] > 0 ? 'yes' : 'no'].join(','));
  }
  return lines.join('\n') + '\n';
}

async function predictBench(rows = 100_000, features = 20) {
  const engine = startEngine();
  try {
    const { api } = engine;
    await api.loadCsv(new Blob([numericCsv(rows, features)]), 'bench.csv', 'label', callback(() => {}));
    const spec = defaultPipeline('label', 'classification');
    await api.run(spec, 'wasm', callback(() => {}));
    await api.openModel('bench', await api.exportLastRun());
    const batches = [];
    for (let i = 0; i < 3; i++) batches.push((await api.predict('bench', 'training', callback(() => {}))).rowsPerSecond);
    const record = Object.fromEntries(Array.from({ length: features }, (_, j) => [`f${j}`, '0.25']));
    for (let i = 0; i < 20; i++) await api.predictRecord('bench', record);
    const worker: number[] = [];
    const roundTrip: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      worker.push((await api.predictRecord('bench', { ...record, f0: String(i / 200) })).ms);
      roundTrip.push(performance.now() - started);
    }
    return { rows, features, batchRowsPerSecond: median(batches), singleRowMsInWorker: median(worker), singleRowMsRoundTrip: median(roundTrip) };
  } finally {
    engine.dispose();
  }
}

/**
 * The default pipeline (logistic regression by L-BFGS) on a numeric table in the engine worker, as
 * the page runs it: seconds from Run to the metrics, the first run (the worker cold) and the best of
 * three (each on another split, so nothing comes from the run cache).
 */
async function linearBench(rows = 8000, features = 20) {
  const engine = startEngine();
  try {
    const { api } = engine;
    await api.loadCsv(new Blob([numericCsv(rows, features)]), 'linear.csv', 'label', callback(() => {}));
    const seconds: number[] = [];
    for (let seed = 1; seed <= 3; seed++) {
      const spec = defaultPipeline('label', 'classification');
      spec.nodes.find((n) => n.kind === 'split')!.params.seed = seed;
      const started = performance.now();
      const [summary] = await api.run(spec, 'auto', callback(() => {}));
      seconds.push((performance.now() - started) / 1000);
      if (!(summary.metrics.accuracy > 0.9)) throw new Error(`logistic regression scored ${summary.metrics.accuracy}`);
    }
    return { rows, features, firstSeconds: seconds[0], seconds: Math.min(...seconds) };
  } finally {
    engine.dispose();
  }
}

/** Vite bundles a worker only from the literal `new Worker(new URL(…), …)` form, so callers build it. */
function wrapWorker<T>(w: Worker): { api: Comlink.Remote<T>; dispose(): void } {
  return { api: Comlink.wrap<T>(w), dispose: () => w.terminate() };
}

async function trainBench() {
  const trainWorker = () => wrapWorker<TrainBenchApi>(new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module' }));
  const all = trainWorker();
  const singleThreaded = trainWorker();
  try {
    const result = await all.api.run(['cpu', 'wasm', 'webgl', 'webgpu']);
    const auto = await all.api.autoChoice();
    // A second worker: tfjs picks the wasm binary once per worker.
    const plainWasm = await singleThreaded.api.run(['wasm'], true);
    return { ...result, auto, rows: [...result.rows, ...plainWasm.rows] };
  } finally {
    all.dispose();
    singleThreaded.dispose();
  }
}

async function parseBench(rows: number, repeats: number) {
  const w = wrapWorker<ParseBenchApi>(new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' }));
  try {
    const blob = new Blob([generateCsv(rows)], { type: 'text/csv' });
    return await w.api.run(blob, repeats);
  } finally {
    w.dispose();
  }
}

/** The fused trainer vs tfjs-webgpu on this page's WebGPU adapter (tests/bench/fused-vs-tfjs.ts). */
async function gpuBench(layers: number[], batches: number[], seconds: number) {
  await import('@tensorflow/tfjs-backend-webgpu');
  const { adapterName, compareAt } = await import('../fused-vs-tfjs');
  if (!(await tf.setBackend('webgpu'))) throw new Error('The tfjs WebGPU backend did not initialise');
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) throw new Error('No WebGPU adapter');
  const device = await adapter.requestDevice();
  try {
    const rows = [];
    for (const batch of batches) rows.push(await compareAt(adapter, device, layers, batch, seconds));
    return { adapter: adapterName(adapter), rows };
  } finally {
    device.destroy();
  }
}

Object.assign(window, { benches: { predictBench, trainBench, parseBench, gpuBench, linearBench } });
