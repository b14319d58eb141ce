/** A multilayer perceptron; the defaults are scikit-learn MLP(64, 64)'s. */
import * as tf from '@tensorflow/tfjs';
import { resolveParams } from '../../params';
import { mlp } from '../descriptors/mlp';
import { denseLayer, outputLayer } from './layers';
import type { NetworkKind } from './model';
import { networkModel } from './network-model';

interface MlpParams {
  layers: number;
  units: number;
  activation: 'relu' | 'tanh';
  alpha: number;
  dropout: number;
  batch_norm: boolean;
}

export const mlpNetwork: NetworkKind = {
  ...mlp,
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

export const mlpModel = networkModel(mlpNetwork);
