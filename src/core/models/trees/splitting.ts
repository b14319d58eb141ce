/**
 * The best split of a boosting node from its histogram (scikit-learn's splitting.pyx): for every
 * feature, scan the bins and score each cut by the second-order loss reduction
 *
 *   gain = G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ)   (written through node values as scikit-learn does)
 *
 * Numeric features: one scan left to right with the missing values on the right, and, when the
 * feature had missing values in training, one right to left with them on the left: each split
 * learns its missing-value side. The last left-to-right cut puts every non-missing value left and
 * only the missing ones right ("split on missing").
 *
 * Categorical features (Fisher 1958, as LightGBM and scikit-learn): the categories with enough
 * support are sorted by G/(H + 10) and the cut points of that order are scanned from both ends,
 * which finds a good partition of the category set in O(k log k) instead of O(2^k). The missing
 * bin takes part like a category.
 */
import { COUNT, FIELDS, H, type Histogram, type HistogramLayout } from './histogram';

/** scikit-learn's min_hessian_to_split: a child needs at least this much hessian. */
const MIN_HESSIAN = 1e-3;
/** Categories with less hessian (about rows) than this in the node take no part in its split. */
const MIN_CATEGORY_SUPPORT = 10;

export interface SplitContext extends HistogramLayout {
  readonly nonMissingBins: Int32Array;
  readonly hasMissing: Uint8Array;
  readonly categorical: Uint8Array;
  readonly minSamplesLeaf: number;
  readonly l2: number;
  /** Hessians all 1: counts stand in for hessian sums. */
  readonly constantHessian: boolean;
}

export interface SplitInfo {
  gain: number;
  feature: number;
  /** Numeric splits: bins ≤ bin go left. */
  bin: number;
  missingLeft: boolean;
  categorical: boolean;
  /** Categorical splits: the bins that go left, a bitset of 256 bits. */
  leftBins: Uint32Array | null;
  gradientLeft: number;
  hessianLeft: number;
  countLeft: number;
}

/** A node's value: the Newton step −G/(H + λ) (without the learning rate). */
export function nodeValue(gradient: number, hessian: number, l2: number): number {
  return -gradient / (hessian + l2 + 1e-15);
}

interface NodeSums {
  readonly gradient: number;
  readonly hessian: number;
  readonly count: number;
  /** The node's value used as the reference loss: scikit-learn's root uses 0. */
  readonly value: number;
}

/** The best valid split with a positive gain, or null when the node must stay a leaf. */
export function findBestSplit(context: SplitContext, histogram: Histogram, node: NodeSums): SplitInfo | null {
  const best: SplitInfo = { gain: 0, feature: -1, bin: 0, missingLeft: false, categorical: false, leftBins: null, gradientLeft: 0, hessianLeft: 0, countLeft: 0 };
  const parentLoss = node.gradient * node.value;
  for (let f = 0; f < context.features; f++) {
    const o = context.binStart[f] * FIELDS;
    if (context.categorical[f]) categoricalSplit(context, histogram, o, f, node, parentLoss, best);
    else {
      scanLeftToRight(context, histogram, o, f, node, parentLoss, best);
      if (context.hasMissing[f]) scanRightToLeft(context, histogram, o, f, node, parentLoss, best);
    }
  }
  return best.feature >= 0 ? best : null;
}

/** The loss reduction of a cut, or −1 when a child breaks min_samples_leaf or the hessian floor. */
function cutGain(context: SplitContext, node: NodeSums, parentLoss: number, gL: number, hL: number, nL: number): number {
  const nR = node.count - nL;
  const hR = node.hessian - hL;
  if (nL < context.minSamplesLeaf || nR < context.minSamplesLeaf || hL < MIN_HESSIAN || hR < MIN_HESSIAN) return -1;
  const gR = node.gradient - gL;
  return parentLoss - gL * nodeValue(gL, hL, context.l2) - gR * nodeValue(gR, hR, context.l2);
}

function offer(best: SplitInfo, gain: number, feature: number, bin: number, missingLeft: boolean, gL: number, hL: number, nL: number): boolean {
  if (!(gain > best.gain)) return false;
  best.gain = gain;
  best.feature = feature;
  best.bin = bin;
  best.missingLeft = missingLeft;
  best.categorical = false;
  best.leftBins = null;
  best.gradientLeft = gL;
  best.hessianLeft = hL;
  best.countLeft = nL;
  return true;
}

