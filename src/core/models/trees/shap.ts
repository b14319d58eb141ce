/**
 * Exact per-feature contributions of a tree ensemble: path-dependent TreeSHAP (Lundberg, Erion & Lee,
 * "Consistent individualized feature attribution for tree ensembles", 2018, Algorithm 2), the values
 * LightGBM's `predict(pred_contrib=True)` and shap's TreeExplainer(feature_perturbation=
 * "tree_path_dependent") give.
 *
 * A feature left out of a coalition is integrated out with the training cover of each node it splits
 * (the share of training weight that went each way), so no background rows are needed and the model
 * file carries none. For every row and raw output k:
 *
 *   base[k] + Σ_j values[row, j, k] = raw[row, k]   (the ensemble's raw score: before the link)
 *
 * where base is the cover-weighted mean of the raw score. Raw scores are what `predictRaw` returns:
 * log-odds for binary boosting, the softmax's inputs for multiclass boosting, class shares for
 * forests and trees (identity link), values for regression.
 *
 * The recursion keeps the "unique path" of features met from the root (each with the fraction of
 * paths that go this way when the feature is out of the coalition, `zero`, and whether the row goes
 * this way, `one`) and the weights of every coalition size; at a leaf it unwinds each feature to get
 * its weighted contribution. A feature split again lower down is first unwound, then extended anew.
 * Path storage is one set of typed arrays per call, segment by segment as in the paper's layout.
 */
import type { Contributions, ModelArtifacts, ModelOutline } from '../contract';
import type { FeatureColumns } from '../data';
import { treeCount, type TreeEnsemble } from './ensemble';
import { decodeEnsemble } from './format';
import { CATEGORICAL, MISSING_LEFT } from './tree';

/** Path-dependent TreeSHAP values: `values` is rows × features × raw width, row-major; `base` has the raw width. */
export interface TreeShapValues {
  base: Float64Array;
  values: Float64Array;
}

/** Where a row's value sends it at an inner node, exactly as the predictor routes it. */
function goesLeft(e: TreeEnsemble, node: number, v: number): boolean {
  const { nodes } = e;
  const flags = nodes.flags[node];
  if ((flags & CATEGORICAL) !== 0) {
    const count = e.categoryCounts[nodes.feature[node]];
    // Unknown codes, like NaN, follow the missing-value side (predictor.ts).
    if (!(v >= 0 && v < count && Math.floor(v) === v)) return (flags & MISSING_LEFT) !== 0;
    return ((nodes.categoryBits[nodes.categoryStart[node] + (v >>> 5)] >>> (v & 31)) & 1) === 1;
  }
  if (v !== v) return (flags & MISSING_LEFT) !== 0;
  return v <= nodes.threshold[node];
}

/** The share of training cover that goes to `child` of `node` (even when a degenerate node has none). */
function coverShare(e: TreeEnsemble, node: number, child: number): number {
  const { cover, left, right } = e.nodes;
  const total = cover[left[node]] + cover[right[node]];
  return total > 0 ? cover[child] / total : 0.5;
}

function depthBelow(e: TreeEnsemble, node: number): number {
  const { feature, left, right } = e.nodes;
  return feature[node] < 0 ? 0 : 1 + Math.max(depthBelow(e, left[node]), depthBelow(e, right[node]));
}

/** The cover-weighted mean of a subtree's leaf values, per value slot, added into `out`. */
function addExpected(e: TreeEnsemble, node: number, weight: number, out: Float64Array, at: number): void {
  const { feature, left, right, value } = e.nodes;
  if (feature[node] < 0) {
    const w = e.valueWidth;
    for (let j = 0; j < w; j++) out[at + j] += weight * value[node * w + j];
    return;
  }
  addExpected(e, left[node], weight * coverShare(e, node, left[node]), out, at);
  addExpected(e, right[node], weight * coverShare(e, node, right[node]), out, at);
}

