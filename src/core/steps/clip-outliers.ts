/** Clip numeric columns to training quantiles (winsorising): extreme values stop dominating a fit. */
import type { ParamsSchema } from '../params';
import { numericMapStep } from './numeric-map';
import { quantiles } from './stats';
import { stepError } from './step';

const title = 'Clip outliers';

const params: ParamsSchema = {
  lower: { type: 'number', label: 'Lower quantile', default: 0.01, min: 0, max: 1 },
  upper: { type: 'number', label: 'Upper quantile', default: 0.99, min: 0, max: 1 },
};

export const clipOutliers = numericMapStep<{ low: number; high: number }, { lower: number; upper: number }>({
  kind: 'clip_outliers',
  title,
  description: 'Values below the training lower quantile are raised to it, values above the upper quantile lowered to it.',
  params,
  fitColumn(present, { lower, upper }) {
    if (lower >= upper) throw stepError(title, `the lower quantile (${lower}) must be below the upper one (${upper})`);
    const [low, high] = quantiles(present, [lower, upper]);
    return { low, high };
  },
  map: ({ low, high }) => (v) => Math.min(Math.max(v, low), high),
});
