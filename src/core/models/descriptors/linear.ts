/**
 * Logistic (softmax) regression and linear regression. The penalty follows scikit-learn's
 * parameterisation (C for LogisticRegression, alpha for Ridge/Lasso), so the defaults mean what a
 * scikit-learn user expects.
 */
import type { ModelDescriptor } from '../contract';
import { trainingParamsSchema } from '../training-params';
import { NUMERIC_INPUTS } from './inputs';

const penaltyParam = { type: 'enum', label: 'Penalty', default: 'l2', options: ['l2', 'l1', 'none'] } as const;

export const logisticRegression: ModelDescriptor = {
  kind: 'logistic_regression',
  title: 'Logistic regression',
  description: 'A linear model of the class log-odds: fast, and its coefficients say how each feature pushes the prediction.',
  tasks: ['classification'],
  params: {
    penalty: penaltyParam,
    C: { type: 'number', label: 'Inverse regularisation strength C', default: 1, min: 1e-6, max: 1e6 },
    ...trainingParamsSchema({ epochs: 100, batch_size: 0, learning_rate: 0.03, schedule: 'cosine' }),
  },
  ...NUMERIC_INPUTS,
  implementation: () => import('../network/linear').then((m) => m.logisticRegressionModel),
};

export const linearRegression: ModelDescriptor = {
  kind: 'linear_regression',
  title: 'Linear regression (ridge)',
  description: 'A straight-line fit of the target on the features, with a ridge (L2) or lasso (L1) penalty.',
  tasks: ['regression'],
  params: {
    penalty: penaltyParam,
    alpha: { type: 'number', label: 'Regularisation strength alpha', default: 1, min: 0, max: 1e6 },
    ...trainingParamsSchema({ epochs: 100, batch_size: 0, learning_rate: 0.03, schedule: 'cosine' }),
  },
  ...NUMERIC_INPUTS,
  implementation: () => import('../network/linear').then((m) => m.linearRegressionModel),
};
