/**
 * Split finding on hand-made histograms and rows, gains computed by hand: boosting's second-order
 * gain (numeric, missing values, category sets) and CART's impurity decrease (Gini, entropy,
 * squared error), with min_samples_leaf and the threshold between the bins a node holds.
 */
import { describe, expect, it } from 'vitest';
import type { BinMapper } from '../../src/core/models/trees/binning';
import { CartSplitter, type CartProblem, type Criterion } from '../../src/core/models/trees/cart-splitter';
import { histogramLayout } from '../../src/core/models/trees/histogram';
import { findBestSplit, nodeValue, type SplitContext } from '../../src/core/models/trees/splitting';
import { seededRng } from '../../src/core/random';

/** A one-feature boosting context and histogram from per-bin [gradient, hessian, count] (the last entry: missing values). */
function boostingCase(bins: [number, number, number][], options: { categorical?: boolean; minSamplesLeaf?: number; l2?: number } = {}) {
  const nonMissing = bins.length - 1;
  const context: SplitContext = {
    ...histogramLayout(Int32Array.of(nonMissing)),
    nonMissingBins: Int32Array.of(nonMissing),
    hasMissing: Uint8Array.of(bins[nonMissing][2] > 0 ? 1 : 0),
    categorical: Uint8Array.of(options.categorical ? 1 : 0),
    minSamplesLeaf: options.minSamplesLeaf ?? 1,
    l2: options.l2 ?? 0,
    constantHessian: false,
  };
  const histogram = bins.flat();
  const sum = (i: number) => bins.reduce((s, b) => s + b[i], 0);
  const node = { gradient: sum(0), hessian: sum(1), count: sum(2) };
  return { context, histogram, node };
}

/** The second-order gain of a cut, written out. */
const gain = (gL: number, hL: number, gR: number, hR: number, l2: number, parent = 0) => (gL * gL) / (hL + l2) + (gR * gR) / (hR + l2) - parent;

describe('boosting splits', () => {
  it('take the cut with the largest second-order gain', () => {
    const { context, histogram, node } = boostingCase([[-4, 2, 2], [-1, 2, 2], [3, 2, 2], [2, 2, 2], [0, 0, 0]], { l2: 1 });
    const split = findBestSplit(context, histogram, { ...node, value: nodeValue(node.gradient, node.hessian, 1) })!;
    expect(split.bin).toBe(1);
    expect(split.missingLeft).toBe(false);
    expect(split.gain).toBeCloseTo(gain(-5, 4, 5, 4, 1, 0), 12);
    expect([split.gradientLeft, split.hessianLeft, split.countLeft]).toEqual([-5, 4, 4]);
  });

  it('score the root against 0, as scikit-learn does', () => {
    const { context, histogram, node } = boostingCase([[-4, 2, 2], [6, 2, 2], [0, 0, 0]], { l2: 1 });
    const split = findBestSplit(context, histogram, { ...node, value: 0 })!;
    expect(split.gain).toBeCloseTo(gain(-4, 2, 6, 2, 1), 12);
  });

  it('respect min_samples_leaf', () => {
    const { context, histogram, node } = boostingCase([[-10, 1, 1], [1, 3, 3], [1, 3, 3], [0, 0, 0]], { minSamplesLeaf: 3 });
    expect(findBestSplit(context, histogram, { ...node, value: 0 })!.bin).toBe(1);
    const strict = boostingCase([[-10, 1, 1], [1, 3, 3], [1, 3, 3], [0, 0, 0]], { minSamplesLeaf: 4 });
    expect(findBestSplit(strict.context, strict.histogram, { ...strict.node, value: 0 })).toBeNull();
  });

  it('send missing values to the side they resemble', () => {
    // The missing rows' gradients are negative like bin 0's: scanning right to left puts them left.
    const { context, histogram, node } = boostingCase([[-4, 2, 2], [3, 2, 2], [4, 2, 2], [-5, 2, 2]]);
    const split = findBestSplit(context, histogram, { ...node, value: 0 })!;
    expect(split.bin).toBe(0);
    expect(split.missingLeft).toBe(true);
    expect(split.gain).toBeCloseTo(gain(-9, 4, 7, 4, 0), 12);
  });

  it('can split missing values off alone', () => {
    const { context, histogram, node } = boostingCase([[1, 2, 2], [1, 2, 2], [-6, 2, 2]]);
    const split = findBestSplit(context, histogram, { ...node, value: 0 })!;
    // The last left-to-right cut: every value left, the missing ones right.
    expect([split.bin, split.missingLeft]).toEqual([1, false]);
  });

  it('split categories as a set, sorted by G / (H + 10)', () => {
    // Categories 0 and 2 have negative gradients, 1 and 3 positive (each 20 rows: enough support).
    const bins: [number, number, number][] = [[-20, 20, 20], [20, 20, 20], [-18, 20, 20], [22, 20, 20], [0, 0, 0]];
    const { context, histogram, node } = boostingCase(bins, { categorical: true });
    const split = findBestSplit(context, histogram, { ...node, value: 0 })!;
    expect(split.categorical).toBe(true);
    const left = [0, 1, 2, 3].filter((b) => (split.leftBins![0] >>> b) & 1);
    expect(left).toEqual([0, 2]);
    expect(split.gain).toBeCloseTo(gain(-38, 40, 42, 40, 0), 12);
  });

  it('leave out categories with too little support', () => {
    // Category 1 has 5 rows (hessian 5 < 10): it takes no part, leaving a single category — no split.
    const { context, histogram, node } = boostingCase([[-20, 20, 20], [20, 5, 5], [0, 0, 0]], { categorical: true });
    expect(findBestSplit(context, histogram, { ...node, value: 0 })).toBeNull();
  });
});

