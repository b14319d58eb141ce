/** A multilayer perceptron; the defaults are scikit-learn MLP(64, 64)'s. */
import * as tf from '@tensorflow/tfjs';
import { resolveParams } from '../params';
import { denseLayer, outputLayer } from './layers';
import { trainingParamsSchema, type ModelKind } from './model';

interface MlpParams {
  layers: number;
  units: number;
  activation: 'relu' | 'tanh';
  alpha: number;
  dropout: number;
  batch_norm: boolean;
}

export const mlp: ModelKind = {
  kind: 'mlp',
  title: 'Neural network (MLP)',
  tasks: ['classification', 'regression'],
  params: {
    layers: { type: 'number', label: 'Hidden layers', default: 2, min: 1, max: 8, integer: true },
    units: { type: 'number', label: 'Units per layer', default: 64, min: 1, max: 4096, integer: true },
    activation: { type: 'enum', label: 'Activation', default: 'relu', options: ['relu', 'tanh'] },
    alpha: { type: 'number', label: 'L2 penalty alpha', default: 1e-4, min: 0, max: 1e3 },
    dropout: { type: 'number', label: 'Dropout after each hidden layer', default: 0, min: 0, max: 0.9 },
    batch_norm: { type: 'boolean', label: 'Batch normalisation', default: false },
    ...trainingParamsSchema({ epochs: 100, batch_size: 0, learning_rate: 0.003, schedule: 'cosine' }),
  },
  build(values, context) {
    const p = resolveParams<MlpParams>(this.params, values);
    // scikit-learn adds ½·alpha·‖W‖²/n to the mean loss.
    const penalty = { l2: p.alpha / (2 * context.trainRows) };
    const model = tf.sequential();
    for (let i = 0; i < p.layers; i++) {
      model.add(denseLayer(p.units, p.activation, context.seed + i, penalty, i === 0 ? context.inputs : undefined));
      if (p.batch_norm) model.add(tf.layers.batchNormalization());
      if (p.dropout > 0) model.add(tf.layers.dropout({ rate: p.dropout, seed: context.seed + 100 + i }));
    }
    model.add(outputLayer(context, context.seed + p.layers, penalty));
    return model;
  },
};
