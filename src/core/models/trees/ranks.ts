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
