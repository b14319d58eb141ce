/** A worker of the engine's task pool (worker-pool.ts): answers each task with core's runner. */
import type { PoolRequest } from '../core/parallel/queued-pool';
import { answer } from '../core/parallel/tasks';

self.addEventListener('message', async (event: MessageEvent<PoolRequest>) => {
  const { reply, transfer } = await answer(event.data);
  self.postMessage(reply, { transfer });
});
