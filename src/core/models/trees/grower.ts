/**
 * Grows one boosting tree on gradients and hessians (scikit-learn's grower.py, LightGBM's leaf-wise
 * growth): the leaf whose best split reduces the loss most is split next, until `maxLeafNodes`
 * leaves, `maxDepth` or no split gains. Children smaller than 2 × min_samples_leaf stay leaves. Of
 * two children only the smaller's histogram is built from rows; the other is the parent's minus it.
 *
 * Leaf values are the Newton step −G/(H + λ) times the learning rate (folded in, so the stored trees
 * just add up); inner nodes keep theirs too, scaled alike.
 */
import type { BinMapper } from './binning';
import { COUNT, FIELDS, H, HistogramPool, subtractHistogram, type Histogram, type HistogramBuilder, type HistogramSource } from './histogram';
import { categoricalLeftOfBin, numericLeftOfBin, type RowPartitioner } from './partition';
import { findBestSplit, nodeValue, type SplitContext, type SplitInfo } from './splitting';
import { categorySet, TreeBuilder, type TreeArrays } from './tree';

/** Reusable buffers and fixed settings for every tree of one fit. */
export interface GrowerContext extends SplitContext, HistogramSource {
  readonly mapper: BinMapper;
  /** Sample weights (class weights), for the nodes' cover; absent = every row weighs 1. */
  readonly weights: Float64Array | undefined;
  readonly maxLeafNodes: number;
  /** 0 = unlimited. */
  readonly maxDepth: number;
  readonly learningRate: number;
  readonly histograms: HistogramPool;
  /** The rows of every node, each node's a stretch (in shared memory when workers read it). */
  readonly partition: Uint32Array;
  /** Splits a node's stretch of `partition`. */
  readonly partitioner: RowPartitioner;
  readonly builder: HistogramBuilder;
}

export function growerContext(settings: Omit<GrowerContext, 'histograms'>): GrowerContext {
  return { ...settings, histograms: new HistogramPool(settings) };
}

interface GrowingNode {
  id: number;
  start: number;
  end: number;
  gradient: number;
  hessian: number;
  count: number;
  /** The Newton step without the learning rate. */
  value: number;
  depth: number;
  histogram: Histogram | null;
  split: SplitInfo | null;
}

export interface GrownTree {
  tree: TreeArrays;
  /** Each leaf's rows (a stretch of `context.partition`) and output, for updating the raw scores. */
  leaves: { start: number; end: number; value: number }[];
  /**
   * Per node, 256 entries: 1 where a row in that bin of the node's feature goes left (leaves' are
   * 0), missing-value bin included, as the tree's thresholds send the values: for walking rows
   * binned with the training bins.
   */
  routes: Uint8Array;
}

export function growTree(context: GrowerContext, g: Float32Array, h: Float32Array): Promise<GrownTree> {
  return new Grower(context, g, h).grow();
}

class Grower {
  readonly #builder = new TreeBuilder(1);
  readonly #splittable: GrowingNode[] = [];
  readonly #leaves: GrowingNode[] = [];
  readonly #leftOfBin = new Uint8Array(256);
  /** Per inner node (by id), its copy of the routes (see GrownTree). */
  readonly #routes: Uint8Array[] = [];

  constructor(
    private readonly context: GrowerContext,
    private readonly g: Float32Array,
    private readonly h: Float32Array,
  ) {}

  async grow(): Promise<GrownTree> {
    const { context } = this;
    const n = context.rows;
    for (let i = 0; i < n; i++) context.partition[i] = i;
    const histogram = await this.#histogramOf(0, n);
    // Node sums from one feature's histogram: O(bins) instead of O(rows), as scikit-learn does.
    let gradient = 0;
    let hessian = 0;
    for (let b = 0; b < context.binStart[1]; b++) {
      gradient += histogram[b * FIELDS];
      hessian += context.constantHessian ? histogram[b * FIELDS + COUNT] : histogram[b * FIELDS + H];
    }
    const root = this.#node(0, n, gradient, hessian, 0);
    // scikit-learn scores the root's splits against a value of 0 (see splitting.ts).
    root.histogram = histogram;
    if (n >= 2 * context.minSamplesLeaf) this.#findSplit(root, 0);
    else this.#finalize(root);

    while (this.#splittable.length > 0) await this.#splitNext();

    const leaves = this.#leaves.map((leaf) => ({ start: leaf.start, end: leaf.end, value: leaf.value * context.learningRate }));
    const tree = this.#builder.finish();
    const routes = new Uint8Array(tree.feature.length * 256);
    this.#routes.forEach((route, id) => routes.set(route, id * 256));
    return { tree, leaves, routes };
  }

  #node(start: number, end: number, gradient: number, hessian: number, depth: number): GrowingNode {
    const value = nodeValue(gradient, hessian, this.context.l2);
    const id = this.#builder.addNode(this.#cover(start, end), [value * this.context.learningRate]);
    return { id, start, end, gradient, hessian, count: end - start, value, depth, histogram: null, split: null };
  }

