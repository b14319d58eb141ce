/**
 * Features to small integer bins, as scikit-learn's `_BinMapper` and LightGBM do: every tree learner
 * here splits on bins (at most 255 per feature, one byte a value), which makes a node's histogram
 * O(rows) to build and O(bins) to scan whatever the data's range.
 *
 * Numeric features: the bin edges are the midpoints between distinct values when there are at most
 * `maxBins` of them, else the quantiles of the training values (numpy's `averaged_inverted_cdf`,
 * the method scikit-learn uses; weighted quantiles when rows have weights, as scikit-learn ≥ 1.8),
 * computed on a seeded subsample of 200,000 rows when there are more (drawn in proportion to the
 * weights, which the subsample then no longer needs).
 * A value x falls in bin b when edges[b − 1] < x ≤ edges[b]; a split "bin ≤ b" is therefore the
 * raw test "x ≤ edges[b]", which is what the stored trees keep, so prediction never bins.
 *
 * Categorical features: each category seen among the training rows gets a bin of its own. When a
 * feature has more categories than `maxBins`, the most frequent `maxBins` keep theirs and the rarer
 * ones share the missing-value bin ("other"): scikit-learn refuses such a feature and LightGBM also
 * folds rare categories together; a CSV column of zip codes or product ids is common, and refusing
 * it would make the user re-encode for no gain (a category seen a handful of times cannot support
 * a split of its own). Categories absent from the training rows share that bin too.
 *
 * Missing values (NaN) go to the bin right after a feature's values, index `nonMissingBins[f]`
 * (scikit-learn always uses bin 255): each split learns on which side they go. Keeping every
 * feature's bins contiguous lets histograms hold only the bins a feature uses (letter's 16 integer
 * features need 17 bins each, not 256), which is what clearing, subtracting and scanning them cost.
 */
import type { FeatureColumns, FeatureInfo } from '../data';
import { seededRng } from '../../random';
import { bucketIndex, countBelow, countBelowOne } from './ranks';

/** Rows used to place the quantile edges: scikit-learn's default subsample. */
export const BINNING_SUBSAMPLE = 200_000;

/** Edges are kept finite: an infinite edge is reserved for the split that sends only missing values right. */
const ALMOST_INF = 1e300;

export interface BinMapper {
  /** Bins for non-missing values at most (2 … 255). */
  readonly maxBins: number;
  /** Per numeric feature, the increasing upper edges of its bins but the last (empty for categorical ones). */
  readonly edges: readonly Float64Array[];
  /** Per feature, how many bins its non-missing values use; the next bin holds its missing values. */
  readonly nonMissingBins: Int32Array;
  /** Per categorical feature, each category code's bin (its missing-value bin where it shares it); null for numeric ones. */
  readonly categoryBins: readonly (Uint8Array | null)[];
  /** Per feature, how many categories it has (0 for numeric features). */
  readonly categoryCounts: Int32Array;
}

export interface BinningOptions {
  maxBins: number;
  seed: number;
  /** The training rows to learn the bins from (all rows when absent). */
  rows?: Int32Array;
  /** Per-row weights (indexed like the data's rows), for weighted quantiles. */
  weights?: Float64Array;
  subsample?: number;
}

export function fitBinMapper(data: FeatureColumns, features: readonly FeatureInfo[], options: BinningOptions): BinMapper {
  const { maxBins } = options;
  const rows = options.rows ?? identityRows(data.rows);
  const size = options.subsample ?? BINNING_SUBSAMPLE;
  const sample = subsampleRows(rows, size, options.seed, options.weights);
  const weights = rows.length > size ? undefined : options.weights;
  const edges: Float64Array[] = [];
  const nonMissingBins = new Int32Array(features.length);
  const categoryBins: (Uint8Array | null)[] = [];
  const categoryCounts = new Int32Array(features.length);
  features.forEach((feature, j) => {
    const column = data.columns[j];
    if (feature.categories) {
      const bins = categoryBinsOf(column, rows, feature.categories.length, maxBins);
      categoryBins.push(bins.codeToBin);
      categoryCounts[j] = feature.categories.length;
      nonMissingBins[j] = bins.used;
      edges.push(new Float64Array(0));
    } else {
      const e = numericEdges(column, sample, maxBins, weights);
      edges.push(e);
      nonMissingBins[j] = e.length + 1;
      categoryBins.push(null);
    }
  });
  return { maxBins, edges, nonMissingBins, categoryBins, categoryCounts };
}

/**
 * The binned features, column-major: feature j's bins for the given rows (all rows when absent) are
 * `binned[j * rows … (j + 1) * rows)`. `target` lets the caller place them in shared memory.
 */
export function binColumns(mapper: BinMapper, data: FeatureColumns, rows?: Int32Array, target?: Uint8Array): Uint8Array {
  const n = rows ? rows.length : data.rows;
  const out = target ?? new Uint8Array(n * data.columns.length);
  data.columns.forEach((column, j) => {
    const bins = out.subarray(j * n, (j + 1) * n);
    const codes = mapper.categoryBins[j];
    const missing = mapper.nonMissingBins[j];
    if (codes) binCategorical(column, rows, codes, missing, bins);
    else binNumeric(column, rows, mapper.edges[j], missing, bins);
  });
  return out;
}

