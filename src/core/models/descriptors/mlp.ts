/** A multilayer perceptron; the defaults are scikit-learn MLP(64, 64)'s. */
import type { ModelDescriptor } from '../contract';
import { trainingParamsSchema } from '../training-params';
import { NUMERIC_INPUTS } from './inputs';

export const mlp: ModelDescriptor = {
  kind: 'mlp',
  title: 'Neural network (MLP)',
  description: 'Layers of units that learn curved, interacting effects; needs scaled features and more data than a linear model.',
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
  ...NUMERIC_INPUTS,
  implementation: () => import('../network/mlp').then((m) => m.mlpModel),
};
