/**
 * TensorFlow.js in a pool worker, for the models AutoML evaluates there (networks, k-nearest
 * neighbours, naive Bayes; linear models write their result as a tfjs layer): WASM on one thread,
 * since the pool's workers are the parallelism, else the CPU backend. No GPU: a worker per core
 * each holding a GPU context would cost more than it gives small tabular models.
 */
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import './wasm-paths';

export async function startPoolBackend(): Promise<string> {
  setThreadsCount(1);
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
  throw new Error('No TensorFlow.js backend could be started in a pool worker');
}
