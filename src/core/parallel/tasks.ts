/**
 * The tasks a pool's workers can run, by name: pure functions of a structured-cloned input. A worker
 * script (Node's src/cli/pool-worker.ts, the page's pool worker) only receives a name and an input,
 * calls `runTask` and posts back the output, moving the output's buffers rather than copying them.
 */
import { AUTOML_FOLD_TASK, evaluateFold } from '../automl/evaluate';
import { buildHistogramPart, HISTOGRAM_TASK } from '../models/trees/parallel-histogram';
import { predictStretch, PREDICT_TASK } from '../models/trees/parallel-predictor';
import { FOREST_TREE_TASK, growForestTree } from '../models/trees/random-forest';
import type { ComputeHost } from '../models/contract';
import type { TaskContext } from './pool';
import type { PoolReply, PoolRequest } from './queued-pool';

const tasks: Record<string, (input: never, context: TaskContext) => unknown> = {
  [FOREST_TREE_TASK]: growForestTree,
  [HISTOGRAM_TASK]: buildHistogramPart,
  [PREDICT_TASK]: predictStretch,
  [AUTOML_FOLD_TASK]: evaluateFold,
};

export async function runTask(name: string, input: unknown, context: TaskContext = {}): Promise<unknown> {
  const task = tasks[name] as ((input: unknown, context: TaskContext) => unknown) | undefined;
  if (!task) throw new Error(`No task "${name}" is registered for the worker pool.`);
  return task(input, context);
}

/**
 * The buffers of the typed arrays anywhere in an output (plain objects and arrays are searched), to
 * transfer rather than copy; shared buffers are left out (they are shared already).
 */
export function transferablesOf(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const visit = (v: unknown) => {
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) found.add(v.buffer);
    } else if (v && typeof v === 'object' && !seen.has(v)) {
      seen.add(v);
      for (const item of Array.isArray(v) ? v : Object.values(v)) visit(item);
    }
  };
  visit(value);
  return [...found];
}

/** A worker's whole job: run the request's task (with what its thread lends, `host`) and give back the reply, with the buffers to move. */
export async function answer({ id, task, input }: PoolRequest, host?: ComputeHost): Promise<{ reply: PoolReply; transfer: ArrayBuffer[] }> {
  try {
    const output = await runTask(task, input, { host });
    return { reply: { id, output }, transfer: transferablesOf(output) };
  } catch (e) {
    const error = e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
    return { reply: { id, error }, transfer: [] };
  }
}
