/** Layer builders shared by the model kinds, seeded so a run can be repeated exactly. */
import * as tf from '@tensorflow/tfjs';
import type { BuildContext } from './model';

export function denseLayer(units: number, activation: 'relu' | 'tanh' | 'linear' | 'softmax', seed: number, l2: number, inputs?: number) {
  return tf.layers.dense({
    units,
    activation,
    inputShape: inputs === undefined ? undefined : [inputs],
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    biasInitializer: 'zeros',
    kernelRegularizer: l2 > 0 ? tf.regularizers.l2({ l2 }) : undefined,
  });
}

/** Softmax over the classes for classification, one linear unit for regression. */
export function outputLayer(context: BuildContext, seed: number, l2: number, inputs?: number) {
  return context.task === 'classification'
    ? denseLayer(context.outputs, 'softmax', seed, l2, inputs)
    : denseLayer(1, 'linear', seed, l2, inputs);
}
