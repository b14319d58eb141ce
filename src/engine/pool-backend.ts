/**
 * TensorFlow.js in a pool worker, for the models AutoML evaluates there (networks, k-nearest
 * neighbours, naive Bayes; linear models write their result as a tfjs layer): WASM, else the CPU
 * backend. Its single-threaded binary: the pool's workers are the parallelism, and the threaded one
 * would start its own pool of threads in every one of them. No GPU: a worker per core each holding
 * a GPU context would cost more than it gives small tabular models.
 */
import * as tf from '@tensorflow/tfjs';
import { startFirstBackend } from '../core/models/network/first-backend';
import './wasm-paths';

export async function startPoolBackend(): Promise<string> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const started = await startFirstBackend(['wasm', 'cpu']);
  if (!started) throw new Error('No TensorFlow.js backend could be started in a pool worker');
  return started;
}
