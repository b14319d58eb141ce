/**
 * Applying a split to a node's rows: a stable in-place partition of `rows[start … end)` into the
 * rows that go left followed by those that go right (scikit-learn's split_indices, single-threaded).
 * Stable, so each child's rows stay in increasing order and later gathers read memory forwards.
 *
 * Which bins go left is a 256-entry table built once per split, so numeric, missing-value and
 * categorical splits all partition with the same loop and no branch on the split's kind.
 */

/** Returns where the right child's rows begin. */
export function partitionRows(
  rows: Uint32Array,
  start: number,
  end: number,
  binned: Uint8Array,
  columnOffset: number,
  leftOfBin: Uint8Array,
  scratch: Uint32Array,
): number {
  const middle = sendRows(rows, start, end, binned, columnOffset, leftOfBin, scratch);
  appendRight(rows, middle, end, scratch);
  return middle;
}

/** How a fit splits a node's rows: in this thread (localPartitioner), or over a pool's workers (parallel-partition.ts); the same rows either way. */
export interface RowPartitioner {
  /** partitionRows on the fit's partition, by the table of bins of the column at `columnOffset`: where the right child's rows begin. */
  partition(start: number, end: number, columnOffset: number, leftOfBin: Uint8Array): number | Promise<number>;
}

/** partitionRows in this thread, with a scratch array of its own (or the one given: shared, for parallel-partition.ts). */
export function localPartitioner(rows: Uint32Array, binned: Uint8Array, scratch = new Uint32Array(rows.length)): RowPartitioner {
  return { partition: (start, end, columnOffset, leftOfBin) => partitionRows(rows, start, end, binned, columnOffset, leftOfBin, scratch) };
}

/**
 * One stretch of a node's rows split on its own: the rows of [from, to) that go left to
 * rows[from …), those that go right to scratch[from …), both in order; returns how many go left.
 * parallel-partition.ts then puts the stretches' left rows, and their right ones, one after another.
 */
export function sendStretch(rows: Uint32Array, from: number, to: number, binned: Uint8Array, columnOffset: number, leftOfBin: Uint8Array, scratch: Uint32Array): number {
  return sendRows(rows, from, to, binned, columnOffset, leftOfBin, scratch.subarray(from)) - from;
}

/*
 * Each loop below is a function of its own, with nothing after it but its return: when a long loop
 * is optimised while it runs, code after it that has not run yet has no type feedback, and V8 went on
 * entering that optimised loop and leaving it there at every call, thousands of times a forest.
 */

/** The rows that go left to rows[start …) and those that go right to scratch[0 …); returns where the left ones end. */
function sendRows(rows: Uint32Array, start: number, end: number, binned: Uint8Array, columnOffset: number, leftOfBin: Uint8Array, scratch: Uint32Array): number {
  let left = start;
  let right = 0;
  // Branch-free: every row is written to both places and only its side's cursor moves (a split
  // sends rows either way unpredictably; the branch cost more than the extra store).
  for (let i = start; i < end; i++) {
    const row = rows[i];
    const goesLeft = leftOfBin[binned[columnOffset + row]];
    rows[left] = row;
    scratch[right] = row;
    left += goesLeft;
    right += 1 - goesLeft;
  }
  return left;
}

/** Below this many rows a loop copies faster than set(subarray), whose view is allocated per split. */
const COPY_WITH_SET = 256;

/** The right rows back after the left ones (rows[middle … end) = scratch[0 … end − middle)). */
function appendRight(rows: Uint32Array, middle: number, end: number, scratch: Uint32Array): void {
  const count = end - middle;
  if (count >= COPY_WITH_SET) rows.set(scratch.subarray(0, count), middle);
  else for (let i = 0; i < count; i++) rows[middle + i] = scratch[i];
}

/** Where a classification split's children sum their class weights (`sums[at + class]`, zeroed beforehand). */
export interface ClassSums {
  readonly y: Int32Array;
  readonly weights: Float64Array;
  readonly sums: Float64Array;
  readonly leftAt: number;
  readonly rightAt: number;
}

/**
 * partitionRows that also sums each child's weight per class and in all, row by row in the
 * children's row order (so the sums are those of a pass over each child's rows, bit for bit): the
 * rows are read once for both. The children's weights go to `weights` ([left, right]).
 */
export function partitionSummingClasses(
  node: { rows: Uint32Array; start: number; end: number; scratch: Uint32Array },
  column: { binned: Uint8Array; offset: number; leftOfBin: Uint8Array },
  sums: ClassSums,
  weights: Float64Array,
): number {
  const { rows, start, end, scratch } = node;
  const middle = sendSummingClasses(rows, start, end, scratch, column.binned, column.offset, column.leftOfBin, sums, weights);
  appendRight(rows, middle, end, scratch);
  return middle;
}

function sendSummingClasses(
  rows: Uint32Array,
  start: number,
  end: number,
  scratch: Uint32Array,
  binned: Uint8Array,
  offset: number,
  leftOfBin: Uint8Array,
  { y, weights, sums, leftAt, rightAt }: ClassSums,
  childWeights: Float64Array,
): number {
  let left = start;
  let right = 0;
  let leftWeight = 0;
  let rightWeight = 0;
  childWeights[0] = 0;
  childWeights[1] = 0;
  const towardsLeft = leftAt - rightAt;
  for (let i = start; i < end; i++) {
    const row = rows[i];
    const goesLeft = leftOfBin[binned[offset + row]];
    rows[left] = row;
    scratch[right] = row;
    left += goesLeft;
    right += 1 - goesLeft;
    // w · 1 and w · 0 are exact, and adding 0 changes no sum.
    const w = weights[row];
    sums[rightAt + goesLeft * towardsLeft + y[row]] += w;
    leftWeight += w * goesLeft;
    rightWeight += w * (1 - goesLeft);
    // Written as they go rather than after the loop (see above): two stores that nothing waits for.
    childWeights[0] = leftWeight;
    childWeights[1] = rightWeight;
  }
  return left;
}

/** The table for a numeric cut: bins ≤ bin go left, and the missing-value bin where the split says. */
export function numericLeftOfBin(bin: number, missingBin: number, missingLeft: boolean, out = new Uint8Array(256)): Uint8Array {
  out.fill(0);
  for (let b = 0; b <= bin; b++) out[b] = 1;
  out[missingBin] = missingLeft ? 1 : 0;
  return out;
}

/** The table for a categorical split from its bitset of left bins. */
export function categoricalLeftOfBin(leftBins: Uint32Array, out = new Uint8Array(256)): Uint8Array {
  for (let b = 0; b < 256; b++) out[b] = (leftBins[b >>> 5] >>> (b & 31)) & 1;
  return out;
}
