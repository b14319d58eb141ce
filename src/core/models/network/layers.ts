/** Layer builders shared by the model kinds, seeded so a run can be repeated exactly. */
import * as tf from '@tensorflow/tfjs';
import type { BuildContext } from './model';

/** Weight penalties as scikit-learn states them, already divided per sample. */
export interface Penalty {
  l1?: number;
  l2?: number;
}

function regularizer({ l1 = 0, l2 = 0 }: Penalty) {
  return l1 > 0 || l2 > 0 ? tf.regularizers.l1l2({ l1, l2 }) : undefined;
}

export function denseLayer(units: number, activation: 'relu' | 'tanh' | 'linear' | 'softmax', seed: number, penalty: Penalty, inputs?: number) {
  return tf.layers.dense({
    units,
    activation,
    inputShape: inputs === undefined ? undefined : [inputs],
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    biasInitializer: 'zeros',
    kernelRegularizer: regularizer(penalty),
  });
}

/** Softmax over the classes for classification, one linear unit for regression. */
export function outputLayer(context: BuildContext, seed: number, penalty: Penalty, inputs?: number) {
  return context.task === 'classification'
    ? denseLayer(context.outputs, 'softmax', seed, penalty, inputs)
    : denseLayer(1, 'linear', seed, penalty, inputs);
}
