/**
 * How many of a sorted array's values lie below each of a batch of values: a bin (binning.ts: the
 * first edge ≥ x) or a code (quantised-predictor.ts: the thresholds below x).
 *
 * A branch-free bisection: the loop's length depends on the sorted array only, and each step adds
 * `half` or 0 by arithmetic, so no step is mispredicted (a branching bisection of 255 edges cost 65 ns a
 * value, about half of its eight steps guessed wrong); four values are searched together so that
 * their reads overlap.
 */

/** out[i] = #{sorted[k] < values[i]} for i < count (0 for NaN). */
export function countBelow(sorted: Float64Array, values: Float64Array, count: number, out: Int32Array): void {
  const m = sorted.length;
  if (m === 0) {
    out.fill(0, 0, count);
    return;
  }
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const v0 = values[i];
    const v1 = values[i + 1];
    const v2 = values[i + 2];
    const v3 = values[i + 3];
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let len = m; len > 1; ) {
      const half = len >>> 1;
      a0 += half & -+(sorted[a0 + half] < v0);
      a1 += half & -+(sorted[a1 + half] < v1);
      a2 += half & -+(sorted[a2 + half] < v2);
      a3 += half & -+(sorted[a3 + half] < v3);
      len -= half;
    }
    out[i] = a0 + +(sorted[a0] < v0);
    out[i + 1] = a1 + +(sorted[a1] < v1);
    out[i + 2] = a2 + +(sorted[a2] < v2);
    out[i + 3] = a3 + +(sorted[a3] < v3);
  }
  for (; i < count; i++) {
    const v = values[i];
    let a = 0;
    for (let len = m; len > 1; ) {
      const half = len >>> 1;
      a += half & -+(sorted[a + half] < v);
      len -= half;
    }
    out[i] = a + +(sorted[a] < v);
  }
}

/**
 * A sorted array indexed by equal-width buckets over [first, last], for counting faster than the
 * bisection when the same array is searched many times (the quantised walk's thresholds). A value's
 * bucket is monotone in the value (a subtraction and a product, each rounded monotonically, then
 * floored and clamped), so the values in buckets before v's are all below v and those in buckets
 * after are all above: the count is the number before v's bucket plus a few comparisons with the
 * values in it, made branch-free against a copy padded with +∞ (never below anything).
 */
export interface BucketIndex {
  readonly first: number;
  readonly scale: number;
  readonly buckets: number;
  /** Per bucket, how many values lie in earlier buckets. */
  readonly before: Int32Array;
  /** The values, then MOST_PER_BUCKET copies of +∞. */
  readonly padded: Float64Array;
}

/** Buckets per value, and the most values one bucket may hold for the index to be worth it. */
const BUCKETS_PER_VALUE = 8;
const MAX_BUCKETS = 1 << 14;
const MOST_PER_BUCKET = 3;

/** The index of a sorted array of distinct finite values, or null when the bisection serves as well. */
export function bucketIndex(sorted: Float64Array): BucketIndex | null {
  const m = sorted.length;
  if (m < 8) return null;
  const first = sorted[0];
  const buckets = Math.min(MAX_BUCKETS, BUCKETS_PER_VALUE * 2 ** Math.ceil(Math.log2(m)));
  const scale = buckets / (sorted[m - 1] - first);
  if (!Number.isFinite(first) || !Number.isFinite(scale) || scale <= 0) return null;
  const before = new Int32Array(buckets);
  for (let k = 0; k < m; k++) before[bucketOf(sorted[k], first, scale, buckets)]++;
  let most = 0;
  for (let b = 0, total = 0; b < buckets; b++) {
    const inside = before[b];
    most = Math.max(most, inside);
    before[b] = total;
    total += inside;
  }
  if (most > MOST_PER_BUCKET) return null;
  const padded = new Float64Array(m + MOST_PER_BUCKET).fill(Infinity);
  padded.set(sorted);
  return { first, scale, buckets, before, padded };
}

function bucketOf(v: number, first: number, scale: number, buckets: number): number {
  const x = (v - first) * scale;
  return x < 0 ? 0 : x < buckets ? x | 0 : buckets - 1;
}

/** #{sorted[k] < v}, as countBelow (any value for NaN). */
export function countBelowOne(index: BucketIndex, v: number): number {
  const a = index.before[bucketOf(v, index.first, index.scale, index.buckets)];
  const padded = index.padded;
  // Past the values in v's bucket come larger values or +∞: comparing with them adds nothing.
  return a + +(padded[a] < v) + +(padded[a + 1] < v) + +(padded[a + 2] < v);
}
