/** A worker of the engine's task pool (worker-pool.ts): answers each task with core's runner. */
import type { ComputeHost } from '../core/models/contract';
import type { PoolRequest } from '../core/parallel/queued-pool';
import { answer } from '../core/parallel/tasks';

let backend: Promise<string> | undefined;

/** TensorFlow.js, loaded by the first model that needs it: a forest's trees never do. */
const host: ComputeHost = {
  async tfjs() {
    backend ??= import('./pool-backend').then((m) => m.startPoolBackend());
    return { backend: await backend };
  },
};

self.addEventListener('message', async (event: MessageEvent<PoolRequest>) => {
  self.postMessage(await answer(event.data, host));
});