/** Values binned a chunk at a time (gathered, then ranked among the edges). */
const CHUNK = 1024;

function binNumeric(column: Float64Array, rows: Int32Array | undefined, edges: Float64Array, missing: number, out: Uint8Array): void {
  // Edges spread evenly enough (quantiles of a smooth distribution) are found through a bucket index.
  const index = bucketIndex(edges);
  if (index) {
    for (let i = 0; i < out.length; i++) {
      const v = column[rows ? rows[i] : i];
      out[i] = v === v ? countBelowOne(index, v) : missing;
    }
    return;
  }
  const values = new Float64Array(CHUNK);
  const ranks = new Int32Array(CHUNK);
  for (let i0 = 0; i0 < out.length; i0 += CHUNK) {
    const count = Math.min(CHUNK, out.length - i0);
    for (let i = 0; i < count; i++) values[i] = column[rows ? rows[i0 + i] : i0 + i];
    // The first edge ≥ x: the number of edges below x (scikit-learn's _map_to_bins bisects the same way).
    countBelow(edges, values, count, ranks);
    for (let i = 0; i < count; i++) out[i0 + i] = values[i] === values[i] ? ranks[i] : missing;
  }
}

function binCategorical(column: Float64Array, rows: Int32Array | undefined, codeToBin: Uint8Array, missing: number, out: Uint8Array): void {
  const count = codeToBin.length;
  for (let i = 0; i < out.length; i++) {
    const code = column[rows ? rows[i] : i];
    // Codes were checked to be whole numbers below the category count (or NaN) before binning.
    out[i] = code >= 0 && code < count ? codeToBin[code] : missing;
  }
}

export function identityRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/** scikit-learn draws the quantile subsample with replacement, in proportion to the weights; so do we, with the run's seed. */
function subsampleRows(rows: Int32Array, size: number, seed: number, weights?: Float64Array): Int32Array {
  if (rows.length <= size) return rows;
  const rng = seededRng(seed ^ 0x5bd1e995);
  const sample = new Int32Array(size);
  if (!weights) {
    for (let i = 0; i < size; i++) sample[i] = rows[Math.floor(rng() * rows.length)];
    return sample;
  }
  const cumulative = new Float64Array(rows.length);
  let total = 0;
  for (let i = 0; i < rows.length; i++) cumulative[i] = total += weights[rows[i]];
  for (let i = 0; i < size; i++) {
    const target = rng() * total;
    let lo = 0;
    let hi = rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    sample[i] = rows[lo];
  }
  return sample;
}

/** Bin edges of one numeric feature from the sampled rows (scikit-learn's _find_binning_thresholds). */
function numericEdges(column: Float64Array, sample: Int32Array, maxBins: number, weights?: Float64Array): Float64Array {
  // Missing values and rows of weight 0 take no part.
  const kept = new Int32Array(sample.length);
  let n = 0;
  for (let i = 0; i < sample.length; i++) {
    const r = sample[i];
    if (column[r] === column[r] && (!weights || weights[r] !== 0)) kept[n++] = r;
  }
  const rows = kept.subarray(0, n);
  // Unweighted, the values alone are sorted (typed-array sort, fast); weighted, rows are sorted by value to keep their weights.
  if (weights) rows.sort((a, b) => column[a] - column[b]);
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = column[rows[i]];
  if (!weights) sortDoubles(sorted);
  const distinct = distinctSorted(sorted);
  if (distinct.length <= 1) return new Float64Array(0);
  let edges: Float64Array;
  if (distinct.length <= maxBins) {
    edges = new Float64Array(distinct.length - 1);
    for (let i = 0; i < edges.length; i++) edges[i] = (distinct[i] + distinct[i + 1]) / 2;
  } else {
    edges = distinctSorted(weights ? weightedQuantileEdges(sorted, Float64Array.from(rows, (r) => weights[r]), maxBins) : quantileEdges(sorted, maxBins));
  }
  // (+ 0 writes a −0 edge as 0: the order of −0 and 0 after sorting is the sort's choice, and numpy's differs.)
  for (let i = 0; i < edges.length; i++) edges[i] = Math.min(edges[i], ALMOST_INF) + 0;
  return edges;
}

/** Below this many values the built-in sort is faster than four radix passes (each clears 65,536 counters). */
const RADIX_SORT_FROM = 1 << 16;

/**
 * Sorts numbers (no NaN) ascending, −0 before 0, as Float64Array.prototype.sort does: a least
 * significant digit radix sort of their bits, four stable passes of 16 bits (200,000 values: 5 ms
 * against the built-in sort's 12, for each numeric feature of a large table).
 *
 * The bits are made to sort as unsigned integers in the numbers' order: a positive number's sign
 * bit is set, a negative number's bits are all flipped (larger magnitudes then come first).
 */