/** A one-feature CART problem: bins per row (3 = missing), edges 1.5, 2.5 between values 1, 2, 3. */
function cartCase(bins: number[], y: number[], criterion: Criterion, minSamplesLeaf = 1) {
  const mapper: BinMapper = { maxBins: 255, edges: [Float64Array.of(1.5, 2.5)], nonMissingBins: Int32Array.of(3), categoryBins: [null], categoryCounts: Int32Array.of(0) };
  const problem: CartProblem = {
    binned: Uint8Array.from(bins),
    rows: bins.length,
    mapper,
    categorical: Uint8Array.of(0),
    y: criterion === 'squared_error' ? Float64Array.from(y) : Int32Array.from(y),
    classes: criterion === 'squared_error' ? 0 : 2,
    criterion,
    minSamplesLeaf,
  };
  const splitter = new CartSplitter(problem);
  const rows = Uint32Array.from(bins, (_, i) => i);
  const weights = new Float64Array(bins.length).fill(1);
  const stats = splitter.stats(rows, 0, rows.length, weights);
  return { split: splitter.findSplit(rows, 0, rows.length, weights, stats, 1, seededRng(1)), stats };
}

describe('CART splits', () => {
  it('decrease Gini impurity (weighted): 6 · 0.5 for two pure halves', () => {
    const { split, stats } = cartCase([0, 0, 0, 2, 2, 2], [0, 0, 0, 1, 1, 1], 'gini');
    expect(stats.weightedImpurity).toBeCloseTo(3, 12);
    expect(split!.gain).toBeCloseTo(3, 12);
    // The node holds values 1 and 3 only: the threshold sits in the middle of the empty bin between.
    expect(split!.threshold).toBe(2);
  });

  it('decrease entropy in bits', () => {
    const { split } = cartCase([0, 0, 0, 2, 2, 2], [0, 0, 0, 1, 1, 1], 'entropy');
    expect(split!.gain).toBeCloseTo(6, 12);
  });

  it('decrease the squared error', () => {
    // Node: Σ(y − 3)² = 24; children pure.
    const { split } = cartCase([0, 0, 0, 1, 1, 1], [1, 1, 1, 5, 5, 5], 'squared_error');
    expect(split!.gain).toBeCloseTo(24, 9);
    expect(split!.threshold).toBe(1.5);
  });

  it('keep the first of equally good cuts', () => {
    // Cut after bin 0: {0,0} | {0,1,1,1} → 3 − 0 − 1.5 = 1.5; after bin 1: {0,0,0,1} | {1,1} → 1.5.
    const { split } = cartCase([0, 0, 1, 1, 2, 2], [0, 0, 0, 1, 1, 1], 'gini');
    expect(split!.gain).toBeCloseTo(1.5, 12);
    expect(split!.threshold).toBe(1.5);
  });

  it('try missing values on each side and keep the better', () => {
    const { split } = cartCase([0, 0, 2, 2, 3, 3], [0, 0, 1, 1, 0, 0], 'gini');
    expect(split!.missingLeft).toBe(true);
    expect(split!.sawMissing).toBe(true);
    // Node: 4 of class 0, 2 of class 1 → 6 − (16 + 4)/6; with the missing rows left both children are pure.
    expect(split!.gain).toBeCloseTo(6 - 20 / 6, 12);
    expect(split!.threshold).toBe(2);
  });

  it('respect min_samples_leaf and find nothing in a pure-valued node', () => {
    expect(cartCase([0, 0, 0, 2, 2, 2], [0, 0, 0, 1, 1, 1], 'gini', 4).split).toBeNull();
    expect(cartCase([1, 1, 1, 1], [0, 1, 0, 1], 'gini').split).toBeNull();
  });
});

