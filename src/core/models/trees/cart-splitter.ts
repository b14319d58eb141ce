/**
 * The best split of a CART node (random forest and decision tree) on binned features, scored by
 * impurity decrease: Gini or entropy for classification, squared error for regression, as
 * scikit-learn's BestSplitter, but over bins instead of sorted values (as LightGBM's random-forest
 * mode): a feature's bins seen in the node are summed in one pass over its rows, then the cuts
 * between them are scanned. Only the bins a node touches are summed, sorted and cleared, so a small
 * node costs O(rows) rather than O(255 bins). With many classes even the touched bins × classes
 * outweigh a small node's rows: such a node's numeric cuts are scanned row by row instead (its rows
 * counting-sorted by bin, each moving one class weight to the left side), as scikit-learn scans
 * sorted samples. Both scans give the same cuts and gains.
 *
 * Missing values: when the node has some for the feature, every cut is tried with them on each side,
 * plus the cut that sends exactly them right (scikit-learn ≥ 1.3 does the same).
 *
 * Categorical features: categories are sorted by their mean target (regression) or their share of a
 * class (classification: for two classes that order holds the optimal partition, Breiman 1984; with
 * more classes each class's order is tried) and the cuts of each order are scanned; the missing-value
 * bin takes part as one more category.
 *
 * Features are visited in a random order (the tree's generator): the split tries at least
 * `maxFeatures` of them and goes on past that only while every one tried was constant in the node.
 */
import type { Rng } from '../../random';
import type { BinMapper } from './binning';
import { partitionRows, partitionSummingClasses } from './partition';

export type Criterion = 'gini' | 'entropy' | 'squared_error';

export interface CartProblem {
  /** Column-major bins of all rows. */
  readonly binned: Uint8Array;
  readonly rows: number;
  readonly mapper: BinMapper;
  readonly categorical: Uint8Array;
  /** Class indices (classification) or targets. */
  readonly y: Int32Array | Float64Array;
  /** 0 for regression. */
  readonly classes: number;
  readonly criterion: Criterion;
  readonly minSamplesLeaf: number;
}

/**
 * What the node's rows sum to: per class weights (classification) or weight and centred target sum
 * (regression), kept in the splitter's slab of node sums (one typed array per node cost more to
 * allocate than to fill).
 */
export interface NodeStats {
  readonly weight: number;
  /** Where the node's sums start in the splitter's slab. Classification: weight per class. Regression: [weight, Σ w·(y − mean)]. */
  readonly at: number;
  /** Regression: the node's weighted mean target (targets are centred on it). */
  readonly mean: number;
  /** weight × impurity. */
  readonly weightedImpurity: number;
}

export interface CartSplit {
  feature: number;
  gain: number;
  /** Bins that go left (1) or right (0), the missing-value bin included. */
  leftOfBin: Uint8Array;
  missingLeft: boolean;
  /** Whether the node had missing values for this feature (else missingLeft is to be decided). */
  sawMissing: boolean;
  categorical: boolean;
  /** Numeric splits: x ≤ threshold goes left. */
  threshold: number;
}

const BINS = 256;

/** x · log₂ x, 0 at 0 (and for the tiny negatives rounding may leave). */
function xlog2x(x: number): number {
  return x > 0 ? x * Math.log2(x) : 0;
}

export class CartSplitter {
  readonly #width: number;
  readonly #binSums: Float64Array;
  readonly #binWeight = new Float64Array(BINS);
  readonly #binRows = new Int32Array(BINS);
  readonly #touched = new Int32Array(BINS);
  #touchedCount = 0;
  /** Whether the touched bins' weights and sums were filled (and so need clearing). */
  #summed = false;
  // The row-by-row scan: each bin's next place, and the node's rows' classes and weights by bin.
  readonly #next = new Int32Array(BINS);
  readonly #rowClass: Int32Array;
  readonly #rowWeight: Float64Array;
  readonly #order = new Int32Array(BINS);
  readonly #key = new Float64Array(BINS);
  /** The children's weights, from the partition. */
  readonly #childWeights = new Float64Array(2);
  readonly #features: Int32Array;
  /** Every node's sums, #width per node, in the order the nodes were made. */
  #sums: Float64Array;
  #nodes = 0;
  // The best split so far, kept in place to avoid allocating per candidate.
  readonly #best: CartSplit = { feature: -1, gain: -Infinity, leftOfBin: new Uint8Array(BINS), missingLeft: false, sawMissing: false, categorical: false, threshold: 0 };
  // The scan's running left side: its sums, and for classification the running terms that make a
  // cut's gain O(1): Σ L_k², Σ N_k·L_k (Gini) or Σ L_k log L_k, Σ R_k log R_k (entropy).
  readonly #left: Float64Array;
  #squares = 0;
  #cross = 0;
  #entropyLeft = 0;
  #entropyRight = 0;
  readonly #saved: Float64Array;
  #savedTerms = [0, 0, 0, 0];
  // Per node: Σ N_k² and Σ N_k log N_k.
  #nodeSquares = 0;
  #nodeEntropy = 0;

