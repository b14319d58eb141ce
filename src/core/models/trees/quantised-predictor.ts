/**
 * The fast prediction path for ensembles of small trees with one value per leaf (gradient boosting,
 * and forests or trees small enough): rows are first quantised to small integer codes against the
 * ensemble's own thresholds, then every tree is walked on those codes.
 *
 * Quantising: per numeric feature that some node splits on, its nodes' distinct thresholds sorted
 * t₀ < t₁ < … ; a value v gets the code 1 + #{tₖ < v} (counted through a bucket index over the
 * thresholds, ranks.ts), so that v ≤ tₖ exactly when code ≤ k + 1:
 * a node compares two small integers instead of two doubles. A missing value gets 0 in one copy of
 * the code and the largest code in another; a node reads the copy that sends it where its missing
 * values go (0 ≤ anything: left; the largest code > anything: right), so no node tests for NaN.
 * A categorical node becomes a test column of its own: code 1 when the category is in its left set,
 * 2 when it is a known category outside it, missing (NaN, an unknown or fractional code) as above.
 *
 * Walking: each node is one 32-bit word, (delta << 24) | (code slot << 12) | bound, where the row
 * goes left when its code in that slot ≤ bound, and its children are the node `delta` further on and
 * the one after it (trees numbered breadth-first, siblings side by side). The trees of an output form
 * one chain: a leaf's word is a copy of the next tree's root word (its test, and the offset from the
 * leaf to that root's children), so the step that leaves a tree also makes the next tree's first
 * test; a leaf before a one-leaf tree steps to it, the last tree's leaves to the output's end node,
 * which steps to itself. Each step adds the value of the node it leaves (0 for a split: adding 0
 * changes no sum), so a row takes as many steps as the depths of its leaves add up to, with no branch
 * and no loop per tree. Four rows walk the chain together (their steps are independent, so the CPU
 * overlaps their memory reads) until all four stand on the end node, their sums in registers. On
 * the benchmark's trees a leaf is 4 steps deep on average, and 6.3 for the deepest of eight rows:
 * walking tree by tree in lockstep took that many steps, plus one more per tree to leave it.
 *
 * Measured in V8 (Node 20), each typed-array read costs a map, detach and bounds check; the packed word
 * and the codes keep that to three reads per step (the float walk needs threshold, feature, child and
 * value: four). Four lanes beat two, three, five, six, eight and twelve: more spill registers.
 *
 * Ensembles that do not fit the word (wide or deep trees, thousands of thresholds per feature,
 * several values per leaf) are left to the general walk in predictor.ts (`compileQuantised` → null).
 */
import type { FeatureColumns } from '../data';
import { treeCount, type TreeEnsemble } from './ensemble';
import { bucketIndex, countBelow, countBelowOne, type BucketIndex } from './ranks';
import { CATEGORICAL, MISSING_LEFT } from './tree';

/** Largest code: missing values for nodes that send them right, and leaves' bound. */
const TOP = 0xfff;
const MAX_DELTA = 0x7f;
/** Largest step from a leaf to the next root (the word's top byte, read unsigned). */
const MAX_CHAIN = 0xff;
const MAX_SLOTS = 0x1000;
/** Rows quantised and walked together (their codes stay in the first-level cache). */
export const QUANTISED_BLOCK = 128;

/** A code column: a numeric feature against its thresholds, or one categorical node's left set. */
type CodeColumn = { feature: number; thresholds: Float64Array; index: BucketIndex | null } | { feature: number; categories: number; bits: Uint32Array; start: number };

export interface QuantisedEnsemble {
  readonly columns: readonly CodeColumn[];
  /** Packed node words: per raw output, its trees breadth-first in tree order, then its end node. */
  readonly words: Int32Array;
  /** Each packed node's value: a leaf's, 0 for a split and the end node. */
  readonly values: Float64Array;
  /** Per raw output k, its first root and its end node. */
  readonly entry: Int32Array;
  readonly end: Int32Array;
}

