/** Histogram bins for the present values of a numeric or date column. */
import type { Histogram } from './types';

const MIN_BINS = 5;
const MAX_BINS = 50;

/**
 * The number of equal-width bins: Freedman–Diaconis (width 2·IQR/∛n), which follows the data's
 * spread and ignores its tails, clamped to 5–50 so that a chart stays readable; Sturges'
 * log2(n) + 1 when the IQR is 0.
 */
export function binCount(n: number, min: number, max: number, iqr: number): number {
  const raw = iqr > 0 ? Math.ceil((max - min) / ((2 * iqr) / Math.cbrt(n))) : Math.ceil(Math.log2(Math.max(1, n)) + 1);
  return Math.min(MAX_BINS, Math.max(MIN_BINS, raw));
}

export function histogram(values: Float64Array, min: number, max: number, bins: number): Histogram {
  if (!(max > min)) {
    let present = 0;
    for (const v of values) if (v === v) present++;
    return { edges: [min, max], counts: [present] };
  }
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    if (v !== v) continue;
    // The maximum belongs to the last bin, not to one past it.
    counts[Math.min(bins - 1, Math.floor((v - min) / width))]++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  return { edges, counts };
}
