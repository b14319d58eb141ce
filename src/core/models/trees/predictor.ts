/**
 * Prediction with a tree ensemble on raw feature values (thresholds are in the features' units).
 *
 * Routing at a node: a missing value (NaN) goes where the split learnt; x ≤ threshold goes left
 * otherwise. At a categorical node, code c goes left when its bit is set; NaN, codes beyond the
 * training categories and codes that are not whole numbers go where missing values go (as
 * scikit-learn treats unknown categories).
 *
 * Speed: rows are scored in blocks of 256, copied row-major so that a row's features sit together;
 * each tree then walks its rows four at a time, interleaved, with a branch-free step (siblings are
 * renumbered side by side, so the next node is left + 1 − goesLeft, and leaves point at themselves),
 * which lets the CPU overlap four dependent load chains instead of waiting on one.
 */
import type { FeatureColumns } from '../data';
import { sigmoid, softmax } from './loss';
import { treeCount, type TreeEnsemble } from './ensemble';
import { CATEGORICAL, MISSING_LEFT, type TreeArrays } from './tree';

const BLOCK = 256;

/** Class probabilities (rows × classes) or regression values (rows × 1), row-major. */
export function predictEnsemble(ensemble: TreeEnsemble, x: FeatureColumns, out?: Float64Array): Float64Array {
  if (x.columns.length !== ensemble.features) throw new Error(`The model takes ${ensemble.features} features; ${x.columns.length} were given.`);
  const raw = predictRaw(ensemble, x);
  const width = ensemble.baseline.length;
  const result = out ?? new Float64Array(x.rows * ensemble.outputs);
  if (result.length !== x.rows * ensemble.outputs) throw new Error(`The output holds ${result.length} values; ${x.rows} rows × ${ensemble.outputs} outputs need ${x.rows * ensemble.outputs}.`);
  if (ensemble.link === 'identity') result.set(raw);
  else if (ensemble.link === 'logistic') {
    for (let r = 0; r < x.rows; r++) {
      const p = sigmoid(raw[r]);
      result[2 * r] = 1 - p;
      result[2 * r + 1] = p;
    }
  } else {
    for (let r = 0; r < x.rows; r++) softmax(raw, r * width, 1, width, result, r * width);
  }
  return result;
}

/** Raw scores (rows × raw width, row-major): baseline plus the trees' sum or mean. */
export function predictRaw(ensemble: TreeEnsemble, x: FeatureColumns): Float64Array {
  const compiled = compile(ensemble);
  const width = ensemble.baseline.length;
  const raw = new Float64Array(x.rows * width);
  const F = ensemble.features;
  const block = new Float64Array(BLOCK * F);
  const trees = treeCount(ensemble);
  for (let r0 = 0; r0 < x.rows; r0 += BLOCK) {
    const count = Math.min(BLOCK, x.rows - r0);
    fillBlock(block, x, r0, count, ensemble.categoryCounts);
    for (let t = 0; t < trees; t++) {
      const output = r0 * width + ensemble.treeOutput[t];
      if (compiled.hasCategorical) walkGeneral(compiled, t, block, count, F, raw, output, width);
      else walkNumeric(compiled, t, block, count, F, raw, output, width);
    }
  }
  const scale = ensemble.aggregation === 'mean' && trees > 0 ? 1 / trees : 1;
  for (let r = 0; r < x.rows; r++) for (let k = 0; k < width; k++) raw[r * width + k] = ensemble.baseline[k] + raw[r * width + k] * scale;
  return raw;
}

/** Rows r0 … r0 + count row-major; categorical codes that are not known categories become NaN (missing). */
function fillBlock(block: Float64Array, x: FeatureColumns, r0: number, count: number, categoryCounts: Int32Array): void {
  const F = x.columns.length;
  for (let f = 0; f < F; f++) {
    const column = x.columns[f];
    const categories = categoryCounts[f];
    for (let i = 0; i < count; i++) {
      const v = column[r0 + i];
      block[i * F + f] = categories > 0 && !isKnownCode(v, categories) ? NaN : v;
    }
  }
}

function isKnownCode(v: number, categories: number): boolean {
  return v >= 0 && v < categories && Math.floor(v) === v;
}

/** The ensemble renumbered for walking: per tree breadth-first, siblings adjacent, leaves looping on themselves. */
interface Compiled {
  readonly hasCategorical: boolean;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** The left child (the right is next + 1); a leaf's own index. */
  readonly next: Int32Array;
  readonly missingLeft: Int32Array;
  readonly leaf: Uint8Array;
  /** Bitset offset for categorical nodes, −1 otherwise. */
  readonly categoryStart: Int32Array;
  readonly categoryBits: Uint32Array;
  /** Index of the node's first value in the ensemble's value array. */
  readonly valueAt: Int32Array;
  readonly values: Float64Array;
  readonly valueWidth: number;
  readonly treeStart: Int32Array;
}

const compiledCache = new WeakMap<TreeEnsemble, Compiled>();