  #cover(start: number, end: number): number {
    const { weights, partition } = this.context;
    if (!weights) return end - start;
    let sum = 0;
    for (let i = start; i < end; i++) sum += weights[partition[i]];
    return sum;
  }

  async #histogramOf(start: number, end: number): Promise<Histogram> {
    const histogram = this.context.histograms.take();
    await this.context.builder.build(histogram, start, end, this.g, this.h);
    return histogram;
  }

  #findSplit(node: GrowingNode, referenceValue = node.value): void {
    if (node.hessian < 1e-3) return this.#finalize(node);
    const split = findBestSplit(this.context, node.histogram!, { gradient: node.gradient, hessian: node.hessian, count: node.count, value: referenceValue });
    if (!split) return this.#finalize(node);
    node.split = split;
    this.#splittable.push(node);
  }

  #finalize(node: GrowingNode): void {
    if (node.histogram) this.context.histograms.give(node.histogram);
    node.histogram = null;
    this.#leaves.push(node);
  }

  async #splitNext(): Promise<void> {
    const { context } = this;
    // The largest gain first; on ties the node found first.
    let at = 0;
    for (let i = 1; i < this.#splittable.length; i++) if (this.#splittable[i].split!.gain > this.#splittable[at].split!.gain) at = i;
    const node = this.#splittable.splice(at, 1)[0];
    const split = node.split!;
    const f = split.feature;
    const missingBin = context.nonMissingBins[f];
    const leftOfBin = split.categorical ? categoricalLeftOfBin(split.leftBins!, this.#leftOfBin) : numericLeftOfBin(split.bin, missingBin, split.missingLeft, this.#leftOfBin);
    const middle = await context.partitioner.partition(node.start, node.end, f * context.rows, leftOfBin);

    const depth = node.depth + 1;
    const left = this.#node(node.start, middle, split.gradientLeft, split.hessianLeft, depth);
    const right = this.#node(middle, node.end, node.gradient - split.gradientLeft, node.hessian - split.hessianLeft, depth);
    // Without missing values in training, prediction sends them to the child with more rows.
    const missingLeft = context.hasMissing[f] ? split.missingLeft : left.count > right.count;
    const route = leftOfBin.slice();
    route[missingBin] = missingLeft ? 1 : 0;
    this.#routes[node.id] = route;
    const gain = split.gain + (node.id === 0 ? node.gradient * node.value : 0);
    this.#builder.setSplit(node.id, {
      feature: f,
      threshold: split.bin === context.nonMissingBins[f] - 1 ? Infinity : context.mapper.edges[f][split.bin] ?? Infinity,
      missingLeft,
      categories: split.categorical ? categorySet(context.mapper, f, leftOfBin, missingLeft) : null,
      gain,
      left: left.id,
      right: right.id,
    });

    const leafCount = this.#leaves.length + this.#splittable.length + 2;
    if (context.maxLeafNodes > 0 && leafCount >= context.maxLeafNodes) {
      this.#release(node);
      for (const child of [left, right, ...this.#splittable.splice(0)]) this.#finalize(child);
      return;
    }
    const canSplit = (child: GrowingNode) => !(context.maxDepth > 0 && depth >= context.maxDepth) && child.count >= 2 * context.minSamplesLeaf;
    const splitLeft = canSplit(left);
    const splitRight = canSplit(right);
    if (splitLeft || splitRight) {
      const [small, large] = left.count < right.count ? [left, right] : [right, left];
      small.histogram = await this.#histogramOf(small.start, small.end);
      subtractHistogram(node.histogram!, small.histogram);
      large.histogram = node.histogram;
      node.histogram = null;
    } else this.#release(node);
    if (splitLeft) this.#findSplit(left);
    else this.#finalize(left);
    if (splitRight) this.#findSplit(right);
    else this.#finalize(right);
  }

  #release(node: GrowingNode): void {
    if (node.histogram) this.context.histograms.give(node.histogram);
    node.histogram = null;
  }
}
