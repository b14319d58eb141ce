/**
 * Prediction with a tree ensemble on raw feature values (thresholds are in the features' units).
 *
 * Routing at a node: a missing value (NaN) goes where the split learnt; x ≤ threshold goes left
 * otherwise. At a categorical node, code c goes left when its bit is set; NaN, codes beyond the
 * training categories and codes that are not whole numbers go where missing values go (as
 * scikit-learn treats unknown categories).
 *
 * Two walks give the same sums bit for bit (each output's trees added in tree order from 0, then
 * scaled and added to the baseline). Ensembles of small trees with one value per leaf (boosting)
 * take the quantised walk (quantised-predictor.ts: rows turned into small integer codes against the
 * ensemble's thresholds, one packed word per node). The others (forests' class shares, deep trees)
 * take the general walk here: rows are scored in blocks of 256, copied row-major so that a row's
 * features sit together; each tree then walks its rows four at a time, interleaved, with a branch-free
 * step (siblings are renumbered side by side, so the next node is left + 1 − goesLeft, and leaves point
 * at themselves), which lets the CPU overlap four dependent load chains instead of waiting on one.
 * Either compiled form is made once per ensemble and kept while the ensemble lives.
 */
import type { FeatureColumns } from '../data';
import { sigmoid, softmax } from './loss';
import { treeCount, type TreeEnsemble } from './ensemble';
import { addQuantised, compileQuantised, type QuantisedEnsemble } from './quantised-predictor';
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
  const quantised = quantisedOf(ensemble);
  const raw = new Float64Array(x.rows * ensemble.baseline.length);
  if (quantised) addQuantised(quantised, x, raw, ensemble.baseline.length);
  else addGeneral(ensemble, x, raw);
  return finish(ensemble, raw, x.rows);
}

/** The general walk whatever the ensemble (tests hold the two walks against each other). */
export function predictRawGeneral(ensemble: TreeEnsemble, x: FeatureColumns): Float64Array {
  const raw = new Float64Array(x.rows * ensemble.baseline.length);
  addGeneral(ensemble, x, raw);
  return finish(ensemble, raw, x.rows);
}

/** Whether the ensemble takes the quantised walk. */
export function takesQuantisedWalk(ensemble: TreeEnsemble): boolean {
  return quantisedOf(ensemble) !== null;
}

const quantisedCache = new WeakMap<TreeEnsemble, QuantisedEnsemble | null>();

function quantisedOf(ensemble: TreeEnsemble): QuantisedEnsemble | null {
  if (!quantisedCache.has(ensemble)) quantisedCache.set(ensemble, compileQuantised(ensemble));
  return quantisedCache.get(ensemble)!;
}

function finish(ensemble: TreeEnsemble, raw: Float64Array, rows: number): Float64Array {
  const width = ensemble.baseline.length;
  const trees = treeCount(ensemble);
  const scale = ensemble.aggregation === 'mean' && trees > 0 ? 1 / trees : 1;
  for (let r = 0; r < rows; r++) for (let k = 0; k < width; k++) raw[r * width + k] = ensemble.baseline[k] + raw[r * width + k] * scale;
  return raw;
}

