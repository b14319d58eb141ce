/** The fairness report as the Results view shows it: one row per group, the columns each task has, the disparities named. */
import type { FairnessReport } from '../../core/fairness/report';

export interface FairnessColumn {
  key: string;
  label: string;
  /** A short header for the table, where the label is long. */
  short?: string;
}

const LABELS: Record<string, string> = {
  accuracy: 'Accuracy',
  selection_rate: 'Selection rate',
  true_positive_rate: 'True-positive rate',
  false_positive_rate: 'False-positive rate',
  precision: 'Precision',
  mae: 'MAE',
  rmse: 'RMSE',
};

const SHORT: Record<string, string> = { true_positive_rate: 'TPR', false_positive_rate: 'FPR' };

export const DISPARITY_LABELS: Record<string, string> = {
  demographic_parity_difference: 'Demographic parity difference',
  demographic_parity_ratio: 'Demographic parity ratio',
  equalized_odds_difference: 'Equalized odds difference',
  mae_difference: 'MAE difference',
  mae_ratio: 'MAE ratio',
  rmse_difference: 'RMSE difference',
};

/** The figures per group: accuracy and the outcome's rates (classification), or the errors (regression). */
export function fairnessColumns(report: FairnessReport): FairnessColumn[] {
  const keys = report.task === 'classification' ? ['accuracy', 'selection_rate', 'true_positive_rate', 'false_positive_rate', 'precision'] : ['mae', 'rmse'];
  return keys.map((key) => ({ key, label: LABELS[key], ...(SHORT[key] ? { short: SHORT[key] } : {}) }));
}

export interface FairnessRow {
  group: string;
  rows: number;
  values: Record<string, number>;
  /** Rates that count as 0 because the group has no rows to take them over (fairlearn's convention). */
  empty: string[];
}

/** One row per group, the chosen outcome class's rates merged with the group's own figures. */
export function fairnessRows(report: FairnessReport, outcome = 0): FairnessRow[] {
  const o = report.outcomes?.[outcome];
  return report.groups.map((g, i) => {
    const figures = o?.groups[i];
    const empty = figures ? [...(figures.positives === 0 ? ['true_positive_rate'] : []), ...(figures.negatives === 0 ? ['false_positive_rate'] : []), ...(figures.selected === 0 ? ['precision'] : [])] : [];
    return { group: g.values.join(' · '), rows: g.rows, values: { ...g.metrics, ...(figures?.metrics ?? {}) }, empty };
  });
}
