import * as tf from '@tensorflow/tfjs';

/**
 * Start the first of `names` that initialises here and return its name, or null if none does. A
 * backend can be registered and still fail to start (WASM without its binary), so each is tried.
 */
export async function startFirstBackend(names: readonly string[]): Promise<string | null> {
  for (const name of names) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      // Try the next backend.
    }
  }
  return null;
}
