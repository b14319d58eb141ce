/**
 * Models the worker holds open, by the id the page gave them (a saved model's record id): the file
 * is sent and validated once, its model loaded on first use (a network's weights, a kNN's rows, a
 * forest's trees), and every later call sends only the id and the rows. The page opens a model
 * again when the worker let it go (ModelNotOpenError).
 */
import { readBundle, type Manifest } from '../core/bundle/bundle';
import { sha256Hex } from '../core/hash';
import type { FittedPipeline } from '../core/pipeline/fitted';
import { createPredictor, type Predictor } from '../core/pipeline/predict';
import { loadExplainable, type Explainable } from '../core/explain/model';
import type { ComputeHost } from '../core/models/contract';
import { enginePool } from './worker-pool';
import { MODEL_NOT_OPEN } from './protocol';

export interface OpenModel {
  sha256: string;
  manifest: Manifest;
  fitted: FittedPipeline;
  /** Loaded on first use: inspecting a model needs no loaded model. */
  predictor(): Promise<Predictor>;
  /** The model loaded for explanations, on first use. */
  explainable(): Promise<Explainable>;
}

/** What a loaded model may score with: the engine's pool (tree ensembles spread large batches over it). */
const scoringHost: ComputeHost = {
  get pool() {
    return enginePool();
  },
};

/** A handful is plenty: a person compares a few models at a time. */
const CAPACITY = 4;
const open = new Map<string, OpenModel>();

/** What an open model has loaded so far. */
type Loaded = { predictor?: Promise<Predictor>; explainable?: Promise<Explainable> };
const loaded = new WeakMap<OpenModel, Loaded>();

/** Lets go of what the model loaded (only what it did load). */
function release(model: OpenModel) {
  const held = loaded.get(model);
  void held?.predictor?.then((p) => p.dispose(), () => undefined);
  void held?.explainable?.then((e) => e.dispose(), () => undefined);
}

/** Read and validate a model file, without keeping it. */
export async function readModel(bundle: Uint8Array): Promise<OpenModel> {
  const [sha256, { manifest, fitted }] = await Promise.all([sha256Hex(bundle), readBundle(bundle)]);
  const held: Loaded = {};
  const model: OpenModel = { sha256, manifest, fitted, predictor: () => (held.predictor ??= createPredictor(fitted, scoringHost)), explainable: () => (held.explainable ??= loadExplainable(fitted)) };
  loaded.set(model, held);
  return model;
}

/** Keep a model open under `id` (replacing what was open under it), letting the least recently used go past the capacity. */
export async function openModel(id: string, bundle: Uint8Array): Promise<OpenModel> {
  const model = await readModel(bundle);
  const previous = open.get(id);
  if (previous) {
    open.delete(id);
    release(previous);
  }
  open.set(id, model);
  if (open.size > CAPACITY) {
    const [oldestId, oldest] = open.entries().next().value as [string, OpenModel];
    open.delete(oldestId);
    release(oldest);
  }
  return model;
}

/** The model open under `id`, or a ModelNotOpenError. */
export function heldModel(id: string): OpenModel {
  const model = open.get(id);
  if (!model) {
    const error = new Error(`The engine does not hold model ${id}: open it first`);
    error.name = MODEL_NOT_OPEN;
    throw error;
  }
  // Re-insert: Map order is the eviction order.
  open.delete(id);
  open.set(id, model);
  return model;
}