function scanLeftToRight(context: SplitContext, hist: Histogram, o: number, f: number, node: NodeSums, parentLoss: number, best: SplitInfo): void {
  // With missing values the last cut (every value left, missing right) is a candidate too.
  const end = context.nonMissingBins[f] - 1 + context.hasMissing[f];
  let gL = 0;
  let hL = 0;
  let nL = 0;
  for (let b = 0; b < end; b++) {
    const k = o + b * FIELDS;
    gL += hist[k];
    nL += hist[k + COUNT];
    hL += context.constantHessian ? hist[k + COUNT] : hist[k + H];
    if (nL < context.minSamplesLeaf) continue;
    if (node.count - nL < context.minSamplesLeaf) break;
    offer(best, cutGain(context, node, parentLoss, gL, hL, nL), f, b, false, gL, hL, nL);
  }
}

function scanRightToLeft(context: SplitContext, hist: Histogram, o: number, f: number, node: NodeSums, parentLoss: number, best: SplitInfo): void {
  let gR = 0;
  let hR = 0;
  let nR = 0;
  for (let b = context.nonMissingBins[f] - 2; b >= 0; b--) {
    const k = o + (b + 1) * FIELDS;
    gR += hist[k];
    nR += hist[k + COUNT];
    hR += context.constantHessian ? hist[k + COUNT] : hist[k + H];
    if (nR < context.minSamplesLeaf) continue;
    if (node.count - nR < context.minSamplesLeaf) break;
    const gL = node.gradient - gR;
    const hL = node.hessian - hR;
    const nL = node.count - nR;
    offer(best, cutGain(context, node, parentLoss, gL, hL, nL), f, b, true, gL, hL, nL);
  }
}

function categoricalSplit(context: SplitContext, hist: Histogram, o: number, f: number, node: NodeSums, parentLoss: number, best: SplitInfo): void {
  const missingBin = context.nonMissingBins[f];
  const supportFactor = node.count / node.hessian;
  const bins: number[] = [];
  const ratio: number[] = [];
  const consider = (b: number) => {
    const k = o + b * FIELDS;
    const h = context.constantHessian ? hist[k + COUNT] : hist[k + H];
    if (h * supportFactor < MIN_CATEGORY_SUPPORT) return;
    bins.push(b);
    ratio[b] = hist[k] / (h + MIN_CATEGORY_SUPPORT);
  };
  for (let b = 0; b < context.nonMissingBins[f]; b++) consider(b);
  if (context.hasMissing[f]) consider(missingBin);
  if (bins.length <= 1) return;
  bins.sort((a, b) => ratio[a] - ratio[b] || a - b);
  const used = bins.length;
  let found = -1;
  let foundDirection = 1;
  for (const direction of [1, -1]) {
    const middle = direction === 1 ? (used + 1) >> 1 : ((used + 1) >> 1) - 1;
    let gL = 0;
    let hL = 0;
    let nL = 0;
    for (let i = 0; i < middle; i++) {
      const sorted = direction === 1 ? i : used - 1 - i;
      const k = o + bins[sorted] * FIELDS;
      gL += hist[k];
      nL += hist[k + COUNT];
      hL += context.constantHessian ? hist[k + COUNT] : hist[k + H];
      if (nL < context.minSamplesLeaf || hL < MIN_HESSIAN) continue;
      if (node.count - nL < context.minSamplesLeaf || node.hessian - hL < MIN_HESSIAN) break;
      if (offer(best, cutGain(context, node, parentLoss, gL, hL, nL), f, 0, false, gL, hL, nL)) {
        found = sorted;
        foundDirection = direction;
      }
    }
  }
  if (found < 0) return;
  const leftBins = new Uint32Array(8);
  const [from, to] = foundDirection === 1 ? [0, found] : [found, used - 1];
  for (let i = from; i <= to; i++) leftBins[bins[i] >>> 5] |= 1 << (bins[i] & 31);
  best.categorical = true;
  best.leftBins = leftBins;
  best.missingLeft = context.hasMissing[f] === 1 && inBitset(leftBins, missingBin);
}

function inBitset(bits: Uint32Array, i: number): boolean {
  return ((bits[i >>> 5] >>> (i & 31)) & 1) === 1;
}
