/**
 * A boosting node's histogram spread over a pool's workers: each worker sums the node's rows for
 * its own stretch of whole features and writes them into a histogram in shared memory. The binned
 * features, the partition (every node's rows) and the gradients live in SharedArrayBuffers that
 * every worker reads; a task carries only the node's stretch of the partition and the features.
 *
 * Each feature is summed by one worker, over the node's rows in partition order, with the same
 * kernel as in this thread, so the histogram — and the model — is the same bit for bit whatever
 * the number of workers. A message to a worker and back costs tens of microseconds, against about
 * 1.7 ns per row and feature of work: nodes with fewer than PARALLEL_WORK row·features are built in
 * this thread (the many small nodes deep in a tree, and every node of a small table).
 */
import { evenRanges, type TaskPool } from '../../parallel/pool';
import { buildNodeHistogram, histogramSize, newHistogram, type Histogram, type HistogramBuilder, type HistogramSource } from './histogram';

export const HISTOGRAM_TASK = 'trees.histogram';

/** Below this many row·features (about 0.5 ms of work), a node's histogram is built in this thread. */
export const PARALLEL_WORK = 1 << 18;

/** What every task of a fit shares: all of it in shared memory. */
export interface HistogramJob extends HistogramSource {
  readonly partition: Uint32Array;
  /** Where the workers write: a histogram of Float64 in shared memory. */
  readonly out: Float64Array;
}

export interface HistogramTaskInput {
  job: HistogramJob;
  start: number;
  end: number;
  g: Float32Array;
  h: Float32Array;
  from: number;
  to: number;
}

/** A worker's scratch, kept between its tasks: a histogram and the gather buffers. */
let scratch: { histogram: Histogram; gathered: Float32Array; gatheredH: Float32Array } | null = null;

/** Worker side: features [from, to) of the node's histogram, written into the job's shared output. */
export function buildHistogramPart({ job, start, end, g, h, from, to }: HistogramTaskInput): void {
  const size = histogramSize(job);
  if (!scratch || scratch.histogram.length !== size || scratch.gathered.length < job.rows) {
    scratch = { histogram: newHistogram(size), gathered: new Float32Array(job.rows), gatheredH: new Float32Array(job.rows) };
  }
  const { histogram, gathered, gatheredH } = scratch;
  buildNodeHistogram(histogram, job, job.partition.subarray(start, end), g, h, gathered, gatheredH, from, to);
  for (let i = job.binStart[from] * 3; i < job.binStart[to] * 3; i++) job.out[i] = histogram[i];
}

/**
 * Large nodes' histograms built by the pool's workers, small ones by `local` (in this thread).
 * `job`'s arrays, and the gradients passed to `build`, must be in shared memory.
 */
export function pooledHistograms(pool: TaskPool, job: HistogramJob, local: HistogramBuilder): HistogramBuilder {
  // Feature stretches of about equal size, one per worker.
  const ranges = evenRanges(job.features, Math.min(pool.size, job.features));
  const size = histogramSize(job);
  return {
    build(out, start, end, g, h) {
      if ((end - start) * job.features < PARALLEL_WORK || ranges.length < 2) return local.build(out, start, end, g, h);
      const parts = ranges.map(([from, to]) => pool.run<HistogramTaskInput, void>(HISTOGRAM_TASK, { job, start, end, g, h, from, to }));
      return Promise.all(parts).then(() => {
        for (let i = 0; i < size; i++) out[i] = job.out[i];
      });
    },
  };
}
