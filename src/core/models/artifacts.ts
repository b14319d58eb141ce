/**
 * tfjs models to and from bytes through IO handlers (no indexeddb:// — that does not work in Node),
 * as the standard model.json + one weights file that plain TensorFlow.js loads.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelArtifacts } from '../pipeline/fitted';

export const WEIGHTS_FILE = 'weights.bin';

export async function saveArtifacts(model: tf.LayersModel): Promise<ModelArtifacts> {
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

export async function loadArtifacts(artifacts: ModelArtifacts): Promise<tf.LayersModel> {
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
