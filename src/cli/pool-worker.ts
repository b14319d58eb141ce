/** The worker_threads side of the Node task pool (worker-pool.ts): answers each task with core's runner. */
import { parentPort } from 'node:worker_threads';
import type { PoolRequest } from '../core/parallel/queued-pool';
import { answer } from '../core/parallel/tasks';

parentPort?.on('message', async (request: PoolRequest) => {
  const { reply, transfer } = await answer(request);
  parentPort?.postMessage(reply, transfer);
});
