/**
 * Gaussian naive Bayes, fitted in closed form and expressed as a standard tfjs LayersModel, so the
 * bundle, prediction, the CLI and plain TensorFlow.js need nothing special:
 *   log p(c|x) = log p(c) − ½ Σⱼ [log 2πσ²ⱼ꜀ + (xⱼ − μⱼ꜀)²/σ²ⱼ꜀] + const.
 * A first dense layer gives every xⱼ − μⱼ꜀ (weights 1, bias −μ), a multiply layer squares them, a
 * second dense layer weighs them by −1/(2σ²) per class and adds the log prior, and a softmax
 * normalises: scikit-learn's GaussianNB probabilities. Subtracting μ before squaring matters: the
 * expanded form x²/σ² − 2xμ/σ² + μ²/σ² cancels catastrophically in float32 when a variance is tiny.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveParams } from '../../params';
import { gaussianNaiveBayes } from '../descriptors/naive-bayes';
import type { NetworkKind } from './model';
import { networkModel } from './network-model';

/** A class absent from the training rows can never be predicted; a finite stand-in for log 0 keeps the weights serialisable. */
const LOG_ZERO = -1e9;

export const naiveBayesNetwork: NetworkKind = {
  ...gaussianNaiveBayes,
  build(_values, context) {
    const k = context.outputs;
    const d = context.inputs;
    const x = tf.input({ shape: [d] });
    const deviation = tf.layers.dense({ units: k * d, name: 'deviation_from_class_means' }).apply(x) as tf.SymbolicTensor;
    const squared = tf.layers.multiply().apply([deviation, deviation]) as tf.SymbolicTensor;
    const posterior = tf.layers.dense({ units: k, activation: 'softmax', name: 'class_log_likelihood' }).apply(squared) as tf.SymbolicTensor;
    return tf.model({ inputs: x, outputs: posterior });
  },
  fit(model, values, data) {
    const { var_smoothing } = resolveParams<{ var_smoothing: number }>(this.params, values);
    const { x, y, rows, features: d, outputs: k } = data;
    const count = new Float64Array(k);
    const sum = new Float64Array(k * d);
    const squares = new Float64Array(k * d);
    for (let i = 0; i < rows; i++) {
      const c = y[i];
      count[c]++;
      for (let j = 0; j < d; j++) {
        const v = x[i * d + j];
        sum[c * d + j] += v;
        squares[c * d + j] += v * v;
      }
    }
    // scikit-learn adds var_smoothing × the largest feature variance (over all rows) to every variance.
    let largest = 0;
    for (let j = 0; j < d; j++) {
      let s = 0;
      let q = 0;
      for (let c = 0; c < k; c++) {
        s += sum[c * d + j];
        q += squares[c * d + j];
      }
      largest = Math.max(largest, q / rows - (s / rows) ** 2);
    }
    const epsilon = var_smoothing * largest;
    const shift = new Float32Array(d * k * d);
    const means = new Float32Array(k * d);
    const weigh = new Float32Array(k * d * k);
    const prior = new Float32Array(k);
    for (let c = 0; c < k; c++) {
      if (count[c] === 0) {
        prior[c] = LOG_ZERO;
        continue;
      }
      let b = Math.log(count[c] / rows);
      for (let j = 0; j < d; j++) {
        const mean = sum[c * d + j] / count[c];
        const variance = Math.max(squares[c * d + j] / count[c] - mean * mean, 0) + epsilon || Number.MIN_VALUE;
        const unit = c * d + j;
        shift[j * k * d + unit] = 1;
        means[unit] = -mean;
        weigh[unit * k + c] = -1 / (2 * variance);
        b -= 0.5 * Math.log(2 * Math.PI * variance);
      }
      prior[c] = b;
    }
    const weights = [tf.tensor2d(shift, [d, k * d]), tf.tensor1d(means), tf.tensor2d(weigh, [k * d, k]), tf.tensor1d(prior)];
    model.setWeights(weights);
    weights.forEach((w) => w.dispose());
  },
};


export const naiveBayesModel = networkModel(naiveBayesNetwork);
