/** Centre and scale numeric columns with the training mean and (population) standard deviation. */
import { numericMapStep } from './numeric-map';
import { mean, variance } from './stats';

export const standardize = numericMapStep<{ mean: number; std: number }>({
  kind: 'standardize',
  title: 'Standardise',
  description: 'Subtract the training mean and divide by the training standard deviation (scikit-learn StandardScaler).',
  params: {},
  fitColumn(present) {
    const std = Math.sqrt(variance(present));
    // A constant column would divide by zero; scikit-learn leaves it unscaled the same way.
    return { mean: mean(present), std: std > 0 ? std : 1 };
  },
  map: ({ mean, std }) => (v) => (v - mean) / std,
});
