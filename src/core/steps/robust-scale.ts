/** Centre on the training median and scale by the interquartile range (scikit-learn RobustScaler). */
import { numericMapStep } from './numeric-map';
import { quantile, sorted } from './stats';

export const robustScale = numericMapStep<{ median: number; iqr: number }>({
  kind: 'robust_scale',
  title: 'Robust scale',
  description: 'Subtract the training median and divide by the training interquartile range (25th to 75th percentile); outliers barely move the scale.',
  params: {},
  fitColumn(present) {
    const ascending = sorted(present);
    const iqr = quantile(ascending, 0.75) - quantile(ascending, 0.25);
    // Zero spread would divide by zero; RobustScaler leaves such a column unscaled.
    return { median: quantile(ascending, 0.5), iqr: iqr > 0 ? iqr : 1 };
  },
  map: ({ median, iqr }) => (v) => (v - median) / iqr,
});
