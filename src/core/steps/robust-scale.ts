/** Centre on the training median and scale by the interquartile range (scikit-learn RobustScaler). */
import { numericMapStep } from './numeric-map';
import { quantiles } from './stats';

export const robustScale = numericMapStep<{ median: number; iqr: number }>({
  kind: 'robust_scale',
  title: 'Robust scale',
  description: 'Subtract the training median and divide by the training interquartile range (25th to 75th percentile); outliers barely move the scale.',
  params: {},
  fitColumn(present) {
    const [q1, median, q3] = quantiles(present, [0.25, 0.5, 0.75]);
    const iqr = q3 - q1;
    // Zero spread would divide by zero; RobustScaler leaves such a column unscaled.
    return { median, iqr: iqr > 0 ? iqr : 1 };
  },
  map: ({ median, iqr }) => (v) => (v - median) / iqr,
});