export function sortDoubles(values: Float64Array): void {
  const n = values.length;
  if (n < RADIX_SORT_FROM) {
    values.sort();
    return;
  }
  // Little-endian words (as every platform the app runs on): the low word, then the high word with the sign.
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  for (let i = 0; i < 2 * n; i += 2) {
    const high = words[i + 1];
    if (high >>> 31) {
      words[i] = ~words[i];
      words[i + 1] = ~high;
    } else words[i + 1] = high | 0x80000000;
  }
  const counts = new Int32Array(4 << 16);
  for (let i = 0; i < 2 * n; i += 2) {
    counts[words[i] & 0xffff]++;
    counts[(1 << 16) + (words[i] >>> 16)]++;
    counts[(2 << 16) + (words[i + 1] & 0xffff)]++;
    counts[(3 << 16) + (words[i + 1] >>> 16)]++;
  }
  let from: Uint32Array = words;
  let to: Uint32Array = new Uint32Array(2 * n);
  for (let pass = 0; pass < 4; pass++) {
    // Each digit's first place among the sorted values.
    const base = pass << 16;
    let place = 0;
    for (let d = base; d < base + (1 << 16); d++) {
      const count = counts[d];
      counts[d] = place;
      place += count;
    }
    const word = pass >> 1;
    const shift = (pass & 1) * 16;
    for (let i = 0; i < 2 * n; i += 2) {
      const at = 2 * counts[base + ((from[i + word] >>> shift) & 0xffff)]++;
      to[at] = from[i];
      to[at + 1] = from[i + 1];
    }
    [from, to] = [to, from];
  }
  // Four passes: the sorted bits are back in `words`.
  for (let i = 0; i < 2 * n; i += 2) {
    const high = words[i + 1];
    if (high >>> 31) words[i + 1] = high & 0x7fffffff;
    else {
      words[i] = ~words[i];
      words[i + 1] = ~high;
    }
  }
}

function distinctSorted(sorted: Float64Array): Float64Array {
  let n = 0;
  const out = new Float64Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) out[n++] = sorted[i];
  return out.slice(0, n);
}

/**
 * np.percentile(sorted, linspace(0, 100, maxBins + 1)[1:-1], method='averaged_inverted_cdf'),
 * with numpy's floating-point steps, so that the edges equal scikit-learn's bit for bit.
 */
function quantileEdges(sorted: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  const step = 100 / maxBins;
  const out = new Float64Array(maxBins - 1);
  for (let i = 1; i < maxBins; i++) {
    const quantile = (i * step) / 100;
    const virtual = n * quantile - 1;
    let previous = Math.floor(virtual);
    let next = previous + 1;
    // averaged_inverted_cdf: the next order statistic, or the mean of two when the index is whole.
    const gamma = virtual - previous === 0 ? 0.5 : 1;
    if (virtual >= n - 1) previous = next = n - 1;
    if (virtual < 0) previous = next = 0;
    out[i - 1] = lerp(sorted[previous], sorted[next], gamma);
  }
  return out;
}

/**
 * The weighted version (scikit-learn's _weighted_percentile with average=True): the first value
 * whose cumulative weight reaches p · total, or its mean with the next value when the cumulative
 * weight lands on p · total exactly.
 */
function weightedQuantileEdges(sorted: Float64Array, weights: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cdf[i] = total += weights[i];
  const step = 100 / maxBins;
  const out = new Float64Array(maxBins - 1);
  for (let i = 1; i < maxBins; i++) {
    let rank = ((i * step) / 100) * total;
    if (rank === 0) rank = Number.MIN_VALUE;
    let at = 0;
    let hi = n;
    while (at < hi) {
      const mid = (at + hi) >>> 1;
      if (cdf[mid] < rank) at = mid + 1;
      else hi = mid;
    }
    at = Math.min(at, n - 1);
    const above = cdf[at] - rank > 2.220446049250313e-16;
    out[i - 1] = above ? sorted[at] : (sorted[at] + sorted[Math.min(at + 1, n - 1)]) / 2;
  }
  return out;
}

/** numpy's _lerp: from the nearer end, so that t = 1 gives b exactly. */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

interface CategoryBins {
  codeToBin: Uint8Array;
  used: number;
}

/** Each category seen in the training rows its own bin, in code order; past maxBins, the rarest share the missing-value bin (the next one). */
function categoryBinsOf(column: Float64Array, rows: Int32Array, categories: number, maxBins: number): CategoryBins {
  const counts = new Float64Array(categories);
  for (let i = 0; i < rows.length; i++) {
    const code = column[rows[i]];
    if (code === code) counts[code]++;
  }
  const seen: number[] = [];
  for (let c = 0; c < categories; c++) if (counts[c] > 0) seen.push(c);
  let kept = seen;
  if (seen.length > maxBins) {
    // The most frequent keep their own bin (ties: the lower code), listed back in code order.
    kept = [...seen].sort((a, b) => counts[b] - counts[a] || a - b).slice(0, maxBins).sort((a, b) => a - b);
  }
  const codeToBin = new Uint8Array(categories).fill(kept.length);
  kept.forEach((code, bin) => (codeToBin[code] = bin));
  return { codeToBin, used: kept.length };
}
