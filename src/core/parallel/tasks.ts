/**
 * The tasks a pool's workers can run, by name: pure functions of a structured-cloned input. A worker
 * script (Node's src/cli/pool-worker.ts, the page's pool worker) only receives a name and an input,
 * calls `runTask` and posts back a copy of the output (see `answer`).
 */
import { AUTOML_FOLD_TASK, evaluateFold } from '../automl/evaluate';
import { buildHistogramPart, HISTOGRAM_TASK } from '../models/trees/parallel-histogram';
import { LOSS_TASK, passLossStretch } from '../models/trees/parallel-loss';
import { PARTITION_TASK, partitionStretch } from '../models/trees/parallel-partition';
import { predictStretch, PREDICT_TASK } from '../models/trees/parallel-predictor';
import { FOREST_TREE_TASK, growForestTree } from '../models/trees/random-forest';
import type { ComputeHost } from '../models/contract';
import type { TaskContext } from './pool';
import type { PoolReply, PoolRequest } from './queued-pool';

const tasks: Record<string, (input: never, context: TaskContext) => unknown> = {
  [FOREST_TREE_TASK]: growForestTree,
  [HISTOGRAM_TASK]: buildHistogramPart,
  [LOSS_TASK]: passLossStretch,
  [PARTITION_TASK]: partitionStretch,
  [PREDICT_TASK]: predictStretch,
  [AUTOML_FOLD_TASK]: evaluateFold,
};

export async function runTask(name: string, input: unknown, context: TaskContext = {}): Promise<unknown> {
  const task = tasks[name] as ((input: unknown, context: TaskContext) => unknown) | undefined;
  if (!task) throw new Error(`No task "${name}" is registered for the worker pool.`);
  return task(input, context);
}

/**
 * A worker's whole job: run the request's task (with what its thread lends, `host`) and give back
 * the reply, to be posted as a copy. Replies are copied, never moved, on purpose: moving a buffer
 * detaches it, and once any buffer in a V8 isolate has been detached, optimised code checks every
 * typed-array access for detachment from then on (V8's "array buffer detaching" protector). A
 * worker that had moved one reply grew a forest's trees 15 % slower (letter, 100 trees, one
 * worker: 1.12–1.15 s against 0.96–1.01 s); copying a reply (a tree's arrays, a stretch of
 * predictions, a fold's scores) takes far less than the task that made it.
 */
export async function answer({ id, task, input }: PoolRequest, host?: ComputeHost): Promise<PoolReply> {
  try {
    return { id, output: await runTask(task, input, { host }) };
  } catch (e) {
    const error = e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
    return { id, error };
  }
}
