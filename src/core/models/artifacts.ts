/**
 * Fitted models to and from their artifacts. A tfjs network goes through IO handlers (no
 * indexeddb:// — that does not work in Node) as the standard model.json + one weights file that
 * plain TensorFlow.js loads; a state model (k-nearest neighbours) encodes its own state.
 */
import * as tf from '@tensorflow/tfjs';
import type { FittedModel, LayersArtifacts } from '../pipeline/fitted';
import { isStateModelKind, type Scorer, type StateModelKind } from './model';
import { findModelKind } from './registry';

export const WEIGHTS_FILE = 'weights.bin';

export async function saveArtifacts(model: tf.LayersModel): Promise<LayersArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved?.modelTopology || !saved.weightSpecs || !saved.weightData) throw new Error('tfjs did not hand over the model artifacts');
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(saved.weightData));
  return {
    type: 'layers',
    modelJson: {
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
      convertedBy: null,
      modelTopology: saved.modelTopology as object,
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: saved.weightSpecs }],
    },
    weights,
  };
}

export async function loadArtifacts(artifacts: LayersArtifacts): Promise<tf.LayersModel> {
  const weightSpecs = artifacts.modelJson.weightsManifest.flatMap((group) => group.weights) as tf.io.WeightsManifestEntry[];
  const { buffer, byteOffset, byteLength } = artifacts.weights;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: artifacts.modelJson.modelTopology,
      weightSpecs,
      weightData: buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer,
    }),
  );
}

/**
 * Rows per forward pass when scoring. tfjs's default (32) spends almost all the time on per-batch
 * overhead (100,000 rows: 2 s instead of 40 ms on wasm); much larger passes gain nothing and cost memory.
 */
const PREDICT_BATCH_ROWS = 16_384;

/**
 * A network scores through model.predict: class probabilities (rows × classes) or raw regression
 * outputs (rows × 1). The read-back is asynchronous: WebGPU has no synchronous one, and tfjs's
 * dataSync there returned zeros in Chromium. Disposing the scorer releases the weights.
 */
export function layersScorer(model: tf.LayersModel): Scorer {
  const features = model.inputs[0].shape[1] as number;
  const score = async (x: Float32Array, rows: number): Promise<Float32Array> => {
    const out = tf.tidy(() => model.predict(tf.tensor2d(x, [rows, features]), { batchSize: PREDICT_BATCH_ROWS }) as tf.Tensor);
    try {
      return (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
  };
  return { score, dispose: () => model.dispose() };
}

/** The state model kind a stored state belongs to. */
export function stateModelKind(kind: string): StateModelKind {
  const found = findModelKind(kind);
  if (!found || !isStateModelKind(found)) throw new Error(`model kind "${kind}" has no stored state this Pipeline Studio can read`);
  return found;
}

/** Any fitted model, ready to score (a state is checked against the model's description first). */
export async function loadScorer(model: FittedModel): Promise<Scorer> {
  const { artifacts } = model;
  if (artifacts.type === 'layers') return layersScorer(await loadArtifacts(artifacts));
  const kind = stateModelKind(model.kind);
  return kind.load(kind.decode(artifacts, model));
}