function compile(ensemble: TreeEnsemble): Compiled {
  const cached = compiledCache.get(ensemble);
  if (cached) return cached;
  const { nodes, valueWidth } = ensemble;
  const n = nodes.feature.length;
  const compiled: Compiled = {
    hasCategorical: nodes.flags.some((f) => (f & CATEGORICAL) !== 0),
    feature: new Int32Array(n),
    threshold: new Float64Array(n),
    next: new Int32Array(n),
    missingLeft: new Int32Array(n),
    leaf: new Uint8Array(n),
    categoryStart: new Int32Array(n),
    categoryBits: nodes.categoryBits,
    valueAt: new Int32Array(n),
    values: nodes.value,
    valueWidth,
    treeStart: ensemble.treeStart,
  };
  const order = new Int32Array(n);
  for (let t = 0; t < treeCount(ensemble); t++) {
    const start = ensemble.treeStart[t];
    // Breadth-first: order[k] is the original node that gets index start + k.
    order[start] = start;
    let placed = start + 1;
    for (let k = start; k < placed; k++) {
      const node = order[k];
      const isLeaf = nodes.feature[node] < 0;
      compiled.valueAt[k] = node * valueWidth;
      compiled.leaf[k] = isLeaf ? 1 : 0;
      compiled.categoryStart[k] = isLeaf || (nodes.flags[node] & CATEGORICAL) === 0 ? -1 : nodes.categoryStart[node];
      if (isLeaf) {
        // Feature 0 is read and ignored: x ≤ +∞ (or missing, sent left) always "goes left" to itself.
        compiled.feature[k] = 0;
        compiled.threshold[k] = Infinity;
        compiled.missingLeft[k] = 1;
        compiled.next[k] = k;
        continue;
      }
      compiled.feature[k] = nodes.feature[node];
      compiled.threshold[k] = nodes.threshold[node];
      compiled.missingLeft[k] = (nodes.flags[node] & MISSING_LEFT) !== 0 ? 1 : 0;
      compiled.next[k] = placed;
      order[placed++] = nodes.left[node];
      order[placed++] = nodes.right[node];
    }
  }
  compiledCache.set(ensemble, compiled);
  return compiled;
}

/** Adds tree t's values for `count` block rows to raw (row r's first slot at output + r·width). */
function addLeaf(c: Compiled, node: number, raw: Float64Array, at: number): void {
  const v = c.valueAt[node];
  for (let j = 0; j < c.valueWidth; j++) raw[at + j] += c.values[v + j];
}

function walkNumeric(c: Compiled, t: number, X: Float64Array, count: number, F: number, raw: Float64Array, output: number, width: number): void {
  const { feature, threshold, next, missingLeft, leaf } = c;
  const root = c.treeStart[t];
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const b0 = i * F;
    const b1 = b0 + F;
    const b2 = b1 + F;
    const b3 = b2 + F;
    let n0 = root;
    let n1 = root;
    let n2 = root;
    let n3 = root;
    while ((leaf[n0] & leaf[n1] & leaf[n2] & leaf[n3]) === 0) {
      let v = X[b0 + feature[n0]];
      n0 = next[n0] + 1 - ((+(v <= threshold[n0])) | ((+(v !== v)) & missingLeft[n0]));
      v = X[b1 + feature[n1]];
      n1 = next[n1] + 1 - ((+(v <= threshold[n1])) | ((+(v !== v)) & missingLeft[n1]));
      v = X[b2 + feature[n2]];
      n2 = next[n2] + 1 - ((+(v <= threshold[n2])) | ((+(v !== v)) & missingLeft[n2]));
      v = X[b3 + feature[n3]];
      n3 = next[n3] + 1 - ((+(v <= threshold[n3])) | ((+(v !== v)) & missingLeft[n3]));
    }
    addLeaf(c, n0, raw, output + i * width);
    addLeaf(c, n1, raw, output + (i + 1) * width);
    addLeaf(c, n2, raw, output + (i + 2) * width);
    addLeaf(c, n3, raw, output + (i + 3) * width);
  }
  for (; i < count; i++) {
    const base = i * F;
    let n = root;
    while (leaf[n] === 0) {
      const v = X[base + feature[n]];
      n = next[n] + 1 - ((+(v <= threshold[n])) | ((+(v !== v)) & missingLeft[n]));
    }
    addLeaf(c, n, raw, output + i * width);
  }
}

/** One row at a time, with categorical nodes (their unknown codes are NaN in the block already). */
function walkGeneral(c: Compiled, t: number, X: Float64Array, count: number, F: number, raw: Float64Array, output: number, width: number): void {
  const { feature, threshold, next, missingLeft, leaf, categoryStart, categoryBits } = c;
  const root = c.treeStart[t];
  for (let i = 0; i < count; i++) {
    const base = i * F;
    let n = root;
    while (leaf[n] === 0) {
      const v = X[base + feature[n]];
      let left: number;
      if (v !== v) left = missingLeft[n];
      else if (categoryStart[n] >= 0) left = (categoryBits[categoryStart[n] + (v >>> 5)] >>> (v & 31)) & 1;
      else left = +(v <= threshold[n]);
      n = next[n] + 1 - left;
    }
    addLeaf(c, n, raw, output + i * width);
  }
}

/**
 * The leaf a row of the columns reaches in one tree numbered from 0 (training uses this on the
 * validation and out-of-bag rows; `categoryCounts` as in the ensemble).
 */
export function leafOf(tree: TreeArrays, columns: readonly Float64Array[], row: number, categoryCounts: Int32Array): number {
  let n = 0;
  while (tree.feature[n] >= 0) {
    const f = tree.feature[n];
    const v = columns[f][row];
    const categorical = (tree.flags[n] & CATEGORICAL) !== 0;
    let left: boolean;
    if (v !== v || (categorical && !isKnownCode(v, categoryCounts[f]))) left = (tree.flags[n] & MISSING_LEFT) !== 0;
    else if (categorical) left = ((tree.categoryBits[tree.categoryStart[n] + (v >>> 5)] >>> (v & 31)) & 1) === 1;
    else left = v <= tree.threshold[n];
    n = left ? tree.left[n] : tree.right[n];
  }
  return n;
}