function addGeneral(ensemble: TreeEnsemble, x: FeatureColumns, raw: Float64Array): void {
  const compiled = compile(ensemble);
  const width = ensemble.baseline.length;
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

/**
 * The ensemble renumbered for walking: per tree breadth-first, siblings adjacent (the right child is
 * next + 1), leaves pointing at themselves with threshold +∞ and missing values sent left, so that a
 * step from a leaf stays there. Per node two words, read together: (feature << 2) | (missing values
 * go left << 1) | leaf, then next.
 */
interface Compiled {
  readonly hasCategorical: boolean;
  readonly meta: Int32Array;
  readonly threshold: Float64Array;
  /** Bitset offset for categorical nodes, −1 otherwise. */
  readonly categoryStart: Int32Array;
  readonly categoryBits: Uint32Array;
  /** Index of the node's first value in the ensemble's value array. */
  readonly valueAt: Int32Array;
  readonly values: Float64Array;
  readonly valueWidth: number;
  readonly treeStart: Int32Array;
}

const LEAF = 1;
const GO_LEFT_WHEN_MISSING = 2;

const compiledCache = new WeakMap<TreeEnsemble, Compiled>();

function compile(ensemble: TreeEnsemble): Compiled {
  const cached = compiledCache.get(ensemble);
  if (cached) return cached;
  const { nodes, valueWidth } = ensemble;
  const n = nodes.feature.length;
  const compiled: Compiled = {
    hasCategorical: nodes.flags.some((f) => (f & CATEGORICAL) !== 0),
    meta: new Int32Array(2 * n),
    threshold: new Float64Array(n),
    categoryStart: new Int32Array(n),
    categoryBits: nodes.categoryBits,
    valueAt: new Int32Array(n),
    values: nodes.value,
    valueWidth,
    treeStart: ensemble.treeStart,
  };
  const { meta, threshold, categoryStart, valueAt } = compiled;
  const order = new Int32Array(n);
  for (let t = 0; t < treeCount(ensemble); t++) {
    const start = ensemble.treeStart[t];
    // Breadth-first: order[k] is the original node that gets index start + k.
    order[start] = start;
    let placed = start + 1;
    for (let k = start; k < placed; k++) {
      const node = order[k];
      valueAt[k] = node * valueWidth;
      if (nodes.feature[node] < 0) {
        // Feature 0 is read and ignored: x ≤ +∞ (or missing, sent left) always "goes left" to itself.
        meta[2 * k] = GO_LEFT_WHEN_MISSING | LEAF;
        meta[2 * k + 1] = k;
        threshold[k] = Infinity;
        categoryStart[k] = -1;
        continue;
      }
      const flags = nodes.flags[node];
      meta[2 * k] = (nodes.feature[node] << 2) | ((flags & MISSING_LEFT) !== 0 ? GO_LEFT_WHEN_MISSING : 0);
      meta[2 * k + 1] = placed;
      threshold[k] = nodes.threshold[node];
      categoryStart[k] = (flags & CATEGORICAL) !== 0 ? nodes.categoryStart[node] : -1;
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
  const { meta, threshold } = c;
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
    let m0 = meta[2 * root];
    let m1 = m0;
    let m2 = m0;
    let m3 = m0;
    while ((m0 & m1 & m2 & m3 & LEAF) === 0) {
      let v = X[b0 + (m0 >> 2)];
      n0 = meta[2 * n0 + 1] + 1 - ((+(v <= threshold[n0])) | ((+(v !== v)) & (m0 >> 1) & 1));
      v = X[b1 + (m1 >> 2)];
      n1 = meta[2 * n1 + 1] + 1 - ((+(v <= threshold[n1])) | ((+(v !== v)) & (m1 >> 1) & 1));
      v = X[b2 + (m2 >> 2)];
      n2 = meta[2 * n2 + 1] + 1 - ((+(v <= threshold[n2])) | ((+(v !== v)) & (m2 >> 1) & 1));
      v = X[b3 + (m3 >> 2)];
      n3 = meta[2 * n3 + 1] + 1 - ((+(v <= threshold[n3])) | ((+(v !== v)) & (m3 >> 1) & 1));
      m0 = meta[2 * n0];
      m1 = meta[2 * n1];
      m2 = meta[2 * n2];
      m3 = meta[2 * n3];
    }
    addLeaf(c, n0, raw, output + i * width);
    addLeaf(c, n1, raw, output + (i + 1) * width);
    addLeaf(c, n2, raw, output + (i + 2) * width);
    addLeaf(c, n3, raw, output + (i + 3) * width);
  }
  for (; i < count; i++) {
    const base = i * F;
    let n = root;
    let m = meta[2 * n];
    while ((m & LEAF) === 0) {
      const v = X[base + (m >> 2)];
      n = meta[2 * n + 1] + 1 - ((+(v <= threshold[n])) | ((+(v !== v)) & (m >> 1) & 1));
      m = meta[2 * n];
    }
    addLeaf(c, n, raw, output + i * width);
  }
}

/** One row at a time, with categorical nodes (their unknown codes are NaN in the block already). */
function walkGeneral(c: Compiled, t: number, X: Float64Array, count: number, F: number, raw: Float64Array, output: number, width: number): void {
  const { meta, threshold, categoryStart, categoryBits } = c;
  const root = c.treeStart[t];
  for (let i = 0; i < count; i++) {
    const base = i * F;
    let n = root;
    let m = meta[2 * n];
    while ((m & LEAF) === 0) {
      const v = X[base + (m >> 2)];
      let left: number;
      if (v !== v) left = (m >> 1) & 1;
      else if (categoryStart[n] >= 0) left = (categoryBits[categoryStart[n] + (v >>> 5)] >>> (v & 31)) & 1;
      else left = +(v <= threshold[n]);
      n = meta[2 * n + 1] + 1 - left;
      m = meta[2 * n];
    }
    addLeaf(c, n, raw, output + i * width);
  }
}

/**
 * The leaf a row reaches in one tree numbered from 0 (training uses this on the validation and
 * out-of-bag rows, copied row-major once so that a walk reads one stretch of memory: feature f of
 * the row at x[at + f]; `categoryCounts` as in the ensemble).
 */
export function leafOf(tree: TreeArrays, x: Float64Array, at: number, categoryCounts: Int32Array): number {
  let n = 0;
  while (tree.feature[n] >= 0) {
    const f = tree.feature[n];
    const v = x[at + f];
    const categorical = (tree.flags[n] & CATEGORICAL) !== 0;
    let left: number;
    if (v !== v || (categorical && !isKnownCode(v, categoryCounts[f]))) left = tree.flags[n] & MISSING_LEFT;
    else if (categorical) left = (tree.categoryBits[tree.categoryStart[n] + (v >>> 5)] >>> (v & 31)) & 1;
    else left = +(v <= tree.threshold[n]);
    // Arithmetic rather than a branch: which way a row goes is a coin toss to the CPU.
    const l = tree.left[n];
    n = l + (1 - left) * (tree.right[n] - l);
  }
  return n;
}

/**
 * leafOf for many rows (row rows[i] at x[rows[i] · F]), into out[0 … count). A tree without
 * categorical splits is walked four rows at a time, interleaved and branch-free (as walkNumeric),
 * so that the CPU overlaps four dependent load chains: a forest's out-of-bag rows are a third of the
 * training rows, walked through every tree.
 */
export function leavesOf(tree: TreeArrays, x: Float64Array, F: number, rows: Int32Array, count: number, categoryCounts: Int32Array, out: Int32Array): void {
  const walk = numericWalk(tree);
  let i = walk ? fourAtATime(walk, tree.feature, x, F, rows, count, out) : 0;
  for (; i < count; i++) out[i] = leafOf(tree, x, rows[i] * F, categoryCounts);
}

/**
 * The leaves of rows[0 … count) four at a time; returns how many rows it walked (the rest, fewer than
 * four, are left to the caller: a loop of its own, with nothing after it, see partition.ts).
 */
function fourAtATime(walk: NumericWalk, leafMark: Int32Array, x: Float64Array, F: number, rows: Int32Array, count: number, out: Int32Array): number {
  const { feature, threshold, left, right, missingLeft } = walk;
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const a0 = rows[i] * F;
    const a1 = rows[i + 1] * F;
    const a2 = rows[i + 2] * F;
    const a3 = rows[i + 3] * F;
    let n0 = 0;
    let n1 = 0;
    let n2 = 0;
    let n3 = 0;
    // A leaf's feature is −1: the four AND to a negative number once every row has reached one.
    while ((leafMark[n0] & leafMark[n1] & leafMark[n2] & leafMark[n3]) >= 0) {
      let v = x[a0 + feature[n0]];
      let l = left[n0];
      n0 = l + (1 - (+(v <= threshold[n0]) | (+(v !== v) & missingLeft[n0]))) * (right[n0] - l);
      v = x[a1 + feature[n1]];
      l = left[n1];
      n1 = l + (1 - (+(v <= threshold[n1]) | (+(v !== v) & missingLeft[n1]))) * (right[n1] - l);
      v = x[a2 + feature[n2]];
      l = left[n2];
      n2 = l + (1 - (+(v <= threshold[n2]) | (+(v !== v) & missingLeft[n2]))) * (right[n2] - l);
      v = x[a3 + feature[n3]];
      l = left[n3];
      n3 = l + (1 - (+(v <= threshold[n3]) | (+(v !== v) & missingLeft[n3]))) * (right[n3] - l);
    }
    out[i] = n0;
    out[i + 1] = n1;
    out[i + 2] = n2;
    out[i + 3] = n3;
  }
  return i;
}

interface NumericWalk {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Int32Array;
}

/**
 * A tree's numeric splits with its leaves pointing at themselves (threshold +∞, missing values sent
 * left, feature 0 read and ignored), so that a step from a leaf stays there; null when the tree has
 * categorical splits.
 */
function numericWalk(tree: TreeArrays): NumericWalk | null {
  const nodes = tree.feature.length;
  const walk = { feature: new Int32Array(nodes), threshold: new Float64Array(nodes), left: new Int32Array(nodes), right: new Int32Array(nodes), missingLeft: new Int32Array(nodes) };
  for (let n = 0; n < nodes; n++) {
    if ((tree.flags[n] & CATEGORICAL) !== 0) return null;
    const leaf = tree.feature[n] < 0;
    walk.feature[n] = leaf ? 0 : tree.feature[n];
    walk.threshold[n] = leaf ? Infinity : tree.threshold[n];
    walk.left[n] = leaf ? n : tree.left[n];
    walk.right[n] = leaf ? n : tree.right[n];
    walk.missingLeft[n] = leaf ? 1 : tree.flags[n] & MISSING_LEFT;
  }
  return walk;
}

/** Rows of feature columns as one row-major matrix (the given rows, or all). */
export function rowMajor(columns: readonly Float64Array[], rows: number, pick?: ArrayLike<number>): Float64Array {
  const F = columns.length;
  const x = new Float64Array(rows * F);
  for (let f = 0; f < F; f++) {
    const column = columns[f];
    for (let i = 0; i < rows; i++) x[i * F + f] = column[pick ? pick[i] : i];
  }
  return x;
}
