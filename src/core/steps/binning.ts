/** Discretise numeric columns into k bins, as scikit-learn's KBinsDiscretizer(encode='ordinal'). */
import type { ParamsSchema } from '../params';
import { numericMapStep } from './numeric-map';
import { minMax, quantiles } from './stats';

const params: ParamsSchema = {
  bins: { type: 'number', label: 'Bins', default: 5, min: 2, max: 1000, integer: true },
  strategy: { type: 'enum', label: 'Bin edges', default: 'quantile', options: ['quantile', 'uniform'] },
};

/** Edges closer than this merge, as KBinsDiscretizer drops the empty bins of repeated quantiles. */
const MIN_WIDTH = 1e-8;

function edgesOf(present: Float64Array, bins: number, strategy: string): number[] {
  if (strategy === 'uniform') {
    const { min, max } = minMax(present);
    return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + (i * (max - min)) / bins));
  }
  return quantiles(present, Array.from({ length: bins + 1 }, (_, i) => i / bins));
}

/** How many of the inner edges are ≤ v: numpy's searchsorted(edges[1:-1], v, side='right'). */
function binOf(edges: readonly number[], v: number): number {
  let lo = 1;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export const binning = numericMapStep<{ edges: number[] }, { bins: number; strategy: string }>({
  kind: 'binning',
  title: 'Binning',
  description:
    'Replace each value by its bin number 0…k−1. Edges come from the training rows: equal widths (uniform) or equal counts (quantile). New values beyond the training range fall in the first or last bin.',
  params,
  fitColumn(present, { bins, strategy }) {
    const raw = edgesOf(present, bins, strategy);
    return { edges: raw.filter((e, i) => i === 0 || e - raw[i - 1] > MIN_WIDTH) };
  },
  map: ({ edges }) => (v) => binOf(edges, v),
});
