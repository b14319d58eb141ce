/**
 * A large boosting node's rows split over a pool's workers: each worker splits a stretch of the
 * node's rows on its own (partition.ts's sendStretch: its left rows in place, its right rows to a
 * shared scratch array), then this thread puts the stretches' left rows one after another, then
 * their right rows — the stable partition one thread makes, row for row. With the histograms in the
 * workers, splitting rows was the largest part of a pooled fit left in this thread (1.0 of 9.2 s
 * on 800,000 rows); what is left here is two memory moves.
 */
import { evenRanges, type TaskPool } from '../../parallel/pool';
import { sendStretch, type RowPartitioner } from './partition';

export const PARTITION_TASK = 'trees.partition';

/** Below this many rows (about 0.15 ms in one thread, a few messages' worth), a node is split in this thread. */
export const PARALLEL_PARTITION_ROWS = 1 << 16;

export interface PartitionTaskInput {
  /** The fit's partition, scratch and binned features: in shared memory. */
  rows: Uint32Array;
  scratch: Uint32Array;
  binned: Uint8Array;
  columnOffset: number;
  leftOfBin: Uint8Array;
  from: number;
  to: number;
}

/** Worker side: one stretch split; how many of its rows go left. */
export function partitionStretch({ rows, scratch, binned, columnOffset, leftOfBin, from, to }: PartitionTaskInput): number {
  return sendStretch(rows, from, to, binned, columnOffset, leftOfBin, scratch);
}

/** Nodes of PARALLEL_PARTITION_ROWS rows and more split by the pool's workers, smaller ones by `local`. Every array in shared memory. */
export function pooledPartitioner(pool: TaskPool, arrays: Pick<PartitionTaskInput, 'rows' | 'scratch' | 'binned'>, local: RowPartitioner): RowPartitioner {
  const { rows, scratch } = arrays;
  return {
    partition(start, end, columnOffset, leftOfBin) {
      if (end - start < PARALLEL_PARTITION_ROWS || pool.size < 2) return local.partition(start, end, columnOffset, leftOfBin);
      const stretches = evenRanges(end - start, pool.size, start);
      const lefts = stretches.map(([from, to]) => pool.run<PartitionTaskInput, number>(PARTITION_TASK, { ...arrays, columnOffset, leftOfBin, from, to }));
      return Promise.all(lefts).then((counts) => {
        let at = start;
        counts.forEach((count, k) => {
          const from = stretches[k][0];
          rows.copyWithin(at, from, from + count);
          at += count;
        });
        const middle = at;
        counts.forEach((count, k) => {
          const [from, to] = stretches[k];
          rows.set(scratch.subarray(from, to - count), at);
          at += to - from - count;
        });
        return middle;
      });
    },
  };
}
