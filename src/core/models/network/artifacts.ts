/**
 * A network's artifacts: the standard model.json (topology + weights manifest) and one weights file,
 * which plain TensorFlow.js loads. Saved and loaded through IO handlers, not indexeddb://, which
 * does not work in Node.
 */
import * as tf from '@tensorflow/tfjs';
import { strToU8 } from 'fflate';
import type { ModelArtifacts, Scorer } from '../contract';
import type { FeatureColumns } from '../data';
import { rowMajorFloat32 } from '../layout';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

/** model.json as TensorFlow.js writes it. */
export interface LayersModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: object[] }[];
}

export async function saveLayers(model: tf.LayersModel): Promise<ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved?.modelTopology || !saved.weightSpecs || !saved.weightData) throw new Error('tfjs did not hand over the model artifacts');
  const modelJson: LayersModelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: null,
    modelTopology: saved.modelTopology as object,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: saved.weightSpecs }],
  };
  return { json: { [MODEL_JSON]: modelJson }, blobs: { [WEIGHTS_FILE]: new Uint8Array(tf.io.CompositeArrayBuffer.join(saved.weightData)) } };
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** The two files are there and the weights are exactly as long as the topology's weight specs say. */
export function checkLayers(artifacts: ModelArtifacts): { modelJson: LayersModelJson; weights: Uint8Array } {
  const modelJson = artifacts.json[MODEL_JSON] as LayersModelJson | undefined;
  const weights = artifacts.blobs[WEIGHTS_FILE];
  if (!modelJson || typeof modelJson !== 'object') throw new Error(`model/${MODEL_JSON} is missing`);
  if (!weights) throw new Error(`model/${WEIGHTS_FILE} is missing`);
  const specs = Array.isArray(modelJson.weightsManifest) ? (modelJson.weightsManifest.flatMap((g) => g.weights) as { shape: number[]; dtype: string }[]) : [];
  if (!specs.length) throw new Error(`model/${MODEL_JSON} lists no weights`);
  const expected = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * (DTYPE_BYTES[s.dtype] ?? NaN), 0);
  if (expected !== weights.length) throw new Error(`the weights are ${weights.length} bytes, the topology needs ${expected}`);
  return { modelJson, weights };
}

export async function loadLayers(artifacts: ModelArtifacts): Promise<tf.LayersModel> {
  const { modelJson, weights } = checkLayers(artifacts);
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights) as tf.io.WeightsManifestEntry[];
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
    }),
  );
}

/** model.json and weights.bin as plain TensorFlow.js loads them. */
export function layersFiles(artifacts: ModelArtifacts): Record<string, Uint8Array> {
  const { modelJson, weights } = checkLayers(artifacts);
  return { [MODEL_JSON]: strToU8(JSON.stringify(modelJson, null, 2)), [WEIGHTS_FILE]: weights };
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
  const score = async (x: FeatureColumns): Promise<Float32Array> => {
    if (x.columns.length !== features) throw new Error(`The network reads ${features} features, it was given ${x.columns.length}`);
    const out = tf.tidy(() => model.predict(tf.tensor2d(rowMajorFloat32(x), [x.rows, features]), { batchSize: PREDICT_BATCH_ROWS }) as tf.Tensor);
    try {
      return (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
  };
  return { score, dispose: () => model.dispose() };
}
