/**
 * The losses gradient boosting descends, as scikit-learn's `_loss` module defines them: half squared
 * error for regression, binary log loss (one raw score, logistic link) and multinomial log loss (one
 * raw score per class, softmax link; one tree per class per iteration). Gradients and hessians are
 * float32 like scikit-learn's (half the memory traffic in the histogram loop); sums are float64.
 *
 * Layout: raw scores and gradients are class-major, `raw[k * n + i]` for row i and output k, so that
 * the tree for output k reads one contiguous stretch.
 */

export interface Loss {
  /** Raw scores per row, i.e. trees per iteration. */
  readonly width: number;
  /** Whether every hessian is the same (squared error without weights): histograms then skip them. */
  readonly constantHessian: boolean;
  /** The raw scores of the best constant model (scikit-learn's fit_intercept_only). */
  baseline(y: ArrayLike<number>, weights: Float64Array | undefined): Float64Array;
  /**
   * Writes the gradients and hessians at `raw` and returns the (weighted) mean loss there, exactly
   * `value`'s: one pass, the exponentials computed once for both (boosting needs the training loss
   * after every iteration and the next iteration's gradients at the same scores).
   */
  gradients(y: ArrayLike<number>, raw: Float64Array, weights: Float64Array | undefined, g: Float32Array, h: Float32Array): number;
  /** The (weighted) mean loss. */
  value(y: ArrayLike<number>, raw: Float64Array, weights: Float64Array | undefined): number;
  /**
   * Rows [from, to) of y's: their (weighted) loss sum into out[0] and weight total into out[1],
   * and, when `g` and `h` are given, their gradients and hessians. `raw`, `g` and `h` hold
   * y.length rows per output. What `gradients` and `value` do, chunk by chunk (passChunks).
   */
  pass(y: ArrayLike<number>, raw: Float64Array, weights: Float64Array | undefined, g: Float32Array | undefined, h: Float32Array | undefined, from: number, to: number, out: Float64Array): void;
}

/** Σ w·values / Σ w (plain mean without weights). */
function weightedMean(values: Float64Array, weights: Float64Array | undefined): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights ? weights[i] : 1;
    sum += w * values[i];
    total += w;
  }
  return sum / total;
}

/** The one-hot indicator of class k, as numbers to average. */
function indicator(y: ArrayLike<number>, k: number): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i] === k ? 1 : 0;
  return out;
}

/**
 * Rows per chunk of a loss pass. Each chunk's sum is taken on its own and the chunks' sums are
 * added in order, so a pass split over a pool's workers (parallel-loss.ts), a chunk range each,
 * gives the same loss bit for bit as one thread. A multiple of PRODUCT_RUN.
 */
export const LOSS_CHUNK = 1 << 16;

/** Chunks [fromChunk, toChunk) of a pass: chunk c's sum and weight total in out[2(c − fromChunk)], out[2(c − fromChunk) + 1]. */
export function passChunks(pass: Loss['pass'], y: ArrayLike<number>, raw: Float64Array, weights: Float64Array | undefined, g: Float32Array | undefined, h: Float32Array | undefined, fromChunk: number, toChunk: number, out: Float64Array): void {
  for (let c = fromChunk; c < toChunk; c++) {
    const from = c * LOSS_CHUNK;
    pass(y, raw, weights, g, h, from, Math.min(y.length, from + LOSS_CHUNK), out.subarray(2 * (c - fromChunk), 2 * (c - fromChunk) + 2));
  }
}

export const chunksOf = (rows: number) => Math.ceil(rows / LOSS_CHUNK);

/** The mean from chunks' sums and totals (as passChunks writes them), added in chunk order. */
export function meanOfChunks(parts: Float64Array): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < parts.length; i += 2) {
    sum += parts[i];
    total += parts[i + 1];
  }
  return sum / total;
}

/** `gradients` and `value` from a loss's `pass`: chunk by chunk in this thread. */
function chunked(pass: Loss['pass']): Pick<Loss, 'gradients' | 'value' | 'pass'> {
  const run = (y: ArrayLike<number>, raw: Float64Array, weights: Float64Array | undefined, g: Float32Array | undefined, h: Float32Array | undefined) => {
    const parts = new Float64Array(2 * chunksOf(y.length));
    passChunks(pass, y, raw, weights, g, h, 0, chunksOf(y.length), parts);
    return meanOfChunks(parts);
  };
  return { pass, gradients: run, value: (y, raw, weights) => run(y, raw, weights, undefined, undefined) };
}

export const squaredError: Loss = {
  width: 1,
  constantHessian: true,
  baseline: (y, weights) => Float64Array.of(weightedMean(Float64Array.from(y), weights)),
  ...chunked((y, raw, weights, g, h, from, to, out) => {
    let sum = 0;
    let total = 0;
    for (let i = from; i < to; i++) {
      const w = weights ? weights[i] : 1;
      if (g && h) {
        g[i] = w * (raw[i] - y[i]);
        h[i] = w;
      }
      sum += w * (0.5 * (y[i] - raw[i]) ** 2);
      total += w;
    }
    out[0] = sum;
    out[1] = total;
  }),
};

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Probabilities are kept this far from 0 and 1 for the baseline, as scikit-learn does. */
const BINOMIAL_EPS = 10 * 2.220446049250313e-16;

