/** Small pure helpers for the evaluation plots (cheap enough to run in the page on every slider move). */
import type { ThresholdMetrics } from '../../core/metrics/curves';

/** Each row divided by its total (scikit-learn's normalize='true': the share of each actual class). */
export function normaliseRows(matrix: number[][]): number[][] {
  return matrix.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (total ? v / total : 0));
  });
}

/**
 * The 2×2 confusion of metricsAtThreshold ([[tn, fp], [fn, tp]], negative first) laid out in the
 * order of `classes` (rows actual, columns predicted).
 */
export function confusionInClassOrder(classes: string[], positiveClass: string, m: ThresholdMetrics): number[][] {
  const [[tn, fp], [fn, tp]] = m.confusion;
  return classes.indexOf(positiveClass) === 0
    ? [
        [tp, fn],
        [fp, tn],
      ]
    : [
        [tn, fp],
        [fn, tp],
      ];
}

/** actual − predicted per row. */
export function residuals(actual: number[], predicted: number[]): number[] {
  return actual.map((a, i) => a - predicted[i]);
}

export const fixed = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');

/** A plot's title with its score when the run has one: 'ROC curve (AUC 0.981)'. */
export const withScore = (title: string, score: string, value: number | undefined): string => (value === undefined ? title : `${title} (${score} ${fixed(value)})`);

/** Axis range for probabilities, with a little room so the curve's ends are not clipped. */
export const UNIT: [number, number] = [-0.02, 1.02];

/** Legend above the plot area, so that it never runs into the x-axis title (on a phone either). */
export const LEGEND_ABOVE = {
  legend: { orientation: 'h' as const, x: 0, y: 1.02, xanchor: 'left' as const, yanchor: 'bottom' as const },
  margin: { l: 56, r: 16, t: 44, b: 48 },
};
