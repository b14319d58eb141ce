/**
 * The fairness report of a model on labelled rows, as fairlearn defines its figures:
 * - per group (MetricFrame.by_group): rows, accuracy, and for each outcome class its selection
 *   rate (share of rows predicted as that class), true- and false-positive rate and precision;
 *   MAE and RMSE for regression;
 * - demographic parity difference and ratio: the largest minus the smallest group selection rate,
 *   and the smallest over the largest (MetricFrame.difference / ratio, method 'between_groups');
 * - equalized odds difference: the larger of the true-positive-rate and false-positive-rate
 *   differences between groups (agg 'worst_case').
 * A rate over no rows (a group without positive rows has no true-positive rate) counts as 0, as
 * scikit-learn's confusion matrix normalised by the true class (which fairlearn reads) makes it;
 * the report says where that happened. A ratio whose largest rate is 0 is undefined (null).
 *
 * "Selected" is fairlearn's pos_label: with two classes the positive one (the second in sorted
 * order, as everywhere in the studio); with more, every class in turn, one against the rest, and
 * the report's disparities are the worst over the classes (largest differences, smallest ratio).
 */
import type { Column } from '../table/table';
import type { Task } from '../values';
import { groupRows } from './groups';

/** Groups with fewer test rows than this are named in the notes: one row more or less moves their rates a lot. */
export const SMALL_GROUP = 10;

/** One outcome's figures on a set of rows (a group or all of them). */
export interface OutcomeFigures {
  /** selection_rate, true_positive_rate, false_positive_rate, precision. */
  metrics: Record<string, number>;
  /** Rows of the outcome class, rows of other classes, rows predicted as the outcome class. */
  positives: number;
  negatives: number;
  selected: number;
}

export interface OutcomeFairness {
  /** The class counted as selected. */
  class: string;
  /** Aligned with the report's groups. */
  groups: OutcomeFigures[];
  overall: OutcomeFigures;
  /** demographic_parity_difference, demographic_parity_ratio (null: no group selected), equalized_odds_difference. */
  disparities: Record<string, number | null>;
}

export interface FairnessGroup {
  /** The group's value of each sensitive column, in their order. */
  values: string[];
  rows: number;
  /** accuracy (classification); mae and rmse (regression). */
  metrics: Record<string, number>;
}

export interface FairnessReport {
  task: Task;
  /** The sensitive columns, in the order of each group's values. */
  sensitive: string[];
  rows: number;
  groups: FairnessGroup[];
  overall: { rows: number; metrics: Record<string, number> };
  /** Classification: per outcome class (one for two classes, each class for more). */
  outcomes?: OutcomeFairness[];
  /**
   * The disparities a gate judges: classification the worst over the outcomes
   * (demographic_parity_difference, demographic_parity_ratio, equalized_odds_difference);
   * regression mae_difference, mae_ratio and rmse_difference between groups.
   */
  disparities: Record<string, number | null>;
  /** Groupings and conventions worth knowing when reading the figures. */
  notes: string[];
}

export interface FairnessInput {
  task: Task;
  /** Classification: the class labels the model predicts (indices into them below). */
  classes?: readonly string[];
  /** The sensitive columns, read at `rows`. */
  columns: readonly Column[];
  /** Positions of the reported rows in the columns. */
  rows: ArrayLike<number>;
  /** Per reported row: the true class index (−1: a class the model does not know) or value. */
  actual: ArrayLike<number>;
  /** Per reported row: the predicted class index or value. */
  predicted: ArrayLike<number>;
}

/** Largest minus smallest, and smallest over largest (null when the largest is 0: 0/0 in fairlearn). */
function spread(values: readonly number[]): { difference: number; ratio: number | null } {
  const max = Math.max(...values);
  const min = Math.min(...values);
  return { difference: max - min, ratio: max === 0 ? null : min / max };
}

/** fairlearn's and scikit-learn's rates: a share of no rows is 0. */
const rate = (count: number, of: number) => (of === 0 ? 0 : count / of);

interface Counts {
  rows: number;
  positives: number;
  selected: number;
  truePositives: number;
}

function outcomeFigures(c: Counts): OutcomeFigures {
  const negatives = c.rows - c.positives;
  const falsePositives = c.selected - c.truePositives;
  return {
    metrics: {
      selection_rate: rate(c.selected, c.rows),
      true_positive_rate: rate(c.truePositives, c.positives),
      false_positive_rate: rate(falsePositives, negatives),
      precision: rate(c.truePositives, c.selected),
    },
    positives: c.positives,
    negatives,
    selected: c.selected,
  };
}

