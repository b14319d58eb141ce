/**
 * The one model format of gradient boosting, random forests and decision trees: every tree's nodes
 * concatenated in flat typed arrays (see tree.ts for the per-node fields), child indices global
 * (into the concatenated arrays), plus what turns the trees' outputs into predictions:
 *
 *   raw[k] = baseline[k] + Σ_t  (aggregation 'sum')   or   (1/T) Σ_t  (aggregation 'mean')
 *            of tree t's leaf value(s), added at raw[treeOutput[t] + j] for j < valueWidth
 *   prediction = link(raw): identity (regression, forest class shares), logistic (binary boosting:
 *                one raw score → [1 − p, p]) or softmax (multiclass boosting: one tree per class).
 *
 * Boosting's learning rate is folded into its node values, so the trees add up as they are.
 */
import type { Task } from '../../values';
import type { TreeArrays } from './tree';

export type TreeModelKind = 'hist_gradient_boosting' | 'random_forest' | 'decision_tree';
export type Link = 'identity' | 'logistic' | 'softmax';
export type Aggregation = 'sum' | 'mean';

export interface TreeEnsemble {
  readonly kind: TreeModelKind;
  readonly task: Task;
  /** Input features. */
  readonly features: number;
  /** Prediction width: classes for classification, 1 for regression. */
  readonly outputs: number;
  /** Per feature, its number of categories (0 for a numeric feature): codes at or beyond go where missing values go. */
  readonly categoryCounts: Int32Array;
  readonly link: Link;
  readonly aggregation: Aggregation;
  /** Raw scores before any tree (its length is the raw width). */
  readonly baseline: Float64Array;
  /** Values per node: 1, or the classes for a forest's class shares. */
  readonly valueWidth: number;
  /** Tree t's nodes are [treeStart[t], treeStart[t + 1]); its root comes first. */
  readonly treeStart: Int32Array;
  /** The raw score a tree's first value adds to. */
  readonly treeOutput: Int32Array;
  readonly nodes: TreeArrays;
}

export interface EnsembleHead {
  kind: TreeModelKind;
  task: Task;
  features: number;
  outputs: number;
  categoryCounts: Int32Array;
  link: Link;
  aggregation: Aggregation;
  baseline: Float64Array;
  valueWidth: number;
}

/** Joins trees (each numbered from 0) into one ensemble, shifting child indices and bitset offsets. */
export function assembleEnsemble(head: EnsembleHead, trees: readonly TreeArrays[], treeOutput: readonly number[]): TreeEnsemble {
  const total = trees.reduce((n, t) => n + t.feature.length, 0);
  const bitsTotal = trees.reduce((n, t) => n + t.categoryBits.length, 0);
  const w = head.valueWidth;
  const nodes = {
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    flags: new Uint8Array(total),
    categoryStart: new Int32Array(total),
    categoryBits: new Uint32Array(bitsTotal),
    cover: new Float64Array(total),
    gain: new Float64Array(total),
    value: new Float64Array(total * w),
  };
  const treeStart = new Int32Array(trees.length + 1);
  let at = 0;
  let bitsAt = 0;
  trees.forEach((tree, t) => {
    treeStart[t] = at;
    const n = tree.feature.length;
    nodes.feature.set(tree.feature, at);
    nodes.threshold.set(tree.threshold, at);
    nodes.flags.set(tree.flags, at);
    nodes.cover.set(tree.cover, at);
    nodes.gain.set(tree.gain, at);
    nodes.value.set(tree.value, at * w);
    nodes.categoryBits.set(tree.categoryBits, bitsAt);
    for (let i = 0; i < n; i++) {
      const leaf = tree.feature[i] < 0;
      nodes.left[at + i] = leaf ? -1 : tree.left[i] + at;
      nodes.right[at + i] = leaf ? -1 : tree.right[i] + at;
      nodes.categoryStart[at + i] = tree.categoryStart[i] < 0 ? -1 : tree.categoryStart[i] + bitsAt;
    }
    at += n;
    bitsAt += tree.categoryBits.length;
  });
  treeStart[trees.length] = at;
  return { ...head, treeStart, treeOutput: Int32Array.from(treeOutput), nodes };
}

export function treeCount(ensemble: TreeEnsemble): number {
  return ensemble.treeStart.length - 1;
}

/**
 * Normalised feature importances (they sum to 1, or are all 0 when no tree splits). Boosting: the
 * total loss reduction of each feature's splits (LightGBM's importance_type='gain'). Forests and
 * trees: scikit-learn's mean decrease in impurity: per tree the cover-weighted impurity decrease of
 * each feature's splits, normalised, then averaged over the trees and normalised again.
 */
export function featureImportances(ensemble: TreeEnsemble): Float64Array {
  const total = new Float64Array(ensemble.features);
  const perTree = new Float64Array(ensemble.features);
  const { feature, gain } = ensemble.nodes;
  for (let t = 0; t < treeCount(ensemble); t++) {
    perTree.fill(0);
    for (let i = ensemble.treeStart[t]; i < ensemble.treeStart[t + 1]; i++) if (feature[i] >= 0) perTree[feature[i]] += gain[i];
    if (ensemble.aggregation === 'mean') normalise(perTree);
    for (let f = 0; f < total.length; f++) total[f] += perTree[f];
  }
  return normalise(total);
}

function normalise(values: Float64Array): Float64Array {
  const sum = values.reduce((a, b) => a + b, 0);
  if (sum > 0) for (let i = 0; i < values.length; i++) values[i] /= sum;
  return values;
}
