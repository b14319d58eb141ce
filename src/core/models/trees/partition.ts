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
  // A loop rather than set(subarray): small nodes are the many, and the view would be allocated per split.
  for (let i = 0; i < right; i++) rows[left + i] = scratch[i];
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
