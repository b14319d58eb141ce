/**
 * Per-node gradient histograms for boosting (scikit-learn's histogram.pyx, LightGBM's
 * FeatureHistogram): for every feature and bin, the sum of gradients, the sum of hessians and the
 * row count of the node's rows that fall in that bin. Building one costs O(rows × features); the
 * split search then costs O(bins × features) whatever the number of rows.
 *
 * One Float64Array per node: feature f, bin b at `(binStart[f] + b) * 3`, then gradient sum,
 * hessian sum, count; each feature holds only its own bins (its values' and its missing-value bin). Of two siblings only the smaller is built from its rows; the larger is the
 * parent minus it (the subtraction trick), written over the parent's histogram, which is no longer
 * needed.
 */

export const G = 0;
export const H = 1;
export const COUNT = 2;
export const FIELDS = 3;

export interface HistogramLayout {
  readonly features: number;
  /** Where each feature's bins begin; feature f has binStart[f + 1] − binStart[f] of them. */
  readonly binStart: Int32Array;
}

/** Each feature's bins side by side: its non-missing bins and then its missing-value bin. */
export function histogramLayout(nonMissingBins: Int32Array): HistogramLayout {
  const binStart = new Int32Array(nonMissingBins.length + 1);
  for (let f = 0; f < nonMissingBins.length; f++) binStart[f + 1] = binStart[f] + nonMissingBins[f] + 1;
  return { features: nonMissingBins.length, binStart };
}

/** Histograms are large (features × 256 × 3 doubles); trees reuse them rather than allocate. */
export class HistogramPool {
  readonly #free: Float64Array[] = [];
  readonly #size: number;

  constructor(layout: HistogramLayout) {
    this.#size = layout.binStart[layout.features] * FIELDS;
  }

  take(): Float64Array {
    return this.#free.pop() ?? new Float64Array(this.#size);
  }

  give(histogram: Float64Array): void {
    this.#free.push(histogram);
  }
}

export interface NodeRows {
  /** Row numbers, the node's being `rows[start … end)`. */
  readonly rows: Uint32Array;
  readonly start: number;
  readonly end: number;
}

/**
 * The histogram of a node's rows. `binned` is column-major (feature f's bins at f·n … (f+1)·n).
 * `gathered` and `gatheredH` are scratch of at least n values: the node's gradients and hessians
 * are copied into row order once so that the per-feature loops read them sequentially.
 *
 * Four features share one pass over the rows: the row number, gradient and hessian are loaded once
 * for four histogram updates (measured 2.5 instead of 3.7 ns per row and feature in V8).
 */
export function buildHistogram(
  out: Float64Array,
  layout: HistogramLayout,
  binned: Uint8Array,
  n: number,
  node: NodeRows,
  g: Float32Array,
  h: Float32Array,
  gathered: Float32Array,
  gatheredH: Float32Array,
): void {
  out.fill(0);
  const rows = node.rows.subarray(node.start, node.end);
  const count = rows.length;
  for (let j = 0; j < count; j++) {
    const r = rows[j];
    gathered[j] = g[r];
    gatheredH[j] = h[r];
  }
  const { binStart } = layout;
  const column = (f: number) => binned.subarray(f * n, (f + 1) * n);
  const histogram = (f: number) => out.subarray(binStart[f] * FIELDS, binStart[f + 1] * FIELDS);
  let f = 0;
  for (; f + 4 <= layout.features; f += 4) {
    addFourFeatures(histogram(f), histogram(f + 1), histogram(f + 2), histogram(f + 3), column(f), column(f + 1), column(f + 2), column(f + 3), rows, gathered, gatheredH);
  }
  for (; f < layout.features; f++) addFeature(histogram(f), column(f), rows, gathered, gatheredH);
}

/*
 * The kernels are functions of their own, each always taking the same path: V8 then keeps them
 * optimised (inlined in buildHistogram, the loops after the one that ran first deoptimised the
 * whole function on every call for want of type feedback). The field count is written as the
 * literal 3: V8 does not fold the module constant in the loop.
 */
function addFourFeatures(
  h0: Float64Array,
  h1: Float64Array,
  h2: Float64Array,
  h3: Float64Array,
  c0: Uint8Array,
  c1: Uint8Array,
  c2: Uint8Array,
  c3: Uint8Array,
  rows: Uint32Array,
  g: Float32Array,
  h: Float32Array,
): void {
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j];
    const gj = g[j];
    const hj = h[j];
    let k = c0[r] * 3;
    h0[k] += gj;
    h0[k + 1] += hj;
    h0[k + 2]++;
    k = c1[r] * 3;
    h1[k] += gj;
    h1[k + 1] += hj;
    h1[k + 2]++;
    k = c2[r] * 3;
    h2[k] += gj;
    h2[k + 1] += hj;
    h2[k + 2]++;
    k = c3[r] * 3;
    h3[k] += gj;
    h3[k + 1] += hj;
    h3[k + 2]++;
  }
}

function addFeature(hist: Float64Array, c: Uint8Array, rows: Uint32Array, g: Float32Array, h: Float32Array): void {
  for (let j = 0; j < rows.length; j++) {
    const k = c[rows[j]] * 3;
    hist[k] += g[j];
    hist[k + 1] += h[j];
    hist[k + 2]++;
  }
}

/** parent −= child: the parent's histogram becomes its other child's. */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i] -= child[i];
}
