/**
 * Large prediction batches spread over a pool's workers: the rows are cut into stretches, each
 * stretch predicted by one worker with the same walk as this thread, and the stretches' outputs put
 * back in row order. A row's prediction depends on that row alone (its trees are added in tree
 * order whatever the rows around it), so the result is the same bit for bit as in one thread.
 *
 * Where memory can be shared (Node, a cross-origin-isolated page), the ensemble's arrays are copied
 * into SharedArrayBuffers once per ensemble and the feature matrix once per batch, so a task carries
 * views and a row range, not the data; elsewhere each task gets its own copy of the ensemble and of
 * its rows, and a batch is cut into one stretch per worker.
 *
 * A batch is cut into more stretches than there are workers (up to STRETCHES_PER_WORKER each), so
 * that progress is reported as stretches finish and a slow worker does not hold up the others; no
 * stretch is shorter than MIN_STRETCH rows, so that the message to a worker and the walk's compile
 * there stay small beside the walk itself (about 1 µs a row for 100 trees of 31 leaves).
 */
import { abortReason, canShareMemory, evenRanges, inSharedMemory, type TaskPool } from '../../parallel/pool';
import type { FeatureColumns } from '../data';
import type { TreeEnsemble } from './ensemble';
import { predictEnsemble } from './predictor';
import type { TreeArrays } from './tree';

export const PREDICT_TASK = 'trees.predict';

/**
 * Below this many rows (about 50 ms in one thread), a batch is predicted in this thread: sending it
 * out would not pay, least of all to a pool whose workers have yet to start.
 */
export const PARALLEL_PREDICT_ROWS = 50_000;
const MIN_STRETCH = 4_096;
const STRETCHES_PER_WORKER = 4;

export interface PredictTaskInput {
  ensemble: TreeEnsemble;
  /** The batch's feature columns (shared), or the stretch's own. */
  columns: readonly Float64Array[];
  from: number;
  to: number;
}

/** Worker side: predictions for rows [from, to) of the columns. */
export function predictStretch({ ensemble, columns, from, to }: PredictTaskInput): Float64Array {
  const stretch = { rows: to - from, columns: columns.map((c) => (from === 0 && to === c.length ? c : c.subarray(from, to))) };
  return predictEnsemble(ensemble, stretch);
}

export interface ParallelPredictOptions {
  signal?: AbortSignal;
  /** Rows predicted so far, of the batch's rows: after each stretch. */
  onProgress?(done: number, total: number): void;
}

/**
 * predictEnsemble's result, the rows predicted by the pool's workers (in this thread below
 * PARALLEL_PREDICT_ROWS rows or with one worker). Rejects with the signal's reason when it aborts.
 */
export async function predictEnsembleInPool(ensemble: TreeEnsemble, x: FeatureColumns, pool: TaskPool, options: ParallelPredictOptions = {}): Promise<Float64Array> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  if (x.columns.length !== ensemble.features) throw new Error(`The model takes ${ensemble.features} features; ${x.columns.length} were given.`);
  if (x.rows < PARALLEL_PREDICT_ROWS || pool.size < 2) {
    const out = predictEnsemble(ensemble, x);
    onProgress?.(x.rows, x.rows);
    return out;
  }
  const sharing = canShareMemory();
  const shipped = sharing ? sharedEnsemble(ensemble) : ensemble;
  const columns = sharing ? x.columns.map((c) => (c.buffer instanceof SharedArrayBuffer ? c : inSharedMemory(c.subarray(0, x.rows)))) : x.columns;
  const result = new Float64Array(x.rows * ensemble.outputs);
  let done = 0;
  // Without shared memory every stretch carries a copy of the ensemble: one stretch per worker then.
  const stretches = stretchesOf(x.rows, sharing ? pool.size * STRETCHES_PER_WORKER : pool.size);
  await Promise.all(
    stretches.map(async ([from, to]) => {
      const input: PredictTaskInput = sharing ? { ensemble: shipped, columns, from, to } : { ensemble, columns: columns.map((c) => c.slice(from, to)), from: 0, to: to - from };
      const part = await pool.run<PredictTaskInput, Float64Array>(PREDICT_TASK, input, signal);
      result.set(part, from * ensemble.outputs);
      done += to - from;
      onProgress?.(done, x.rows);
    }),
  ).catch((error: unknown) => {
    throw signal?.aborted ? abortReason(signal) : error;
  });
  return result;
}

/** At most `most` row ranges of about equal length covering [0, rows). */
function stretchesOf(rows: number, most: number): [number, number][] {
  const count = Math.max(1, Math.min(most, Math.floor(rows / MIN_STRETCH)));
  return evenRanges(rows, count);
}

const sharedCache = new WeakMap<TreeEnsemble, TreeEnsemble>();

/** The ensemble with its node arrays in shared memory, made once per ensemble. */
function sharedEnsemble(e: TreeEnsemble): TreeEnsemble {
  let shared = sharedCache.get(e);
  if (!shared) {
    const n = e.nodes;
    const nodes: TreeArrays = {
      feature: inSharedMemory(n.feature),
      threshold: inSharedMemory(n.threshold),
      left: inSharedMemory(n.left),
      right: inSharedMemory(n.right),
      flags: inSharedMemory(n.flags),
      categoryStart: inSharedMemory(n.categoryStart),
      categoryBits: inSharedMemory(n.categoryBits),
      cover: inSharedMemory(n.cover),
      gain: inSharedMemory(n.gain),
      value: inSharedMemory(n.value),
    };
    shared = { ...e, nodes };
    sharedCache.set(e, shared);
  }
  return shared;
}
