/**
 * Grows one CART tree (scikit-learn's DepthFirstTreeBuilder and BestFirstTreeBuilder) on binned
 * features with per-row weights (bootstrap counts × class weights; rows of weight 0 are left out).
 *
 * A node stays a leaf when it is at max_depth, has fewer than min_samples_split rows or fewer than
 * 2 × min_samples_leaf, is pure, or no feature offers a valid split. Otherwise it is split on the
 * best cut found even when that cut gains nothing (as scikit-learn). With max_leaf_nodes the tree
 * grows best-first, splitting the node whose split decreases impurity most, until it has that many
 * leaves; without, depth-first.
 *
 * Node values: class shares (classification) or the weighted mean target; cover: the rows' weight.
 */
import type { Rng } from '../../random';
import { CartSplitter, type CartProblem, type CartSplit, type NodeStats } from './cart-splitter';
import { categorySet, TreeBuilder, type TreeArrays } from './tree';

export interface CartSettings {
  readonly maxFeatures: number;
  /** 0 = unlimited. */
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  /** 0 = unlimited, grown depth-first; otherwise best-first. */
  readonly maxLeafNodes: number;
}

interface CartNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  stats: NodeStats;
}

/**
 * What one thread reuses from tree to tree: the builder's node arrays and the splitter's slab of node
 * sums, grown to the size of a tree once rather than from scratch for every tree (allocating and
 * copying them took a tenth of a forest's fit).
 */
export class CartWorkspace {
  #builder: TreeBuilder | undefined;
  sums: Float64Array | undefined;

  builder(valueWidth: number): TreeBuilder {
    if (this.#builder?.valueWidth !== valueWidth) this.#builder = new TreeBuilder(valueWidth);
    this.#builder.reset();
    return this.#builder;
  }
}

/** scikit-learn's EPSILON: an impurity this small is a pure node. */
const PURE = 2.220446049250313e-16;

export function growCart(problem: CartProblem, settings: CartSettings, weights: Float64Array, rng: Rng, workspace = new CartWorkspace()): TreeArrays {
  const splitter = new CartSplitter(problem, workspace.sums);
  const valueWidth = problem.classes > 0 ? problem.classes : 1;
  const builder = workspace.builder(valueWidth);
  const rows = new Uint32Array(problem.rows);
  let n = 0;
  for (let r = 0; r < problem.rows; r++) if (weights[r] > 0) rows[n++] = r;
  const scratch = new Uint32Array(n);

  const mean = new Float64Array(1);
  // A node's value: its class shares, straight from the splitter's sums (class weights over the node's weight), or its mean target.
  const makeNode = (start: number, end: number, depth: number, stats: NodeStats): CartNode => {
    mean[0] = stats.mean;
    const id = problem.classes > 0 ? builder.addNode(stats.weight, splitter.slab, stats.at, stats.weight) : builder.addNode(stats.weight, mean);
    return { id, start, end, depth, stats };
  };
  /** The node's best split, unless a stopping rule makes it a leaf (the splitter's object: valid until its next search). */
  const evaluate = (node: CartNode): CartSplit | null => {
    const count = node.end - node.start;
    const stop =
      (settings.maxDepth > 0 && node.depth >= settings.maxDepth) ||
      count < settings.minSamplesSplit ||
      count < 2 * problem.minSamplesLeaf ||
      node.stats.weightedImpurity / node.stats.weight <= PURE;
    return stop ? null : splitter.findSplit(rows, node.start, node.end, weights, node.stats, settings.maxFeatures, rng);
  };
  const apply = (node: CartNode, split: CartSplit): [CartNode, CartNode] => {
    const f = split.feature;
    const children = splitter.split(rows, node.start, node.end, weights, split, scratch);
    const left = makeNode(node.start, children.middle, node.depth + 1, children.left);
    const right = makeNode(children.middle, node.end, node.depth + 1, children.right);
    // Without missing values for this feature in the node, prediction sends them to the heavier child.
    const missingLeft = split.sawMissing ? split.missingLeft : left.stats.weight > right.stats.weight;
    builder.setSplit(node.id, {
      feature: f,
      threshold: split.threshold,
      missingLeft,
      categories: split.categorical ? categorySet(problem.mapper, f, split.leftOfBin, missingLeft) : null,
      gain: Math.max(0, split.gain),
      left: left.id,
      right: right.id,
    });
    return [left, right];
  };

  const root = makeNode(0, n, 0, splitter.stats(rows, 0, n, weights));
  if (settings.maxLeafNodes > 0) {
    // Best-first: the frontier holds nodes that can split, with a copy of their split; each split adds one leaf.
    const frontier: { node: CartNode; split: CartSplit }[] = [];
    const offer = (node: CartNode) => {
      const split = evaluate(node);
      if (split) frontier.push({ node, split: { ...split, leftOfBin: split.leftOfBin.slice() } });
    };
    offer(root);
    for (let leaves = 1; frontier.length > 0 && leaves < settings.maxLeafNodes; leaves++) {
      let at = 0;
      for (let i = 1; i < frontier.length; i++) if (frontier[i].split.gain > frontier[at].split.gain) at = i;
      const [{ node, split }] = frontier.splice(at, 1);
      for (const child of apply(node, split)) offer(child);
    }
  } else {
    const stack: CartNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const split = evaluate(node);
      if (!split) continue;
      const [left, right] = apply(node, split);
      stack.push(right, left);
    }
  }
  workspace.sums = splitter.slab;
  return builder.finish();
}