/** The ensemble compiled for the quantised walk, or null when it does not fit the packed word. */
export function compileQuantised(e: TreeEnsemble): QuantisedEnsemble | null {
  if (e.valueWidth !== 1) return null;
  const { feature, left, right, flags, value } = e.nodes;
  const n = feature.length;
  const columns: CodeColumn[] = [];
  const columnOfNode = new Int32Array(n).fill(-1);
  const boundOfNode = new Int32Array(n);
  if (!assignColumns(e, columns, columnOfNode, boundOfNode)) return null;
  if (2 * columns.length > MAX_SLOTS) return null;

  const width = e.baseline.length;
  const trees = treeCount(e);
  // One chain per raw output: its trees in tree order, then its end node.
  const words = new Int32Array(n + width);
  const values = new Float64Array(n + width);
  const order = new Int32Array(n + width);
  const entry = new Int32Array(width);
  const end = new Int32Array(width);
  let placed = 0;
  for (let k = 0; k < width; k++) {
    entry[k] = placed;
    let leaves: number[] = [];
    for (let t = 0; t < trees; t++) {
      if (e.treeOutput[t] !== k) continue;
      // Breadth-first: order[p] is the stored node that becomes packed node p.
      const root = placed;
      order[placed++] = e.treeStart[t];
      const own: number[] = [];
      for (let p = root; p < placed; p++) {
        const node = order[p];
        if (feature[node] < 0) {
          values[p] = value[node];
          own.push(p);
          continue;
        }
        const delta = placed - p;
        if (delta > MAX_DELTA) return null;
        const missingRight = (flags[node] & MISSING_LEFT) === 0 ? 1 : 0;
        words[p] = (delta << 24) | ((2 * columnOfNode[node] + missingRight) << 12) | boundOfNode[node];
        order[placed++] = left[node];
        order[placed++] = right[node];
      }
      if (!chainLeaves(words, leaves, root, feature[order[root]] < 0)) return null;
      leaves = own;
    }
    end[k] = placed;
    words[placed] = TOP;
    if (!chainLeaves(words, leaves, placed, true)) return null;
    placed++;
  }
  return { columns, words, values, entry, end };
}

/**
 * Points the previous tree's leaves at the next root: a leaf takes the root's word (its test, its
 * children's offset from the leaf), so the step that adds a leaf's value also makes the next tree's
 * first test; when that root is a leaf itself (or the end node), the leaf only steps to it. False
 * when the step does not fit the word's top byte.
 */
function chainLeaves(words: Int32Array, leaves: readonly number[], root: number, rootIsLeaf: boolean): boolean {
  const word = words[root];
  const target = rootIsLeaf ? root : root + (word >>> 24);
  for (const p of leaves) {
    if (target - p > MAX_CHAIN) return false;
    words[p] = ((target - p) << 24) | (rootIsLeaf ? TOP : word & 0xffffff);
  }
  return true;
}

/**
 * One code column per numeric feature split on (the bound of a node: its threshold's rank + 1) and
 * one per distinct categorical left set (bound 1). False when a feature has too many thresholds.
 */
function assignColumns(e: TreeEnsemble, columns: CodeColumn[], columnOfNode: Int32Array, boundOfNode: Int32Array): boolean {
  const { feature, threshold, flags, categoryStart, categoryBits } = e.nodes;
  /** Per numeric feature, its nodes and their thresholds. */
  const nodesOf = new Map<number, number[]>();
  const setColumn = new Map<string, number>();
  for (let node = 0; node < feature.length; node++) {
    const f = feature[node];
    if (f < 0) continue;
    if ((flags[node] & CATEGORICAL) !== 0) {
      const words = Math.ceil(e.categoryCounts[f] / 32);
      const start = categoryStart[node];
      const key = `${f}:${Array.from(categoryBits.subarray(start, start + words)).join(',')}`;
      let column = setColumn.get(key);
      if (column === undefined) {
        column = columns.length;
        setColumn.set(key, column);
        columns.push({ feature: f, categories: e.categoryCounts[f], bits: categoryBits, start });
      }
      columnOfNode[node] = column;
      boundOfNode[node] = 1;
    } else {
      const list = nodesOf.get(f) ?? [];
      list.push(node);
      nodesOf.set(f, list);
    }
  }
  for (const [f, nodes] of [...nodesOf].sort((a, b) => a[0] - b[0])) {
    const own = Float64Array.from(nodes, (node) => threshold[node]);
    const sorted = Float64Array.from(new Set(own)).sort();
    if (sorted.length + 1 >= TOP) return false;
    const ranks = new Int32Array(nodes.length);
    countBelow(sorted, own, nodes.length, ranks);
    nodes.forEach((node, i) => {
      columnOfNode[node] = columns.length;
      boundOfNode[node] = ranks[i] + 1;
    });
    columns.push({ feature: f, thresholds: sorted, index: bucketIndex(sorted) });
  }
  return true;
}

/**
 * Adds every tree's leaf values to raw (rows × raw width, row-major), output by output, each
 * output's trees in tree order (so the sums are the general walk's, bit for bit).
 */
export function addQuantised(q: QuantisedEnsemble, x: FeatureColumns, raw: Float64Array, width: number): void {
  const slots = 2 * q.columns.length;
  const codes = new Uint16Array(QUANTISED_BLOCK * slots);
  const ranks = new Int32Array(QUANTISED_BLOCK);
  const sums = new Float64Array(QUANTISED_BLOCK);
  for (let r0 = 0; r0 < x.rows; r0 += QUANTISED_BLOCK) {
    const count = Math.min(QUANTISED_BLOCK, x.rows - r0);
    quantiseBlock(q, x, r0, count, codes, slots, ranks);
    for (let k = 0; k < width; k++) {
      sums.fill(0);
      walkBlock(q.words, q.values, q.entry[k], q.end[k], codes, slots, count, sums);
      for (let i = 0; i < count; i++) raw[(r0 + i) * width + k] += sums[i];
    }
  }
}

