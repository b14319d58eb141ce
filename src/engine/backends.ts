/**
 * TensorFlow.js backends in the browser worker (DESIGN.md §4): all four registered, the wasm
 * binaries served by the app itself as hashed assets the service worker precaches.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import './wasm-paths';
import type { ComputeHost } from '../core/models/contract';
import { enginePool } from './worker-pool';
import type { NetworkProbe, NetworkTrainer } from '../core/models/network/model';
import { msPerTrainingStep } from '../core/models/network/probe';
import { effectiveBatchSize, type TrainingParams } from '../core/models/training-params';
import { resolveParams } from '../core/params';
import { registerBlockFor, requestFusedDevice, type FusedDevice } from '../core/webgpu/device';
import { fusedProblem, fusedTrainer } from '../core/webgpu/fit';
import type { BackendChoice, BackendName } from './protocol';

const INIT_TIMEOUT_MS = 20_000;

/** A software WebGPU adapter (SwiftShader) is far slower than WASM, so auto skips it. */
/** A driver that never answers must not stall every automatic choice: no answer in time means no WebGPU. */
const ADAPTER_TIMEOUT_MS = 5_000;

async function hasHardwareWebGpu(): Promise<boolean> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ADAPTER_TIMEOUT_MS)));
  try {
    const adapter = await Promise.race([gpu.requestAdapter().catch(() => null), timeout]);
    return adapter !== null && !(adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  } finally {
    clearTimeout(timer);
  }
}

