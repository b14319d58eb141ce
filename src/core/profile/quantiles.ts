/**
 * Exact quantiles without sorting: quickselect (three-way partition, median-of-three pivot) finds
 * each order statistic in O(n) expected time, so a million-row column costs a few linear passes
 * instead of an O(n log n) sort. Values are interpolated between ranks as numpy's default
 * (method "linear") does, so results match numpy.quantile and pandas' describe exactly.
 */

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Rearrange a[lo..hi] so that a[k] holds the value it would hold sorted, smaller ones before it, larger after. */
function select(a: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    // Three ways, so that a column of repeated values does not degrade to quadratic time.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = a[i];
      if (v < pivot) swap(a, lt++, i++);
      else if (v > pivot) swap(a, i, gt--);
      else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return;
  }
}

/**
 * The quantiles `qs` (each in [0, 1], ascending) of `scratch`, which holds no NaN and is
 * reordered in place (pass a copy). Empty input gives NaN for each.
 */
export function quantilesInPlace(scratch: Float64Array, qs: readonly number[]): number[] {
  const n = scratch.length;
  if (n === 0) return qs.map(() => NaN);
  let from = 0;
  return qs.map((q) => {
    const at = q * (n - 1);
    const below = Math.floor(at);
    select(scratch, from, n - 1, below);
    // Everything after `below` is now ≥ it, so later quantiles search only there.
    from = below;
    const low = scratch[below];
    if (below + 1 >= n || at === below) return low;
    select(scratch, below + 1, n - 1, below + 1);
    return low + (at - below) * (scratch[below + 1] - low);
  });
}
