/**
 * Exact quantiles without sorting: a multi-target quickselect (three-way partition,
 * median-of-three pivot) puts every needed order statistic in place in O(n log k) expected time
 * for k of them, so a million-row column costs a few linear passes instead of an O(n log n) sort.
 * Values are interpolated between ranks as numpy's default (method "linear") does, so results
 * match numpy.quantile and pandas' describe.
 */

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * Rearrange a[lo..hi] so that each of ks[from..to] (ascending positions inside the range) holds the
 * value it would hold sorted. One partition serves every wanted position, and each side is only
 * searched for the positions it holds: O(n log k) for k positions, not O(n·k).
 */
function selectMany(a: Float64Array, lo: number, hi: number, ks: readonly number[], from: number, to: number): void {
  while (hi > lo && from <= to) {
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
    // Positions in [lt, gt] already hold the pivot. Recurse into the smaller side, loop on the other.
    let left = from;
    while (left <= to && ks[left] < lt) left++;
    let right = left;
    while (right <= to && ks[right] <= gt) right++;
    if (left - from < to - right + 1) {
      selectMany(a, lo, lt - 1, ks, from, left - 1);
      lo = gt + 1;
      from = right;
    } else {
      selectMany(a, gt + 1, hi, ks, right, to);
      hi = lt - 1;
      to = left - 1;
    }
  }
}

/**
 * The values of `scratch` (no NaN, reordered in place) at the given 0-based positions of its
 * ascending order, each in 0 … length − 1.
 */
export function valuesAtRanks(scratch: Float64Array, ranks: readonly number[]): number[] {
  const ks = [...new Set(ranks)].sort((x, y) => x - y);
  selectMany(scratch, 0, scratch.length - 1, ks, 0, ks.length - 1);
  return ranks.map((k) => scratch[k]);
}

/**
 * The quantiles `qs` (each in [0, 1]) of `scratch`, which holds no NaN and is reordered in place
 * (pass a copy). Empty input gives NaN for each.
 */
export function quantilesInPlace(scratch: Float64Array, qs: readonly number[]): number[] {
  const n = scratch.length;
  if (n === 0) return qs.map(() => NaN);
  const ranks = qs.map((q) => q * (n - 1));
  const wanted = new Set<number>();
  for (const at of ranks) {
    wanted.add(Math.floor(at));
    if (at !== Math.floor(at)) wanted.add(Math.floor(at) + 1);
  }
  valuesAtRanks(scratch, [...wanted]);
  return ranks.map((at) => {
    const below = Math.floor(at);
    const low = scratch[below];
    return at === below ? low : low + (at - below) * (scratch[below + 1] - low);
  });
}
