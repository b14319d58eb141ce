/** Make numeric columns more Gaussian-like: scikit-learn's PowerTransformer defaults (Yeo-Johnson, then standardised). */
import { numericMapStep } from './numeric-map';
import { mean, variance } from './stats';
import { fitLambda, yeoJohnson } from './yeo-johnson';

export const powerTransform = numericMapStep<{ lambda: number; mean: number; std: number }>({
  kind: 'power_transform',
  title: 'Power transform',
  description: 'Yeo-Johnson transform with λ fitted by maximum likelihood on the training rows, then standardised to mean 0 and deviation 1.',
  params: {},
  fitColumn(present) {
    const lambda = fitLambda(present);
    const transformed = present.map((x) => yeoJohnson(x, lambda));
    const std = Math.sqrt(variance(transformed));
    return { lambda, mean: mean(transformed), std: std > 0 ? std : 1 };
  },
  map: ({ lambda, mean, std }) => (v) => (yeoJohnson(v, lambda) - mean) / std,
});
