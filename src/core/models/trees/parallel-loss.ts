/**
 * Boosting's loss pass — the training loss, and the gradients and hessians the next trees descend,
 * after every iteration — spread over a pool's workers: each worker passes over a stretch of whole
 * chunks (LOSS_CHUNK rows) of the training rows, all in shared memory, and sends back its chunks'
 * sums; this thread adds them in chunk order, as one thread does (loss.ts), so the gradients and
 * the loss are the same bit for bit. With the histograms in the workers, this pass was the largest
 * part of a pooled fit left in this thread (1.4 of 10 s on 800,000 rows, the workers idle meanwhile).
 */
import { evenRanges, type TaskPool } from '../../parallel/pool';
import { chunksOf, lossFor, meanOfChunks, passChunks } from './loss';

export const LOSS_TASK = 'trees.loss';

export interface LossTaskInput {
  /** Which loss: lossFor's arguments. */
  task: 'classification' | 'regression';
  classes: number;
  y: Int32Array | Float64Array;
  raw: Float64Array;
  weights: Float64Array | undefined;
  g: Float32Array;
  h: Float32Array;
  fromChunk: number;
  toChunk: number;
}

/** Worker side: the chunks' passes, gradients written in place; their sums and totals back. */
export function passLossStretch({ task, classes, y, raw, weights, g, h, fromChunk, toChunk }: LossTaskInput): Float64Array {
  const out = new Float64Array(2 * (toChunk - fromChunk));
  passChunks(lossFor(task, classes).pass, y, raw, weights, g, h, fromChunk, toChunk, out);
  return out;
}

export type GradientPass = () => Promise<number>;

/**
 * The fit's gradient pass with `which` loss over `y`'s rows at `raw` (into `g`, `h`), returning the
 * mean loss: over the pool's workers when there are two chunks or more (every array in shared
 * memory), else here.
 */
export function gradientPass(which: Pick<LossTaskInput, 'task' | 'classes'>, arrays: Pick<LossTaskInput, 'y' | 'raw' | 'weights' | 'g' | 'h'>, pool: TaskPool | undefined): GradientPass {
  const { y, raw, weights, g, h } = arrays;
  const chunks = chunksOf(y.length);
  if (!pool || pool.size < 2 || chunks < 2) {
    const loss = lossFor(which.task, which.classes);
    return async () => loss.gradients(y, raw, weights, g, h);
  }
  const stretches = evenRanges(chunks, Math.min(pool.size, chunks));
  return async () => {
    const sums = await Promise.all(stretches.map(([fromChunk, toChunk]) => pool.run<LossTaskInput, Float64Array>(LOSS_TASK, { ...which, ...arrays, fromChunk, toChunk })));
    const all = new Float64Array(2 * chunks);
    sums.forEach((part, k) => all.set(part, 2 * stretches[k][0]));
    return meanOfChunks(all);
  };
}
