/**
 * Models the worker has read, kept warm by the model file's sha-256: reading and validating a
 * bundle and loading its model (a network's weights, or a kNN's training rows on the backend)
 * happen once, so a single-row prediction costs milliseconds.
 */
import { readBundle, type Manifest } from '../core/bundle/bundle';
import { sha256Hex } from '../core/hash';
import type { FittedPipeline } from '../core/pipeline/fitted';
import { createPredictor, type Predictor } from '../core/pipeline/predict';

export interface WarmModel {
  sha256: string;
  manifest: Manifest;
  fitted: FittedPipeline;
  /** Loaded on first use: inspecting a model needs no loaded model. */
  predictor(): Promise<Predictor>;
}

/** A handful is plenty: a person compares a few models at a time. */
const CAPACITY = 4;
const cache = new Map<string, WarmModel>();

function evictOldest() {
  const [oldestKey, oldest] = cache.entries().next().value ?? [];
  if (oldestKey === undefined || !oldest) return;
  cache.delete(oldestKey);
  void oldest.predictor().then((p) => p.dispose(), () => undefined);
}

export async function warmModel(bundle: Uint8Array): Promise<WarmModel> {
  const sha256 = await sha256Hex(bundle);
  const hit = cache.get(sha256);
  if (hit) {
    // Re-insert: Map order is the eviction order.
    cache.delete(sha256);
    cache.set(sha256, hit);
    return hit;
  }
  const { manifest, fitted } = await readBundle(bundle);
  let loading: Promise<Predictor> | undefined;
  const model: WarmModel = { sha256, manifest, fitted, predictor: () => (loading ??= createPredictor(fitted)) };
  cache.set(sha256, model);
  if (cache.size > CAPACITY) evictOldest();
  return model;
}