/** The raw score before any feature is known: the baseline plus each tree's cover-weighted mean. */
export function expectedRaw(e: TreeEnsemble): Float64Array {
  const trees = treeCount(e);
  const sums = new Float64Array(e.baseline.length);
  for (let t = 0; t < trees; t++) addExpected(e, e.treeStart[t], 1, sums, e.treeOutput[t]);
  const scale = e.aggregation === 'mean' ? 1 / trees : 1;
  return Float64Array.from(e.baseline, (b, k) => b + sums[k] * scale);
}

class PathWalker {
  readonly #e: TreeEnsemble;
  readonly #feature: Int32Array;
  readonly #zero: Float64Array;
  readonly #one: Float64Array;
  readonly #weight: Float64Array;
  /** Per call: the row's features (one value per feature), where to add (phi offset of feature 0 for this tree's output) and the tree's scale. */
  #row: Float64Array = new Float64Array(0);
  #phi: Float64Array = new Float64Array(0);
  #phiAt = 0;
  #rawWidth = 1;
  #scale = 1;

  constructor(e: TreeEnsemble, maxDepth: number) {
    this.#e = e;
    // Segment d starts where segment d − 1 did plus d − 1 elements; depth reaches maxDepth + 1.
    const size = ((maxDepth + 2) * (maxDepth + 3)) / 2;
    this.#feature = new Int32Array(size);
    this.#zero = new Float64Array(size);
    this.#one = new Float64Array(size);
    this.#weight = new Float64Array(size);
  }

  /** Adds tree t's contributions for `row` to phi (features × raw width, row-major, from phiAt). */
  explain(t: number, row: Float64Array, phi: Float64Array, phiAt: number, rawWidth: number, scale: number): void {
    this.#row = row;
    this.#phi = phi;
    this.#phiAt = phiAt + this.#e.treeOutput[t];
    this.#rawWidth = rawWidth;
    this.#scale = scale;
    this.#recurse(this.#e.treeStart[t], 0, 0, 1, 1, -1);
  }

  /** Adds a feature to the path at `depth` of the segment at `at`, updating the coalition-size weights. */
  #extend(at: number, depth: number, zero: number, one: number, feature: number): void {
    const f = this.#feature;
    const z = this.#zero;
    const o = this.#one;
    const w = this.#weight;
    f[at + depth] = feature;
    z[at + depth] = zero;
    o[at + depth] = one;
    w[at + depth] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      w[at + i + 1] += (one * w[at + i] * (i + 1)) / (depth + 1);
      w[at + i] = (zero * w[at + i] * (depth - i)) / (depth + 1);
    }
  }

  /** Removes path element `index` (the inverse of extend), shifting the later ones down. */
  #unwind(at: number, depth: number, index: number): void {
    const w = this.#weight;
    const one = this.#one[at + index];
    const zero = this.#zero[at + index];
    let next = w[at + depth];
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const kept = w[at + i];
        w[at + i] = (next * (depth + 1)) / ((i + 1) * one);
        next = kept - (w[at + i] * zero * (depth - i)) / (depth + 1);
      } else {
        w[at + i] = (w[at + i] * (depth + 1)) / (zero * (depth - i));
      }
    }
    for (let i = index; i < depth; i++) {
      this.#feature[at + i] = this.#feature[at + i + 1];
      this.#zero[at + i] = this.#zero[at + i + 1];
      this.#one[at + i] = this.#one[at + i + 1];
    }
  }

  /** The total weight the path would have with element `index` unwound (without changing the path). */
  #unwoundSum(at: number, depth: number, index: number): number {
    const w = this.#weight;
    const one = this.#one[at + index];
    const zero = this.#zero[at + index];
    let next = w[at + depth];
    let total = 0;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const part = (next * (depth + 1)) / ((i + 1) * one);
        total += part;
        next = w[at + i] - (part * zero * (depth - i)) / (depth + 1);
      } else {
        total += (w[at + i] / zero) / ((depth - i) / (depth + 1));
      }
    }
    return total;
  }

  #recurse(node: number, depth: number, parentAt: number, zero: number, one: number, feature: number): void {
    const e = this.#e;
    // This node's path segment: a copy of the parent's, extended by the split that led here.
    const at = parentAt + depth;
    if (depth > 0) {
      this.#feature.copyWithin(at, parentAt, parentAt + depth);
      this.#zero.copyWithin(at, parentAt, parentAt + depth);
      this.#one.copyWithin(at, parentAt, parentAt + depth);
      this.#weight.copyWithin(at, parentAt, parentAt + depth);
    }
    this.#extend(at, depth, zero, one, feature);
    const split = e.nodes.feature[node];
    if (split < 0) {
      const vw = e.valueWidth;
      for (let i = 1; i <= depth; i++) {
        const weight = this.#unwoundSum(at, depth, i) * (this.#one[at + i] - this.#zero[at + i]) * this.#scale;
        const out = this.#phiAt + this.#feature[at + i] * this.#rawWidth;
        for (let j = 0; j < vw; j++) this.#phi[out + j] += weight * e.nodes.value[node * vw + j];
      }
      return;
    }
    const left = e.nodes.left[node];
    const right = e.nodes.right[node];
    const hot = goesLeft(e, node, this.#row[split]) ? left : right;
    const cold = hot === left ? right : left;
    let incomingZero = 1;
    let incomingOne = 1;
    let d = depth;
    // A feature already on the path is unwound and extended again with both splits' fractions combined.
    let index = 0;
    while (index <= d && this.#feature[at + index] !== split) index++;
    if (index <= d) {
      incomingZero = this.#zero[at + index];
      incomingOne = this.#one[at + index];
      this.#unwind(at, d, index);
      d -= 1;
    }
    this.#recurse(hot, d + 1, at, coverShare(e, node, hot) * incomingZero, incomingOne, split);
    this.#recurse(cold, d + 1, at, coverShare(e, node, cold) * incomingZero, 0, split);
  }
}

