/** k-nearest neighbours, as scikit-learn's brute-force KNeighborsClassifier / KNeighborsRegressor. */
import type { ModelDescriptor } from '../contract';

export const KNN_WEIGHTINGS = ['uniform', 'distance'] as const;
export const KNN_METRICS = ['euclidean', 'manhattan'] as const;

export const knn: ModelDescriptor = {
  kind: 'knn',
  title: 'k-nearest neighbours',
  description: 'Predicts from the k most similar training rows; the model file keeps those rows.',
  tasks: ['classification', 'regression'],
  params: {
    k: { type: 'number', label: 'Neighbours k', default: 5, min: 1, max: 1000, integer: true },
    weights: { type: 'enum', label: 'Neighbour weights', default: 'uniform', options: KNN_WEIGHTINGS },
    metric: { type: 'enum', label: 'Distance', default: 'euclidean', options: KNN_METRICS },
  },
  accepts: { categorical: false, missing: false, unscaled: false },
  keepsTrainingRows: () => true,
  implementation: () => import('../knn').then((m) => m.knnModel),
};
