/**
 * The smooth logistic objective L-BFGS minimises, on scikit-learn's scale (LinearModelLoss):
 *   f(θ) = Σᵢ sᵢ·lossᵢ / Σᵢ sᵢ  +  (l2 / 2)·‖W‖²        (intercepts not penalised)
 * with sample weights s (class weights) and, for the L2 penalty, l2 = 1 / (C·Σᵢ sᵢ); the minimiser is
 * that of ½‖W‖² + C·Σᵢ sᵢ·lossᵢ.
 *
 * Value and gradient come from one pass over the rows, a block at a time: the block's linear
 * predictor Z = X·Wᵀ + b, the pointwise losses and residuals s·(p − y) in place of Z, then Xᵀ·residual.
 * Losses are computed without overflow: softplus(z) = max(z, 0) + log1p(e^−|z|), log-sum-exp with
 * the row maximum subtracted.
 */
import type { FeatureColumns } from '../data';
import type { Pacer } from './hooks';
import { addProduct, addTransposedProducts, sum } from './kernels';

/** Accumulator doubles per block (outputs × rows): 128 KiB, a share of L2 cache. */
const BLOCK_VALUES = 16_384;

/**
 * Parameter layout θ, shared by every logistic solver: for output k, its d coefficients and then its
 * intercept, θ[k(d+1) + j] and θ[k(d+1) + d]. One output (binary) scores the positive class through
 * the sigmoid, y ∈ {0, 1}; K ≥ 3 outputs go through the softmax, y ∈ 0 … K−1.
 */
export function parameterCount(features: number, outputs: number): number {
  return outputs * (features + 1);
}

export class LogisticObjective {
  readonly #rowsPerBlock: number;
  readonly #z: Float64Array;
  readonly #rowMax: Float64Array;
  readonly #rowSum: Float64Array;
  readonly #rowTarget: Float64Array;
  readonly totalWeight: number;

  constructor(
    private readonly x: FeatureColumns,
    private readonly y: Int32Array,
    private readonly weights: Float64Array,
    private readonly outputs: number,
    private readonly l2: number,
    private readonly pacer: Pacer,
  ) {
    this.#rowsPerBlock = Math.max(64, Math.floor(BLOCK_VALUES / outputs));
    this.#z = new Float64Array(this.#rowsPerBlock * outputs);
    this.#rowMax = new Float64Array(this.#rowsPerBlock);
    this.#rowSum = new Float64Array(this.#rowsPerBlock);
    this.#rowTarget = new Float64Array(this.#rowsPerBlock);
    this.totalWeight = sum(weights, 0, weights.length);
  }

  /** Writes ∇f(θ) into `gradient`, returns f(θ). */
  readonly evaluate = async (theta: Float64Array, gradient: Float64Array): Promise<number> => {
    const { columns, rows } = this.x;
    const d = columns.length;
    const k = this.outputs;
    const block = this.#rowsPerBlock;
    const z = this.#z;
    gradient.fill(0);
    let loss = 0;
    for (let start = 0; start < rows; start += block) {
      const length = Math.min(block, rows - start);
      for (let c = 0; c < k; c++) {
        z.fill(theta[c * (d + 1) + d], c * block, c * block + length);
        addProduct(columns, theta, c * (d + 1), start, length, z, c * block);
      }
      loss += k === 1 ? this.#binaryBlock(start, length) : this.#softmaxBlock(start, length);
      addTransposedProducts(columns, z, 0, block, k, start, length, gradient, d + 1);
      for (let c = 0; c < k; c++) gradient[c * (d + 1) + d] += sum(z, c * block, length);
      if (this.pacer.due()) await this.pacer.pause();
    }
    const scale = 1 / this.totalWeight;
    let penalty = 0;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        const p = c * (d + 1) + j;
        gradient[p] = gradient[p] * scale + this.l2 * theta[p];
        penalty += theta[p] * theta[p];
      }
      gradient[c * (d + 1) + d] *= scale;
    }
    return loss * scale + 0.5 * this.l2 * penalty;
  };

  /** Σ s·(softplus(z) − y·z) over the block; leaves s·(σ(z) − y) in z. */
  #binaryBlock(start: number, length: number): number {
    const z = this.#z;
    const { y, weights } = this;
    let loss = 0;
    for (let i = 0; i < length; i++) {
      const zi = z[i];
      const target = y[start + i];
      const s = weights[start + i];
      const e = Math.exp(-Math.abs(zi));
      loss += s * ((zi > 0 ? zi : 0) + Math.log1p(e) - target * zi);
      const p = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
      z[i] = s * (p - target);
    }
    return loss;
  }

  /** Σ s·(logΣₖe^zₖ − z_y) over the block; leaves s·(softmax(z) − onehot(y)) in z (class-major: z[c·block + i]). */
  #softmaxBlock(start: number, length: number): number {
    const z = this.#z;
    const { y, weights } = this;
    const k = this.outputs;
    const block = this.#rowsPerBlock;
    const max = this.#rowMax;
    const total = this.#rowSum;
    const target = this.#rowTarget;
    max.fill(-Infinity, 0, length);
    total.fill(0, 0, length);
    for (let c = 0; c < k; c++) {
      for (let i = 0; i < length; i++) max[i] = Math.max(max[i], z[c * block + i]);
    }
    for (let i = 0; i < length; i++) target[i] = z[y[start + i] * block + i];
    for (let c = 0; c < k; c++) {
      for (let i = 0; i < length; i++) {
        const e = Math.exp(z[c * block + i] - max[i]);
        z[c * block + i] = e;
        total[i] += e;
      }
    }
    let loss = 0;
    for (let i = 0; i < length; i++) {
      const s = weights[start + i];
      loss += s * (max[i] + Math.log(total[i]) - target[i]);
      total[i] = s / total[i];
    }
    for (let c = 0; c < k; c++) {
      for (let i = 0; i < length; i++) z[c * block + i] *= total[i];
    }
    for (let i = 0; i < length; i++) z[y[start + i] * block + i] -= weights[start + i];
    return loss;
  }
}