/**
 * TreeSHAP values of `x`'s rows (features as the model reads them: numbers, category codes, NaN),
 * on the raw scale (see the file's comment). Callers cut long work into chunks of rows.
 */
export function treeShap(e: TreeEnsemble, x: FeatureColumns): TreeShapValues {
  if (x.columns.length !== e.features) throw new Error(`The model takes ${e.features} features; ${x.columns.length} were given.`);
  const trees = treeCount(e);
  const rawWidth = e.baseline.length;
  const F = e.features;
  let maxDepth = 0;
  for (let t = 0; t < trees; t++) maxDepth = Math.max(maxDepth, depthBelow(e, e.treeStart[t]));
  const walker = new PathWalker(e, maxDepth);
  const scale = e.aggregation === 'mean' ? 1 / trees : 1;
  const values = new Float64Array(x.rows * F * rawWidth);
  const row = new Float64Array(F);
  for (let r = 0; r < x.rows; r++) {
    for (let f = 0; f < F; f++) row[f] = x.columns[f][r];
    for (let t = 0; t < trees; t++) walker.explain(t, row, values, r * F * rawWidth, rawWidth, scale);
  }
  return { base: expectedRaw(e), values };
}

/** Decoded once per stored model: explaining row after row must not decode (and checksum) the trees each time. */
const decoded = new WeakMap<ModelArtifacts, TreeEnsemble>();

function ensembleOf(artifacts: ModelArtifacts, model: ModelOutline): TreeEnsemble {
  let e = decoded.get(artifacts);
  if (!e) {
    const header = artifacts.json['trees.json'];
    if (!header) throw new Error('model/trees.json is missing');
    e = decodeEnsemble(header as Record<string, unknown>, { ...artifacts.blobs }, { features: model.features.length, outputs: model.classes?.length ?? 1, task: model.task });
    decoded.set(artifacts, e);
  }
  return e;
}

/** The tree kinds' exact contributions (the model contract's `contributions`): TreeSHAP on the raw score. */
export async function treeContributions(artifacts: ModelArtifacts, model: ModelOutline, x: FeatureColumns): Promise<Contributions> {
  const e = ensembleOf(artifacts, model);
  const { base, values } = treeShap(e, x);
  return { link: e.link, width: e.baseline.length, base, values, method: 'TreeSHAP (path-dependent)', baseFrom: 'the training rows, through each tree node’s cover' };
}
