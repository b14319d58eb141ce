/**
 * The fused trainer's packed parameters ⇄ a tfjs LayersModel of the same topology. The model kind
 * builds the model (and its seeded initial weights); training writes the result back into it, so the
 * bundle, export, prediction and CLI see a standard LayersModel.
 */
import * as tf from '@tensorflow/tfjs';

/** The model's weights in the packed order: each dense layer's kernel [inputs, units] then its bias. */
export function packWeights(model: tf.LayersModel): Float32Array {
  const weights = model.getWeights();
  const packed = new Float32Array(weights.reduce((n, w) => n + w.size, 0));
  let at = 0;
  for (const w of weights) {
    packed.set(w.dataSync(), at);
    at += w.size;
  }
  return packed;
}

export function setPackedWeights(model: tf.LayersModel, packed: Float32Array) {
  const shapes = model.getWeights().map((w) => w.shape);
  let at = 0;
  const tensors = shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(packed.subarray(at, at + size), shape);
    at += size;
    return t;
  });
  if (at !== packed.length) throw new Error(`The packed weights hold ${packed.length} values; the model has ${at}`);
  model.setWeights(tensors);
  tf.dispose(tensors);
}