/**
 * Codes of rows r0 … r0 + count: row i's column c at codes[i·slots + 2c] (missing → 0) and + 1
 * (missing → TOP); `ranks` is scratch of count values.
 */
export function quantiseBlock(q: QuantisedEnsemble, x: FeatureColumns, r0: number, count: number, codes: Uint16Array, slots: number, ranks: Int32Array): void {
  q.columns.forEach((column, c) => {
    const source = x.columns[column.feature];
    if ('thresholds' in column) rankCodes(source, r0, count, column, ranks, codes, slots, 2 * c);
    else setCodes(source, r0, count, column.categories, column.bits, column.start, codes, slots, 2 * c);
  });
}

/** 1 + #{t < v} for each value v (ranks.ts: by the thresholds' bucket index, or by bisection), missing values 0 and TOP. */
function rankCodes(source: Float64Array, r0: number, count: number, column: { thresholds: Float64Array; index: BucketIndex | null }, ranks: Int32Array, codes: Uint16Array, slots: number, at: number): void {
  const index = column.index;
  if (!index) countBelow(column.thresholds, source.subarray(r0, r0 + count), count, ranks);
  for (let i = 0; i < count; i++) {
    const v = source[r0 + i];
    const code = (index ? countBelowOne(index, v) : ranks[i]) + 1;
    const o = i * slots + at;
    codes[o] = v !== v ? 0 : code;
    codes[o + 1] = v !== v ? TOP : code;
  }
}

/** A categorical node's column: 1 in its left set, 2 a known category outside it, missing otherwise. */
function setCodes(source: Float64Array, r0: number, count: number, categories: number, bits: Uint32Array, start: number, codes: Uint16Array, slots: number, at: number): void {
  for (let i = 0; i < count; i++) {
    const v = source[r0 + i];
    const o = i * slots + at;
    if (v >= 0 && v < categories && Math.floor(v) === v) {
      const code = ((bits[start + (v >>> 5)] >>> (v & 31)) & 1) === 1 ? 1 : 2;
      codes[o] = code;
      codes[o + 1] = code;
    } else {
      codes[o] = 0;
      codes[o + 1] = TOP;
    }
  }
}

/*
 * The walk. The word's fields are taken with literal shifts and masks (24, 12, 0xfff): V8 keeps a
 * variable shift count in a fixed register and spills around it, and does not fold module constants
 * in the loop. `| 0` keeps the index sums in int32. A lane's next node is node + delta + (bound <
 * code), the comparison as the sign of bound − code, delta read unsigned (a leaf may step up to 255
 * nodes on). The lanes are done when the sum of their nodes is four times the end node, the largest.
 */
function walkBlock(words: Int32Array, values: Float64Array, entry: number, end: number, codes: Uint16Array, slots: number, count: number, sums: Float64Array): void {
  const done = 4 * end;
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const b0 = i * slots;
    const b1 = b0 + slots;
    const b2 = b1 + slots;
    const b3 = b2 + slots;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let n0 = entry;
    let n1 = entry;
    let n2 = entry;
    let n3 = entry;
    while (((n0 + n1 + n2 + n3) | 0) !== done) {
      s0 += values[n0];
      s1 += values[n1];
      s2 += values[n2];
      s3 += values[n3];
      const w0 = words[n0];
      const w1 = words[n1];
      const w2 = words[n2];
      const w3 = words[n3];
      n0 = (n0 + (w0 >>> 24) + (((w0 & 0xfff) - codes[(b0 + ((w0 >> 12) & 0xfff)) | 0]) >>> 31)) | 0;
      n1 = (n1 + (w1 >>> 24) + (((w1 & 0xfff) - codes[(b1 + ((w1 >> 12) & 0xfff)) | 0]) >>> 31)) | 0;
      n2 = (n2 + (w2 >>> 24) + (((w2 & 0xfff) - codes[(b2 + ((w2 >> 12) & 0xfff)) | 0]) >>> 31)) | 0;
      n3 = (n3 + (w3 >>> 24) + (((w3 & 0xfff) - codes[(b3 + ((w3 >> 12) & 0xfff)) | 0]) >>> 31)) | 0;
    }
    sums[i + 0] = s0;
    sums[i + 1] = s1;
    sums[i + 2] = s2;
    sums[i + 3] = s3;
  }
  for (; i < count; i++) {
    const b = i * slots;
    let s = 0;
    for (let node = entry; node !== end; ) {
      s += values[node];
      const w = words[node];
      node = (node + (w >>> 24) + (((w & 0xfff) - codes[(b + ((w >> 12) & 0xfff)) | 0]) >>> 31)) | 0;
    }
    sums[i] = s;
  }
}
