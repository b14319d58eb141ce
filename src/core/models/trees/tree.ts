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
  #feature = new Int32Array(64);
  #threshold = new Float64Array(64);
  #left = new Int32Array(64);
  #right = new Int32Array(64);
  #flags = new Uint8Array(64);
  #categoryStart = new Int32Array(64);
  #cover = new Float64Array(64);
  #gain = new Float64Array(64);
  #value: Float64Array;
  #bits: number[] = [];

  constructor(readonly valueWidth: number) {
    this.#value = new Float64Array(64 * valueWidth);
  }

  /** A new leaf; returns its index. */
  addNode(cover: number, value: ArrayLike<number>): number {
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
    for (let j = 0; j < this.valueWidth; j++) this.#value[id * this.valueWidth + j] = value[j];
    return id;
  }

  /** Empties the builder, keeping its arrays for the next tree. */
  reset(): void {
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

  finish(): TreeArrays {
    const n = this.#count;
    return {
      feature: this.#feature.slice(0, n),
      threshold: this.#threshold.slice(0, n),
      left: this.#left.slice(0, n),
      right: this.#right.slice(0, n),
      flags: this.#flags.slice(0, n),
      categoryStart: this.#categoryStart.slice(0, n),
      categoryBits: Uint32Array.from(this.#bits),
      cover: this.#cover.slice(0, n),
      gain: this.#gain.slice(0, n),
      value: this.#value.slice(0, n * this.valueWidth),
    };
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