export const binaryLogLoss: Loss = {
  width: 1,
  constantHessian: false,
  baseline(y, weights) {
    const p = Math.min(Math.max(weightedMean(indicator(y, 1), weights), BINOMIAL_EPS), 1 - BINOMIAL_EPS);
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  ...chunked(binaryPass),
};

/** Factors of at most 2 multiplied before one logarithm: 2^512 stays finite. */
const PRODUCT_RUN = 512;

/**
 * The binary log loss's mean, log(1 + e^x) − y·x = max(x, 0) + log(1 + e^−|x|) − y·x, and, when
 * `g` is given, its gradients and hessians from the same exponential. One pass for both, so the
 * loss the gradient pass returns is `value`'s bit for bit. Without weights Σ log(1 + e^−|x|) is
 * taken as the logarithm of running products (each factor in [1, 2]): one Math.log per 512 rows
 * instead of a Math.log1p per row, which was a tenth of a fit's time; the sum differs from the
 * per-row one by rounding only (about 1e-16 per row).
 */
function binaryPass(y: ArrayLike<number>, raw: Float64Array, weights: Float64Array | undefined, g: Float32Array | undefined, h: Float32Array | undefined, from: number, to: number, out: Float64Array): void {
  let sum = 0;
  let total = 0;
  let product = 1;
  for (let i = from; i < to; i++) {
    const x = raw[i];
    const e = Math.exp(-Math.abs(x));
    if (g && h) {
      const w = weights ? weights[i] : 1;
      const p = x >= 0 ? 1 / (1 + e) : e / (1 + e);
      g[i] = w * (p - y[i]);
      h[i] = w * p * (1 - p);
    }
    if (weights) {
      const softplus = Math.log1p(e);
      sum += weights[i] * ((x > 0 ? x + softplus : softplus) - y[i] * x);
      total += weights[i];
    } else {
      sum += (x > 0 ? x : 0) - y[i] * x;
      product *= 1 + e;
      if (i % PRODUCT_RUN === PRODUCT_RUN - 1) {
        sum += Math.log(product);
        product = 1;
      }
    }
  }
  out[0] = weights ? sum : sum + Math.log(product);
  out[1] = weights ? total : to - from;
}

export function multinomialLogLoss(classes: number): Loss {
  return {
    width: classes,
    constantHessian: false,
    baseline(y, weights) {
      // The symmetric multinomial logit of the class shares: log p_k minus the mean of the logs.
      const out = new Float64Array(classes);
      for (let k = 0; k < classes; k++) {
        const p = weightedMean(indicator(y, k), weights);
        out[k] = Math.log(Math.min(Math.max(p, 2.220446049250313e-16), 1 - 2.220446049250313e-16));
      }
      const mean = out.reduce((a, b) => a + b, 0) / classes;
      for (let k = 0; k < classes; k++) out[k] -= mean;
      return out;
    },
    ...chunked((y, raw, weights, g, h, from, to, out) => {
      const n = y.length;
      const p = new Float64Array(classes);
      let sum = 0;
      let total = 0;
      for (let i = from; i < to; i++) {
        const exponentials = softmax(raw, i, n, classes, p, 0);
        const w = weights ? weights[i] : 1;
        if (g && h) {
          for (let k = 0; k < classes; k++) {
            g[k * n + i] = w * (p[k] - (y[i] === k ? 1 : 0));
            h[k * n + i] = w * p[k] * (1 - p[k]);
          }
        }
        sum += w * (exponentials.max + Math.log(exponentials.sum) - raw[y[i] * n + i]);
        total += w;
      }
      out[0] = sum;
      out[1] = total;
    }),
  };
}

const shift = { max: 0, sum: 0 };

/**
 * Softmax of `width` scores raw[at], raw[at + stride], … into out[outAt … outAt + width); returns
 * the largest score and Σ e^(score − largest) (valid until the next call).
 */
export function softmax(raw: Float64Array, at: number, stride: number, width: number, out: Float64Array, outAt: number): { max: number; sum: number } {
  let max = -Infinity;
  for (let k = 0; k < width; k++) max = Math.max(max, raw[at + k * stride]);
  let sum = 0;
  for (let k = 0; k < width; k++) sum += out[outAt + k] = Math.exp(raw[at + k * stride] - max);
  for (let k = 0; k < width; k++) out[outAt + k] /= sum;
  shift.max = max;
  shift.sum = sum;
  return shift;
}

export function lossFor(task: 'classification' | 'regression', classes: number): Loss {
  if (task === 'regression') return squaredError;
  return classes === 2 ? binaryLogLoss : multinomialLogLoss(classes);
}