async function trySetBackend(name: BackendName): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), INIT_TIMEOUT_MS)));
  try {
    return await Promise.race([tf.setBackend(name).then(async (ok) => ok && (await tf.ready(), true)), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

let active: { choice: BackendName | 'auto'; name: BackendName } | undefined;

/**
 * Activate the chosen backend, or for 'auto' the fastest that initialises; returns the one in use.
 * Every tfjs call in the worker goes through here first: left alone, tfjs would lazily pick its
 * highest-priority backend (webgpu) without initialising it.
 */
export async function activateBackend(requested: BackendChoice): Promise<BackendName> {
  // The fused trainer trains dense models only; anything else tfjs runs on the automatic choice.
  const choice = requested === 'webgpu-fused' ? 'auto' : requested;
  if (active?.choice === choice) return active.name;
  const order: BackendName[] =
    choice !== 'auto' ? [choice] : [...((await hasHardwareWebGpu()) ? (['webgpu'] as const) : []), 'wasm', 'webgl', 'cpu'];
  for (const name of order) {
    if (await trySetBackend(name)) {
      active = { choice, name };
      return name;
    }
  }
  throw new Error(`The ${choice === 'auto' ? 'TensorFlow.js' : choice} backend could not be initialised in this browser`);
}

/** The backend in use, initialising the automatic choice when none has been chosen yet. */
export function ensureBackend(): Promise<BackendName> {
  return activateBackend(active?.choice ?? 'auto');
}

/** Timings already taken in this worker, by model shape: a re-run does not measure again. */
const timings = new Map<string, { backend: BackendName; msPerStep: Record<string, number> }>();

let fusedDevice: Promise<FusedDevice | undefined> | undefined;

function fusedDeviceOnce(): Promise<FusedDevice | undefined> {
  fusedDevice ??= requestFusedDevice((globalThis.navigator as Navigator & { gpu?: GPU }).gpu).then((found) => {
    // A lost device (driver reset, tab in the background too long) is asked for again next run.
    void found?.device.lost.then(() => (fusedDevice = undefined));
    return found;
  });
  return fusedDevice;
}

/** Why the fused trainer cannot train this model, or undefined when it can. */
function fusedProblemFor(device: GPUDevice, shape: NetworkProbe): string | undefined {
  if (shape.kind.fit) return 'closed-form fitting (no training steps)';
  const model = shape.kind.build(shape.params, { inputs: shape.inputs, outputs: shape.outputs, task: shape.task, trainRows: shape.rows, targetStd: 1, seed: 0 });
  try {
    return fusedProblem(device, model, { rows: shape.rows }, resolveParams<TrainingParams>(shape.kind.params, shape.params));
  } finally {
    model.dispose();
  }
}

/**
 * The fused WebGPU trainer, when it applies: for 'auto' on a hardware adapter, for 'webgpu-fused' on
 * any adapter. tfjs still builds, scores and saves the model, on WASM (else the CPU).
 */
async function chooseFused(choice: BackendChoice, shape: NetworkProbe, log: (message: string) => void): Promise<NetworkTrainer | undefined> {
  const explicit = choice === 'webgpu-fused';
  if (!explicit && (choice !== 'auto' || shape.kind.fit)) return undefined;
  const found = await fusedDeviceOnce();
  if (!found || (found.fallback && !explicit)) {
    if (explicit) log('The fused WebGPU trainer needs WebGPU, which this browser does not offer: training with TensorFlow.js instead');
    return undefined;
  }
  for (const name of ['wasm', 'cpu'] as const) if (await trySetBackend(name)) break;
  active = { choice: 'auto', name: tf.getBackend() as BackendName };
  const problem = fusedProblemFor(found.device, shape);
  if (problem) {
    log(`The fused WebGPU trainer cannot train ${shape.kind.title}: it uses ${problem}. Training with TensorFlow.js instead.`);
    return undefined;
  }
  log(`Training on the fused WebGPU trainer (${found.description}${found.fallback ? ', software fallback adapter' : ''})`);
  return fusedTrainer({ device: found.device, registerBlock: registerBlockFor(found.fallback) });
}

type Chosen = { backend: string; trainer?: NetworkTrainer; msPerStep?: Record<string, number> };

/**
 * The fused WebGPU trainer where it applies (see chooseFused). Otherwise, for 'auto', time a few
 * training steps of this very model on every tfjs backend that initialises and train on the
 * fastest; the CPU backend is only the last resort (WASM always beats it).
 */
export async function chooseBackendFor(choice: BackendChoice, shape: NetworkProbe, log: (message: string) => void = () => {}): Promise<Chosen> {
  const trainer = await chooseFused(choice, shape, log);
  if (trainer) return { backend: 'webgpu-fused', trainer };
  const tfjsChoice = choice === 'webgpu-fused' ? 'auto' : choice;
  // A model fitted in closed form trains no steps: there is nothing to time.
  if (tfjsChoice !== 'auto' || shape.kind.fit) return { backend: await activateBackend(tfjsChoice) };
  const key = JSON.stringify([shape.kind.kind, shape.params, shape.inputs, shape.outputs, shape.task, effectiveBatchSize(Number(shape.params.batch_size ?? 0), shape.rows)]);
  const known = timings.get(key);
  if (known && (await trySetBackend(known.backend))) {
    active = { choice: tfjsChoice, name: known.backend };
    return known;
  }
  const msPerStep: Record<string, number> = {};
  const candidates: BackendName[] = [...((await hasHardwareWebGpu()) ? (['webgpu'] as const) : []), 'wasm', 'webgl'];
  for (const name of candidates) {
    if (await trySetBackend(name)) msPerStep[name] = await msPerTrainingStep(shape);
  }
  const ranked = Object.entries(msPerStep).sort((a, b) => a[1] - b[1]);
  const backend = (ranked[0]?.[0] as BackendName | undefined) ?? (await activateBackend('cpu'));
  if (!(await trySetBackend(backend))) throw new Error(`The ${backend} backend stopped working after it was timed`);
  active = { choice: tfjsChoice, name: backend };
  timings.set(key, { backend, msPerStep });
  return { backend, msPerStep };
}

/**
 * What the engine lends the models of a run: a backend per network by the user's choice (timed
 * for 'auto'), the fused trainer where it applies, for other tfjs models (k-nearest neighbours)
 * the chosen backend or the first that starts, and workers for forests. A pinned choice (cross-validation
 * folds) is taken again as it is, without timing.
 */
export function engineHost(choice: BackendChoice): ComputeHost {
  return {
    get pool() {
      return enginePool();
    },
    async tfjs({ probe, pinned, log }) {
      if (pinned === 'webgpu-fused' && probe) return chooseBackendFor('webgpu-fused', probe, log);
      if (pinned && pinned !== 'webgpu-fused' && (await trySetBackend(pinned as BackendName))) return { backend: pinned };
      return probe ? chooseBackendFor(choice, probe, log) : { backend: await activateBackend(choice) };
    },
  };
}
