/**
 * One tree as it is stored and predicted: nodes in flat typed arrays, thresholds in the features'
 * own units (so that prediction never bins) and category sets as bitsets over category codes.
 * Nodes are numbered as they are created, children after their parent, siblings side by side.
 *
 * Per node: the feature it splits on (−1 for a leaf), the threshold (x ≤ threshold goes left), the
 * children, flags (missing values go left; categorical split), where its category bitset starts,
 * its training cover (sum of the training rows' weights), the loss reduction or impurity decrease of
 * its split (0 for a leaf) and its value(s): the leaf output, and for inner nodes what the node
 * would output as a leaf (TreeSHAP and tree diagrams need cover and inner values).
 */
import type { BinMapper } from './binning';

export const MISSING_LEFT = 1;
export const CATEGORICAL = 2;

export interface TreeArrays {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly flags: Uint8Array;
  /** Offset of the node's category bitset in `categoryBits` (−1 for numeric splits and leaves). */
  readonly categoryStart: Int32Array;
  readonly categoryBits: Uint32Array;
  readonly cover: Float64Array;
  readonly gain: Float64Array;
  /** nodes × valueWidth. */
  readonly value: Float64Array;
}

export class TreeBuilder {
  #count = 0;
  // Set by #allocate, from the constructor on.
  #feature!: Int32Array;
  #threshold!: Float64Array;
  #left!: Int32Array;
  #right!: Int32Array;
  #flags!: Uint8Array;
  #categoryStart!: Int32Array;
  #cover!: Float64Array;
  #gain!: Float64Array;
  #value!: Float64Array;
  #bits: number[] = [];
  /** Whether finish() gave the arrays away. */
  #handedOver = false;

  constructor(readonly valueWidth: number) {
    this.#allocate(64);
  }

  /**
   * A new leaf; returns its index. Its values are value[from + j] / divisor: a node's class weights
   * over its weight, read straight from the grower's sums, or with the defaults the values as given.
   */
  addNode(cover: number, value: ArrayLike<number>, from = 0, divisor = 1): number {
    if (this.#count === this.#feature.length) this.#grow();
    const id = this.#count++;
    // Every field is written: a reset builder reuses its arrays.
    this.#feature[id] = -1;
    this.#threshold[id] = 0;
    this.#left[id] = 0;
    this.#right[id] = 0;
    this.#flags[id] = 0;
    this.#gain[id] = 0;
    this.#categoryStart[id] = -1;
    this.#cover[id] = cover;
    const at = id * this.valueWidth;
    for (let j = 0; j < this.valueWidth; j++) this.#value[at + j] = value[from + j] / divisor;
    return id;
  }

  /** Empties the builder, keeping its arrays for the next tree, or after finish() new ones about the last tree's size. */
  reset(): void {
    if (this.#handedOver) this.#allocate(Math.max(64, Math.ceil(this.#count * 1.25)));
    this.#handedOver = false;
    this.#count = 0;
    this.#bits = [];
  }

  /** Turns leaf `id` into a split; its two children must have been added. */
  setSplit(id: number, split: { feature: number; threshold: number; missingLeft: boolean; categories: Uint32Array | null; gain: number; left: number; right: number }): void {
    this.#feature[id] = split.feature;
    this.#threshold[id] = split.categories ? 0 : split.threshold;
    this.#left[id] = split.left;
    this.#right[id] = split.right;
    this.#flags[id] = (split.missingLeft ? MISSING_LEFT : 0) | (split.categories ? CATEGORICAL : 0);
    this.#gain[id] = split.gain;
    if (split.categories) {
      this.#categoryStart[id] = this.#bits.length;
      for (const word of split.categories) this.#bits.push(word);
    }
  }

  /**
   * The tree in the builder's own arrays, trimmed views rather than copies (a forest's trees hold
   * tens of megabytes of class shares; copying them cost as much as writing them): the builder's next
   * tree, after reset(), goes into new arrays.
   */
  finish(): TreeArrays {
    const n = this.#count;
    this.#handedOver = true;
    return {
      feature: this.#feature.subarray(0, n),
      threshold: this.#threshold.subarray(0, n),
      left: this.#left.subarray(0, n),
      right: this.#right.subarray(0, n),
      flags: this.#flags.subarray(0, n),
      categoryStart: this.#categoryStart.subarray(0, n),
      categoryBits: Uint32Array.from(this.#bits),
      cover: this.#cover.subarray(0, n),
      gain: this.#gain.subarray(0, n),
      value: this.#value.subarray(0, n * this.valueWidth),
    };
  }

  #allocate(size: number): void {
    this.#feature = new Int32Array(size);
    this.#threshold = new Float64Array(size);
    this.#left = new Int32Array(size);
    this.#right = new Int32Array(size);
    this.#flags = new Uint8Array(size);
    this.#categoryStart = new Int32Array(size);
    this.#cover = new Float64Array(size);
    this.#gain = new Float64Array(size);
    this.#value = new Float64Array(size * this.valueWidth);
  }

  #grow(): void {
    const size = this.#feature.length * 2;
    const grown = <T extends Int32Array | Float64Array | Uint8Array>(a: T, width = 1): T => {
      const b = new (a.constructor as new (n: number) => T)(size * width);
      b.set(a);
      return b;
    };
    this.#feature = grown(this.#feature);
    this.#threshold = grown(this.#threshold);
    this.#left = grown(this.#left);
    this.#right = grown(this.#right);
    this.#flags = grown(this.#flags);
    this.#categoryStart = grown(this.#categoryStart);
    this.#cover = grown(this.#cover);
    this.#gain = grown(this.#gain);
    this.#value = grown(this.#value, this.valueWidth);
  }
}

/**
 * A categorical split's set in category codes: code c goes left when its bin does; codes without a
 * bin of their own (rare ones grouped with the missing values, or unseen in training) go where the
 * missing values go, as do codes beyond the training categories at prediction.
 */
export function categorySet(mapper: BinMapper, feature: number, leftOfBin: Uint8Array, missingLeft: boolean): Uint32Array {
  const codeToBin = mapper.categoryBins[feature]!;
  const missingBin = mapper.nonMissingBins[feature];
  const bits = new Uint32Array(Math.ceil(codeToBin.length / 32));
  for (let c = 0; c < codeToBin.length; c++) {
    const bin = codeToBin[c];
    const left = bin === missingBin ? missingLeft : leftOfBin[bin] === 1;
    if (left) bits[c >>> 5] |= 1 << (c & 31);
  }
  return bits;
}
