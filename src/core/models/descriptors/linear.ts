/**
 * Logistic (softmax) regression and linear regression, fitted by the solvers scikit-learn uses. The
 * parameters mean what they mean there: C for LogisticRegression, alpha for Ridge / Lasso / ElasticNet.
 */
import type { ModelDescriptor } from '../contract';
import { NUMERIC_INPUTS } from './inputs';

const penalty = { type: 'enum', label: 'Penalty', default: 'l2', options: ['l2', 'l1', 'elasticnet', 'none'] } as const;
const l1Ratio = { type: 'number', label: 'L1 share of the elastic-net penalty', default: 0.5, min: 0, max: 1 } as const;
const tol = { type: 'number', label: 'Tolerance (stop once the gradient is this small)', default: 1e-4, min: 1e-12, max: 1 } as const;

export const logisticRegression: ModelDescriptor = {
  kind: 'logistic_regression',
  title: 'Logistic regression',
  description: 'A linear model of the class log-odds: fast, and its coefficients say how each feature pushes the prediction.',
  tasks: ['classification'],
  params: {
    penalty,
    C: { type: 'number', label: 'Inverse regularisation strength C', default: 1, min: 1e-6, max: 1e6 },
    l1_ratio: l1Ratio,
    max_iter: { type: 'number', label: 'Iteration limit', default: 100, min: 1, max: 100000, integer: true },
    tol,
    class_weight: { type: 'enum', label: 'Class weights', default: 'none', options: ['none', 'balanced'] },
  },
  ...NUMERIC_INPUTS,
  implementation: () => import('../linear').then((m) => m.logisticRegressionModel),
};

export const linearRegression: ModelDescriptor = {
  kind: 'linear_regression',
  title: 'Linear regression (ridge)',
  description: 'A straight-line fit of the target on the features, with a ridge (L2), lasso (L1) or elastic-net penalty.',
  tasks: ['regression'],
  params: {
    penalty,
    alpha: { type: 'number', label: 'Regularisation strength alpha', default: 1, min: 0, max: 1e6 },
    l1_ratio: l1Ratio,
    max_iter: { type: 'number', label: 'Iteration limit (lasso and elastic net)', default: 1000, min: 1, max: 100000, integer: true },
    tol,
  },
  ...NUMERIC_INPUTS,
  implementation: () => import('../linear').then((m) => m.linearRegressionModel),
};
