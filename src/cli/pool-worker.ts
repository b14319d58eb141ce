/**
 * The worker_threads side of the Node task pool (worker-pool.ts): runs each task it is sent with
 * core's `runTask` and posts back the output (its buffers transferred) or the error.
 */
import { parentPort } from 'node:worker_threads';
import { runTask, transferablesOf } from '../core/parallel/tasks';

export interface PoolRequest {
  id: number;
  task: string;
  input: unknown;
}

export type PoolReply = { id: number; output: unknown } | { id: number; error: { name: string; message: string } };

parentPort?.on('message', async ({ id, task, input }: PoolRequest) => {
  try {
    const output = await runTask(task, input);
    parentPort!.postMessage({ id, output } satisfies PoolReply, transferablesOf(output));
  } catch (e) {
    const error = e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
    parentPort!.postMessage({ id, error } satisfies PoolReply);
  }
});
