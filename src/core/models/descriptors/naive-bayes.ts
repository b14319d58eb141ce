/** Gaussian naive Bayes, fitted in closed form (no epochs). */
import type { ModelDescriptor } from '../contract';
import { NUMERIC_INPUTS } from './inputs';

export const gaussianNaiveBayes: ModelDescriptor = {
  kind: 'gaussian_nb',
  title: 'Gaussian naive Bayes',
  description: 'Class probabilities from one bell curve per feature and class: instant to fit, a good baseline.',
  tasks: ['classification'],
  params: {
    var_smoothing: { type: 'number', label: 'Variance smoothing (share of the largest variance)', default: 1e-9, min: 0, max: 1 },
  },
  ...NUMERIC_INPUTS,
  implementation: () => import('../network/naive-bayes').then((m) => m.naiveBayesModel),
};
