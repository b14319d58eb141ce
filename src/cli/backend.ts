/** Node has no GPU backend here: WASM (SIMD) when it initialises, else the plain CPU backend. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export async function useFastestNodeBackend(): Promise<string> {
  // Production mode silences tfjs's advice to install tfjs-node, whose prebuilt binary cannot be fetched here.
  tf.env().set('PROD', true);
  for (const name of ['wasm', 'cpu']) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      // Try the next backend.
    }
  }
  throw new Error('No TensorFlow.js backend could be initialised');
}