  /** `sums`: a slab to start from (a previous tree's, reused: see CartWorkspace). */
  constructor(
    private readonly problem: CartProblem,
    sums?: Float64Array,
  ) {
    this.#width = problem.classes > 0 ? problem.classes : 2;
    this.#binSums = new Float64Array(BINS * this.#width);
    this.#left = new Float64Array(this.#width);
    this.#saved = new Float64Array(this.#width);
    this.#features = Int32Array.from({ length: problem.mapper.nonMissingBins.length }, (_, f) => f);
    this.#sums = sums && sums.length >= this.#width ? sums : new Float64Array(64 * this.#width);
    const byRows = problem.classes > 0 ? Math.ceil((BINS * this.#width) / 2) : 0;
    this.#rowClass = new Int32Array(byRows);
    this.#rowWeight = new Float64Array(byRows);
  }

  /** The slab of node sums, for the next tree to start from. */
  get slab(): Float64Array {
    return this.#sums;
  }

  /** A slot for one more node's sums, zeroed. */
  #newNode(): number {
    const at = this.#nodes++ * this.#width;
    if (at + this.#width > this.#sums.length) {
      const grown = new Float64Array(2 * this.#sums.length);
      grown.set(this.#sums);
      this.#sums = grown;
    }
    this.#sums.fill(0, at, at + this.#width);
    return at;
  }

  /** Node statistics of rows[start … end). */
  stats(rows: Uint32Array, start: number, end: number, weights: Float64Array): NodeStats {
    const { y, classes } = this.problem;
    const at = this.#newNode();
    const sums = this.#sums;
    if (classes > 0) {
      const weight = sumClassWeights(rows, start, end, y as Int32Array, weights, sums, at);
      return { weight, at, mean: 0, weightedImpurity: this.#classImpurity(at, weight) };
    }
    let weight = 0;
    let total = 0;
    for (let i = start; i < end; i++) {
      weight += weights[rows[i]];
      total += weights[rows[i]] * y[rows[i]];
    }
    const mean = total / weight;
    let squares = 0;
    let centred = 0;
    for (let i = start; i < end; i++) {
      const d = y[rows[i]] - mean;
      squares += weights[rows[i]] * d * d;
      centred += weights[rows[i]] * d;
    }
    sums[at] = weight;
    sums[at + 1] = centred;
    return { weight, at, mean, weightedImpurity: squares };
  }

  /**
   * Splits the node's rows in place (left rows first) and returns its children's statistics; for
   * classification the children's class weights are summed by the partition's own pass over the rows.
   */
  split(rows: Uint32Array, start: number, end: number, weights: Float64Array, split: CartSplit, scratch: Uint32Array): { middle: number; left: NodeStats; right: NodeStats } {
    const { binned, rows: n, y, classes } = this.problem;
    if (classes === 0) {
      const middle = partitionRows(rows, start, end, binned, split.feature * n, split.leftOfBin, scratch);
      return { middle, left: this.stats(rows, start, middle, weights), right: this.stats(rows, middle, end, weights) };
    }
    const leftAt = this.#newNode();
    const rightAt = this.#newNode();
    const childWeights = this.#childWeights;
    const middle = partitionSummingClasses(
      { rows, start, end, scratch },
      { binned, offset: split.feature * n, leftOfBin: split.leftOfBin },
      { y: y as Int32Array, weights, sums: this.#sums, leftAt, rightAt },
      childWeights,
    );
    const [leftWeight, rightWeight] = childWeights;
    return {
      middle,
      left: { weight: leftWeight, at: leftAt, mean: 0, weightedImpurity: this.#classImpurity(leftAt, leftWeight) },
      right: { weight: rightWeight, at: rightAt, mean: 0, weightedImpurity: this.#classImpurity(rightAt, rightWeight) },
    };
  }

  /** weight × impurity of the class weights at `at`: w − Σc²/w (Gini) or w log₂ w − Σ c log₂ c (entropy). */
  #classImpurity(at: number, weight: number): number {
    if (weight <= 0) return 0;
    let acc = 0;
    const entropy = this.problem.criterion === 'entropy';
    const sums = this.#sums;
    for (let k = 0; k < this.#width; k++) acc += entropy ? xlog2x(sums[at + k]) : sums[at + k] * sums[at + k];
    return entropy ? xlog2x(weight) - acc : weight - acc / weight;
  }

  /** The best split of the node, or null when no feature offers a valid one. */
  findSplit(rows: Uint32Array, start: number, end: number, weights: Float64Array, node: NodeStats, maxFeatures: number, rng: Rng): CartSplit | null {
    const best = this.#best;
    best.feature = -1;
    best.gain = -Infinity;
    if (this.problem.classes > 0) {
      this.#nodeSquares = 0;
      this.#nodeEntropy = 0;
      const entropy = this.problem.criterion === 'entropy';
      for (let k = 0; k < this.#width; k++) {
        const c = this.#sums[node.at + k];
        if (entropy) this.#nodeEntropy += xlog2x(c);
        else this.#nodeSquares += c * c;
      }
    }
    const features = this.#features;
    let visited = 0;
    let informative = 0;
    for (let j = 0; j < features.length && (visited < maxFeatures || informative === 0); j++) {
      const pick = j + Math.floor(rng() * (features.length - j));
      const f = features[pick];
      features[pick] = features[j];
      features[j] = f;
      visited++;
      const mayScanRows = this.#mayScanRows(f, end - start);
      if (mayScanRows) this.#countBins(f, rows, start, end);
      else this.#sumBins(f, rows, start, end, weights, node.mean);
      if (this.#touchedCount > 1) {
        informative++;
        if (this.problem.categorical[f]) this.#scanCategorical(f, node);
        else if (mayScanRows && this.#scanByRows(f, end - start)) this.#scanRows(f, node, rows, start, end, weights);
        else this.#scanNumeric(f, node, rows, start, end, weights);
      }
      this.#clearBins();
    }
    return best.feature >= 0 ? best : null;
  }

  /** Each bin's rows, weight and class weights or centred target sum, in one pass over the node's rows. */
  #sumBins(f: number, rows: Uint32Array, start: number, end: number, weights: Float64Array, mean: number): void {
    const { binned, y, classes, rows: n } = this.problem;
    // An offset rather than a subarray: this runs for every feature tried at every node.
    const column = f * n;
    const sums = this.#binSums;
    const counts = this.#binRows;
    const binWeight = this.#binWeight;
    const width = this.#width;
    this.#summed = true;
    const bins = this.problem.mapper.nonMissingBins[f] + 1;
    if (classes > 0 && bins <= end - start) {
      // As #countBins: the bins touched listed from the counts after the pass, in order.
      countClassWeights(rows, start, end, binned, column, y as Int32Array, weights, counts, sums, width);
      this.#listTouched(bins);
    } else {
      const touched = this.#touched;
      let count = 0;
      for (let i = start; i < end; i++) {
        const r = rows[i];
        const b = binned[column + r];
        if (counts[b]++ === 0) touched[count++] = b;
        if (classes > 0) sums[b * width + y[r]] += weights[r];
        else {
          const w = weights[r];
          binWeight[b] += w;
          sums[b * 2 + 1] += w * (y[r] - mean);
        }
      }
      this.#sortTouched(count);
    }
    if (classes === 0) return;
    // Bins' weights summed from their classes after the pass: one running sum less per row (rows
    // of a bin follow each other, and each += waits for the previous one to that bin).
    for (let t = 0; t < this.#touchedCount; t++) {
      const b = this.#touched[t];
      let w = 0;
      for (let k = 0; k < width; k++) w += sums[b * width + k];
      binWeight[b] = w;
    }
  }

  /** Classification, first pass: each bin's rows and the bins touched, sorted. */
  #countBins(f: number, rows: Uint32Array, start: number, end: number): void {
    const { binned, rows: n } = this.problem;
    const column = f * n;
    const counts = this.#binRows;
    this.#summed = false;
    // A feature with fewer bins than the node has rows: count without noting which bins are new (a
    // branch the CPU cannot predict) and list them after, in order, from the counts.
    const bins = this.problem.mapper.nonMissingBins[f] + 1;
    if (bins <= end - start) {
      for (let i = start; i < end; i++) counts[binned[column + rows[i]]]++;
      this.#listTouched(bins);
      return;
    }
    const touched = this.#touched;
    let count = 0;
    for (let i = start; i < end; i++) {
      const b = binned[column + rows[i]];
      if (counts[b]++ === 0) touched[count++] = b;
    }
    this.#sortTouched(count);
  }

  /** The bins among the first `bins` with rows, in order, from their counts. */
  #listTouched(bins: number): void {
    let count = 0;
    for (let b = 0; b < bins; b++) if (this.#binRows[b] > 0) this.#touched[count++] = b;
    this.#touchedCount = count;
  }

  /** Classification, second pass when the cuts are scanned bin by bin: each bin's weight per class. */
  #sumClasses(f: number, rows: Uint32Array, start: number, end: number, weights: Float64Array): void {
    const { binned, y, rows: n } = this.problem;
    const column = f * n;
    const sums = this.#binSums;
    const binWeight = this.#binWeight;
    const width = this.#width;
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const b = binned[column + r];
      const w = weights[r];
      binWeight[b] += w;
      sums[b * width + y[r]] += w;
    }
    this.#summed = true;
  }

  #sortTouched(count: number): void {
    const touched = this.#touched;
    this.#touchedCount = count;
    // Insertion sort: a node touches few bins, and a typed subarray sort would allocate per feature.
    for (let i = 1; i < count; i++) {
      const b = touched[i];
      let j = i - 1;
      for (; j >= 0 && touched[j] > b; j--) touched[j + 1] = touched[j];
      touched[j + 1] = b;
    }
  }

  #clearBins(): void {
    const width = this.#width;
    for (let t = 0; t < this.#touchedCount; t++) {
      const b = this.#touched[t];
      this.#binRows[b] = 0;
      if (!this.#summed) continue;
      this.#binWeight[b] = 0;
      this.#binSums.fill(0, b * width, (b + 1) * width);
    }
  }

  /**
   * Whether a numeric classification feature's cuts are scanned row by row: when the node has no
   * missing values for it and few rows beside its bins × classes (a bin-by-bin scan costs the
   * classes of every bin touched, to sum, scan and clear; a row-by-row one a few steps per row).
   * Known before the rows are read when even all the feature's bins would not make it worth it:
   * then the bins are summed in the same pass that counts them.
   */
  #mayScanRows(f: number, rows: number): boolean {
    return this.problem.classes > 0 && !this.problem.categorical[f] && 2 * rows < (this.problem.mapper.nonMissingBins[f] + 1) * this.#width;
  }

  #scanByRows(f: number, rows: number): boolean {
    const sawMissing = this.#touched[this.#touchedCount - 1] === this.problem.mapper.nonMissingBins[f];
    return !sawMissing && 2 * rows < this.#touchedCount * this.#width;
  }

  /**
   * The numeric cuts scanned row by row: the rows' classes and weights counting-sorted by bin, then
   * moved to the left side one at a time, a cut offered at the end of each bin but the last.
   */
  #scanRows(f: number, node: NodeStats, rows: Uint32Array, start: number, end: number, weights: Float64Array): void {
    const { binned, y, rows: n } = this.problem;
    const column = f * n;
    const touched = this.#touched;
    const count = this.#touchedCount;
    const next = this.#next;
    for (let t = 0, at = 0; t < count; t++) {
      next[touched[t]] = at;
      at += this.#binRows[touched[t]];
    }
    const rowClass = this.#rowClass;
    const rowWeight = this.#rowWeight;
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const p = next[binned[column + r]]++;
      rowClass[p] = y[r];
      rowWeight[p] = weights[r];
    }
    // next[b] is now where bin b's rows end.
    const edges = this.problem.mapper.edges[f];
    const missingBin = this.problem.mapper.nonMissingBins[f];
    const entropy = this.problem.criterion === 'entropy';
    const left = this.#left;
    const nodeSums = this.#sums;
    const at = node.at;
    this.#beginScan();
    let p = 0;
    let wLeft = 0;
    for (let t = 0; t < count - 1; t++) {
      const b = touched[t];
      for (const stop = next[b]; p < stop; p++) {
        const k = rowClass[p];
        const w = rowWeight[p];
        const l = left[k];
        if (entropy) {
          const r = nodeSums[at + k] - l;
          this.#entropyLeft += xlog2x(l + w) - xlog2x(l);
          this.#entropyRight += xlog2x(r - w) - xlog2x(r);
        } else {
          this.#squares += 2 * l * w + w * w;
          this.#cross += nodeSums[at + k] * w;
        }
        left[k] = l + w;
        wLeft += w;
      }
      this.#offerNumeric(f, node, p, wLeft, end - start, false, false, (edges[b] + edges[touched[t + 1] - 1]) / 2, b, missingBin);
    }
  }

  /** Empties the left side: every row of the node on the right. */
  #beginScan(): void {
    this.#left.fill(0);
    this.#squares = 0;
    this.#cross = 0;
    this.#entropyLeft = 0;
    this.#entropyRight = this.#nodeEntropy;
  }

  /** Moves bin b's rows from the right side to the left. */
  #moveLeft(b: number, node: NodeStats): void {
    const left = this.#left;
    const sums = this.#binSums;
    if (this.problem.classes === 0) {
      left[0] += this.#binWeight[b];
      left[1] += sums[b * 2 + 1];
      return;
    }
    const width = this.#width;
    const entropy = this.problem.criterion === 'entropy';
    for (let k = 0; k < width; k++) {
      const c = sums[b * width + k];
      if (c === 0) continue;
      const l = left[k];
      if (entropy) {
        const r = this.#sums[node.at + k] - l;
        this.#entropyLeft += xlog2x(l + c) - xlog2x(l);
        this.#entropyRight += xlog2x(r - c) - xlog2x(r);
      } else {
        this.#squares += 2 * l * c + c * c;
        this.#cross += this.#sums[node.at + k] * c;
      }
      left[k] = l + c;
    }
  }

  #save(): void {
    this.#saved.set(this.#left);
    this.#savedTerms = [this.#squares, this.#cross, this.#entropyLeft, this.#entropyRight];
  }

  #restore(): void {
    this.#left.set(this.#saved);
    [this.#squares, this.#cross, this.#entropyLeft, this.#entropyRight] = this.#savedTerms;
  }

  /** Impurity decrease of the current cut, its left side weighing wL. */
  #gain(node: NodeStats, wL: number): number {
    const W = node.weight;
    const wR = W - wL;
    if (this.problem.classes === 0) {
      // Squared error on centred targets: the node's own sum is ~0, the children's are ±s.
      const sL = this.#left[1];
      const sN = this.#sums[node.at + 1];
      const sR = sN - sL;
      return (sL * sL) / wL + (sR * sR) / wR - (sN * sN) / W;
    }
    if (this.problem.criterion === 'entropy') return node.weightedImpurity - (xlog2x(wL) - this.#entropyLeft) - (xlog2x(wR) - this.#entropyRight);
    // Gini: Σ R_k² = Σ N_k² − 2 Σ N_k L_k + Σ L_k².
    const rightSquares = this.#nodeSquares - 2 * this.#cross + this.#squares;
    return this.#squares / wL + rightSquares / wR - this.#nodeSquares / W;
  }

  #scanNumeric(f: number, node: NodeStats, rows: Uint32Array, start: number, end: number, weights: Float64Array): void {
    if (!this.#summed) this.#sumClasses(f, rows, start, end, weights);
    const touched = this.#touched;
    const missingBin = this.problem.mapper.nonMissingBins[f];
    const sawMissing = touched[this.#touchedCount - 1] === missingBin;
    const values = sawMissing ? this.#touchedCount - 1 : this.#touchedCount;
    const missingRows = sawMissing ? this.#binRows[missingBin] : 0;
    const missingWeight = sawMissing ? this.#binWeight[missingBin] : 0;
    const total = sumRows(this.#binRows, touched, this.#touchedCount);
    const edges = this.problem.mapper.edges[f];
    this.#beginScan();
    let rowsLeft = 0;
    let wLeft = 0;
    // Cut i: bins touched[0 … i] go left. The last cut (every value left) only makes sense with missing values right.
    for (let i = 0; i < values; i++) {
      const b = touched[i];
      this.#moveLeft(b, node);
      rowsLeft += this.#binRows[b];
      wLeft += this.#binWeight[b];
      const last = i === values - 1;
      if (last && !sawMissing) break;
      const threshold = last ? Infinity : (edges[b] + edges[touched[i + 1] - 1]) / 2;
      this.#offerNumeric(f, node, rowsLeft, wLeft, total, false, sawMissing, threshold, b, missingBin);
      if (sawMissing && !last) {
        this.#save();
        this.#moveLeft(missingBin, node);
        this.#offerNumeric(f, node, rowsLeft + missingRows, wLeft + missingWeight, total, true, true, threshold, b, missingBin);
        this.#restore();
      }
    }
  }

  /** Scores a cut; when it beats the best so far, records its feature and gain and returns true (the caller records the rest). */
  #improves(f: number, node: NodeStats, rowsLeft: number, wLeft: number, total: number): boolean {
    const min = this.problem.minSamplesLeaf;
    if (rowsLeft < min || total - rowsLeft < min || wLeft <= 0 || node.weight - wLeft <= 0) return false;
    const gain = this.#gain(node, wLeft);
    if (!(gain > this.#best.gain)) return false;
    this.#best.feature = f;
    this.#best.gain = gain;
    return true;
  }

  #offerNumeric(f: number, node: NodeStats, rowsLeft: number, wLeft: number, total: number, missingLeft: boolean, sawMissing: boolean, threshold: number, cutBin: number, missingBin: number): void {
    if (!this.#improves(f, node, rowsLeft, wLeft, total)) return;
    const best = this.#best;
    best.categorical = false;
    best.threshold = threshold;
    best.missingLeft = missingLeft;
    best.sawMissing = sawMissing;
    best.leftOfBin.fill(0);
    best.leftOfBin.fill(1, 0, cutBin + 1);
    best.leftOfBin[missingBin] = missingLeft ? 1 : 0;
  }

  #scanCategorical(f: number, node: NodeStats): void {
    const count = this.#touchedCount;
    const touched = this.#touched;
    const missingBin = this.problem.mapper.nonMissingBins[f];
    const { classes } = this.problem;
    const total = sumRows(this.#binRows, touched, count);
    // Regression and two classes: one order (mean target, share of class 1); more classes: one per class present.
    const orders = classes === 0 ? [1] : classes === 2 ? [1] : Array.from({ length: classes }, (_, k) => k).filter((k) => this.#sums[node.at + k] > 0);
    for (const k of orders) {
      for (let t = 0; t < count; t++) {
        const b = touched[t];
        this.#order[t] = b;
        this.#key[b] = this.#binSums[b * this.#width + k] / this.#binWeight[b];
      }
      const order = this.#order.subarray(0, count);
      order.sort((a, b) => this.#key[a] - this.#key[b] || a - b);
      this.#beginScan();
      let rowsLeft = 0;
      let wLeft = 0;
      for (let i = 0; i < count - 1; i++) {
        const b = order[i];
        this.#moveLeft(b, node);
        rowsLeft += this.#binRows[b];
        wLeft += this.#binWeight[b];
        if (!this.#improves(f, node, rowsLeft, wLeft, total)) continue;
        const best = this.#best;
        best.categorical = true;
        best.threshold = 0;
        best.sawMissing = this.#binRows[missingBin] > 0;
        best.leftOfBin.fill(0);
        for (let j = 0; j <= i; j++) best.leftOfBin[order[j]] = 1;
        best.missingLeft = best.leftOfBin[missingBin] === 1;
      }
    }
  }
}

function sumRows(counts: Int32Array, touched: Int32Array, count: number): number {
  let total = 0;
  for (let t = 0; t < count; t++) total += counts[touched[t]];
  return total;
}

/*
 * The loops below are functions of their own, with nothing after the loop but its return (see
 * partition.ts: code after a long loop that has not run yet when the loop is optimised sent V8 back
 * to unoptimised code at every call).
 */

/** Each bin's rows and weight per class over rows[start … end) of one column. */
function countClassWeights(rows: Uint32Array, start: number, end: number, binned: Uint8Array, column: number, y: Int32Array, weights: Float64Array, counts: Int32Array, sums: Float64Array, width: number): void {
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const b = binned[column + r];
    counts[b]++;
    sums[b * width + y[r]] += weights[r];
  }
}

/** The weight per class of rows[start … end), added at sums[at + class]; returns their weight. */
function sumClassWeights(rows: Uint32Array, start: number, end: number, y: Int32Array, weights: Float64Array, sums: Float64Array, at: number): number {
  let weight = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i];
    sums[at + y[r]] += weights[r];
    weight += weights[r];
  }
  return weight;
}