function outcome(label: string, k: number, input: FairnessInput, groupOf: Int32Array, groups: number, notes: string[], names: readonly string[]): OutcomeFairness {
  const counts = Array.from({ length: groups + 1 }, (): Counts => ({ rows: 0, positives: 0, selected: 0, truePositives: 0 }));
  for (let i = 0; i < groupOf.length; i++) {
    const positive = input.actual[i] === k;
    const selected = input.predicted[i] === k;
    for (const c of [counts[groupOf[i]], counts[groups]]) {
      c.rows++;
      if (positive) c.positives++;
      if (selected) c.selected++;
      if (positive && selected) c.truePositives++;
    }
  }
  const figures = counts.slice(0, groups).map(outcomeFigures);
  const without = (pick: (f: OutcomeFigures) => number) => names.filter((_, g) => pick(figures[g]) === 0);
  const noPositives = without((f) => f.positives);
  const noNegatives = without((f) => f.negatives);
  if (noPositives.length) notes.push(`No rows of class "${label}" in ${noPositives.join('; ')}: ${noPositives.length === 1 ? 'its true-positive rate counts' : 'their true-positive rates count'} as 0`);
  if (noNegatives.length) notes.push(`Only rows of class "${label}" in ${noNegatives.join('; ')}: ${noNegatives.length === 1 ? 'its false-positive rate counts' : 'their false-positive rates count'} as 0`);
  const selection = spread(figures.map((f) => f.metrics.selection_rate));
  const tpr = spread(figures.map((f) => f.metrics.true_positive_rate));
  const fpr = spread(figures.map((f) => f.metrics.false_positive_rate));
  return {
    class: label,
    groups: figures,
    overall: outcomeFigures(counts[groups]),
    disparities: {
      demographic_parity_difference: selection.difference,
      demographic_parity_ratio: selection.ratio,
      equalized_odds_difference: Math.max(tpr.difference, fpr.difference),
    },
  };
}

/** The worst of each disparity over the outcomes: the largest difference, the smallest defined ratio. */
function worst(outcomes: readonly OutcomeFairness[]): Record<string, number | null> {
  const ratios = outcomes.map((o) => o.disparities.demographic_parity_ratio).filter((r): r is number => r !== null);
  return {
    demographic_parity_difference: Math.max(...outcomes.map((o) => o.disparities.demographic_parity_difference as number)),
    demographic_parity_ratio: ratios.length ? Math.min(...ratios) : null,
    equalized_odds_difference: Math.max(...outcomes.map((o) => o.disparities.equalized_odds_difference as number)),
  };
}

function errorMetrics(sumAbs: number, sumSq: number, n: number): Record<string, number> {
  return { mae: n ? sumAbs / n : 0, rmse: n ? Math.sqrt(sumSq / n) : 0 };
}

export function fairnessReport(input: FairnessInput): FairnessReport {
  const { task, columns, rows, actual, predicted } = input;
  if (rows.length === 0) throw new Error('The fairness report needs at least one labelled row');
  if (actual.length !== rows.length || predicted.length !== rows.length) throw new Error('The fairness report needs one true and one predicted value per row');
  const { groups: values, groupOf, notes } = groupRows(columns, rows);
  const sensitive = columns.map((c) => c.name);
  const names = values.map((v) => v.map((x, j) => `${sensitive[j]} = ${x}`).join(', '));
  const n = values.length;
  const size = new Array<number>(n + 1).fill(0);
  const hits = new Array<number>(n + 1).fill(0);
  const sumAbs = new Array<number>(n + 1).fill(0);
  const sumSq = new Array<number>(n + 1).fill(0);
  for (let i = 0; i < groupOf.length; i++) {
    for (const g of [groupOf[i], n]) {
      size[g]++;
      const error = predicted[i] - actual[i];
      if (task === 'classification') hits[g] += error === 0 && actual[i] >= 0 ? 1 : 0;
      else {
        sumAbs[g] += Math.abs(error);
        sumSq[g] += error * error;
      }
    }
  }
  const groupMetrics = (g: number) => (task === 'classification' ? { accuracy: rate(hits[g], size[g]) } : errorMetrics(sumAbs[g], sumSq[g], size[g]));
  const groups = values.map((v, g) => ({ values: v, rows: size[g], metrics: groupMetrics(g) }));
  const small = groups.flatMap((g, i) => (g.rows < SMALL_GROUP ? [`${names[i]} (${g.rows} row${g.rows === 1 ? '' : 's'})`] : []));
  if (small.length) notes.unshift(`Fewer than ${SMALL_GROUP} rows in ${small.join('; ')}: one row more or less moves ${small.length === 1 ? 'its' : 'their'} figures a lot`);
  const base = { task, sensitive, rows: rows.length, groups, overall: { rows: rows.length, metrics: groupMetrics(n) } };
  if (task === 'regression') {
    const mae = spread(groups.map((g) => g.metrics.mae));
    const rmse = spread(groups.map((g) => g.metrics.rmse));
    return { ...base, disparities: { mae_difference: mae.difference, mae_ratio: mae.ratio, rmse_difference: rmse.difference }, notes };
  }
  const classes = input.classes ?? [];
  if (classes.length < 2) throw new Error('The fairness report of a classification model needs its classes');
  const outcomeClasses = classes.length === 2 ? [1] : classes.map((_, k) => k);
  const outcomes = outcomeClasses.map((k) => outcome(classes[k], k, input, groupOf, n, notes, names));
  return { ...base, outcomes, disparities: worst(outcomes), notes };
}