/** The best cut of one numeric feature by brute force: every threshold between distinct values, children impurities summed directly. */
function bruteForceCut(values: number[], y: number[], weights: number[], classes: number, criterion: Criterion, minSamplesLeaf: number) {
  const impurity = (rows: number[]) => {
    const counts = new Array<number>(classes).fill(0);
    let w = 0;
    for (const r of rows) {
      counts[y[r]] += weights[r];
      w += weights[r];
    }
    if (criterion === 'entropy') return w * -counts.reduce((a, c) => a + (c > 0 ? (c / w) * Math.log2(c / w) : 0), 0);
    return w * (1 - counts.reduce((a, c) => a + (c / w) ** 2, 0));
  };
  const all = values.map((_, r) => r);
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  let best = { gain: -Infinity, cut: NaN };
  for (const cut of distinct.slice(0, -1)) {
    const left = all.filter((r) => values[r] <= cut);
    const right = all.filter((r) => values[r] > cut);
    if (left.length < minSamplesLeaf || right.length < minSamplesLeaf) continue;
    const gain = impurity(all) - impurity(left) - impurity(right);
    if (gain > best.gain + 1e-9) best = { gain, cut };
  }
  return best;
}

describe('CART splits of small nodes with many classes (scanned row by row)', () => {
  it('find the cut a brute-force search finds, with bootstrap-like weights, Gini and entropy', () => {
    const rng = seededRng(5);
    for (let trial = 0; trial < 60; trial++) {
      const criterion: Criterion = trial % 2 === 0 ? 'gini' : 'entropy';
      const classes = 12;
      const n = 5 + Math.floor(rng() * 30);
      const bins = Array.from({ length: n }, () => Math.floor(rng() * 9));
      const y = Array.from({ length: n }, (_, i) => (bins[i] * 3 + Math.floor(rng() * 4)) % classes);
      const weights = Array.from({ length: n }, () => 1 + Math.floor(rng() * 3));
      const minSamplesLeaf = 1 + (trial % 3);
      const edges = Float64Array.from({ length: 8 }, (_, b) => b + 0.5);
      const mapper: BinMapper = { maxBins: 255, edges: [edges], nonMissingBins: Int32Array.of(9), categoryBins: [null], categoryCounts: Int32Array.of(0) };
      const problem: CartProblem = { binned: Uint8Array.from(bins), rows: n, mapper, categorical: Uint8Array.of(0), y: Int32Array.from(y), classes, criterion, minSamplesLeaf };
      const splitter = new CartSplitter(problem);
      const rows = Uint32Array.from(bins, (_, i) => i);
      const w = Float64Array.from(weights);
      const stats = splitter.stats(rows, 0, n, w);
      const split = splitter.findSplit(rows, 0, n, w, stats, 1, seededRng(1));
      const expected = bruteForceCut(bins, y, weights, classes, criterion, minSamplesLeaf);
      if (!Number.isFinite(expected.gain)) {
        expect(split).toBeNull();
        continue;
      }
      expect(split!.gain).toBeCloseTo(expected.gain, 9);
      // The threshold lies between the cut's bin and the next value the node holds.
      const next = Math.min(...bins.filter((b) => b > expected.cut));
      expect(split!.threshold).toBe((edges[expected.cut] + edges[next - 1]) / 2);
      expect([...split!.leftOfBin.subarray(0, 9)]).toEqual(Array.from({ length: 9 }, (_, b) => (b <= expected.cut ? 1 : 0)));
    }
  });

  it("sum each child's class weights while partitioning, as a pass over the child's rows would", () => {
    const rng = seededRng(8);
    const n = 40;
    const bins = Array.from({ length: n }, () => Math.floor(rng() * 6));
    const y = Array.from({ length: n }, () => Math.floor(rng() * 5));
    const problem: CartProblem = {
      binned: Uint8Array.from(bins),
      rows: n,
      mapper: { maxBins: 255, edges: [Float64Array.of(0.5, 1.5, 2.5, 3.5, 4.5)], nonMissingBins: Int32Array.of(6), categoryBins: [null], categoryCounts: Int32Array.of(0) },
      categorical: Uint8Array.of(0),
      y: Int32Array.from(y),
      classes: 5,
      criterion: 'gini',
      minSamplesLeaf: 1,
    };
    const splitter = new CartSplitter(problem);
    const rows = Uint32Array.from(bins, (_, i) => i);
    const weights = Float64Array.from({ length: n }, () => rng() * 2);
    const root = splitter.stats(rows, 0, n, weights);
    const split = splitter.findSplit(rows, 0, n, weights, root, 1, seededRng(2))!;
    const { middle, left, right } = splitter.split(rows, 0, n, weights, split, new Uint32Array(n));
    for (const [child, from, to] of [[left, 0, middle], [right, middle, n]] as const) {
      const own = [...rows.subarray(from, to)];
      expect(own.every((r) => split.leftOfBin[bins[r]] === (child === left ? 1 : 0))).toBe(true);
      let weight = 0;
      const sums = new Float64Array(5);
      for (const r of own) {
        weight += weights[r];
        sums[y[r]] += weights[r];
      }
      expect(child.weight).toBe(weight);
      // The class weights the tree's values are made of (a node's shares: these over its weight).
      expect([...splitter.slab.subarray(child.at, child.at + 5)]).toEqual([...sums]);
      expect(child.weightedImpurity).toBeCloseTo(weight - sums.reduce((a, s) => a + s * s, 0) / weight, 12);
    }
  });
});
