/** Node has no GPU backend here: WASM (SIMD) when it initialises, else the plain CPU backend. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { startFirstBackend } from '../core/models/network/first-backend';

export async function useFastestNodeBackend(): Promise<string> {
  // Production mode silences tfjs's advice to install tfjs-node, whose prebuilt binary cannot be fetched here.
  tf.env().set('PROD', true);
  const started = await startFirstBackend(['wasm', 'cpu']);
  if (started) return started;
  throw new Error('No TensorFlow.js backend could be initialised');
}
