/** Readable names and formats for the metrics a run reports. */
import { lowerIsBetter } from '../../core/metrics/direction';
import { bestIndexes } from '../shell/best';

const LABELS: Record<string, string> = {
  accuracy: 'Accuracy',
  f1_macro: 'Macro F1',
  roc_auc: 'ROC AUC',
  precision_macro: 'Macro precision',
  recall_macro: 'Macro recall',
  log_loss: 'Log loss',
  balanced_accuracy: 'Balanced accuracy',
  average_precision: 'Average precision',
  f1_weighted: 'Weighted F1',
  precision_weighted: 'Weighted precision',
  recall_weighted: 'Weighted recall',
  r2: 'R²',
  rmse: 'RMSE',
  mae: 'MAE',
  mse: 'MSE',
  mape: 'MAPE',
};

/** The metrics shown first, per task, in this order; others follow alphabetically. */
const FIRST = ['accuracy', 'f1_macro', 'roc_auc', 'r2', 'rmse', 'mae'];

export function metricLabel(key: string): string {
  return LABELS[key] ?? key.replace(/_/g, ' ');
}

export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e5 || abs < 1e-3)) return value.toExponential(3);
  if (abs >= 100) return value.toFixed(1);
  return value.toFixed(3);
}

export function orderedMetrics(metrics: Record<string, number>): [string, number][] {
  const entries = Object.entries(metrics);
  const rank = (k: string) => {
    const i = FIRST.indexOf(k);
    return i < 0 ? FIRST.length : i;
  };
  return entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A metric's row of a side-by-side comparison: each compared thing's value ('—' where it has none), the best marked. */
export interface MetricRow {
  label: string;
  metric: string;
  numeric: true;
  values: string[];
  best: number[];
}

/** One row per metric that any of the compared things reports, in the usual order (models, runs). */
export function metricRows(metrics: readonly Record<string, number>[]): MetricRow[] {
  const keys = orderedMetrics(Object.fromEntries(metrics.flatMap((m) => Object.keys(m)).map((k) => [k, 0]))).map(([k]) => k);
  return keys.map((key) => {
    const values = metrics.map((m) => m[key]);
    return {
      label: metricLabel(key),
      metric: key,
      numeric: true,
      values: values.map((v) => (v === undefined ? '—' : formatMetric(v))),
      best: bestIndexes(values, lowerIsBetter(key)),
    };
  });
}
