/** The worker_threads side of the Node task pool (worker-pool.ts): answers each task with core's runner. */
import { parentPort } from 'node:worker_threads';
import type { ComputeHost } from '../core/models/contract';
import type { PoolRequest } from '../core/parallel/queued-pool';
import { answer } from '../core/parallel/tasks';

let backend: Promise<string> | undefined;

/**
 * What models in this worker get: TensorFlow.js on WASM, else the CPU backend, started by the first
 * model that needs it (a forest's trees never do, so their workers never load TensorFlow.js).
 */
const host: ComputeHost = {
  async tfjs() {
    backend ??= import('./backend').then((m) => m.useFastestNodeBackend());
    return { backend: await backend };
  },
};

parentPort?.on('message', async (request: PoolRequest) => {
  parentPort?.postMessage(await answer(request, host));
});
