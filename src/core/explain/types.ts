/**
 * What explanations say, as plain JSON: the global explanation a model file keeps
 * (`explanations.json`), per-row contributions, and partial dependence.
 */

/** One column's or feature's permutation importance: the metric's mean drop over the repeats, and its standard deviation. */
export interface Importance {
  name: string;
  mean: number;
  std: number;
}

/** A feature as the model reads it, with the source columns it was made from. */
export interface FeatureImportance extends Importance {
  sources: string[];
}

/** The metric permutation importance is measured on: the first one the Results panel shows. */
export type ImportanceMetric = 'accuracy' | 'r2';

/**
 * Permutation importance of a fitted pipeline on some rows (the test rows, at training): how much
 * the metric drops when one column's values are shuffled among the rows, `repeats` times. Per source
 * column (shuffled before preprocessing: every feature made from it moves together) and per feature
 * as the model reads it (shuffled after preprocessing: one one-hot column alone, say).
 */
export interface GlobalExplanation {
  version: 1;
  metric: ImportanceMetric;
  /** The metric on the rows as they are. */
  baseline: number;
  /** Which rows: "test rows" at training, else the file's name. */
  data: string;
  rows: number;
  repeats: number;
  seed: number;
  /** Largest mean first. */
  columns: Importance[];
  /** Largest mean first; empty when only the columns were measured (a model too slow to score for both). */
  features: FeatureImportance[];
}

/**
 * Contributions of each source column to each row's raw outputs:
 *   link(base + Σ_columns values[row, column, ·]) = the model's outputs for the row
 * (before a regression network's target scale, which both sides carry). Raw outputs are the model's
 * outputs themselves (link 'identity': class probabilities or values), one log-odds (link
 * 'logistic': of `outputs[0]`, the second class), or the softmax's inputs (link 'softmax').
 */
export interface ExplainedRows {
  /** How they were computed: "TreeSHAP (path-dependent)", "exact: …", "sampling Shapley …". */
  method: string;
  /** What the base is measured from (the reference rows, or the trees' training cover). */
  reference: string;
  link: 'identity' | 'logistic' | 'softmax';
  /** The raw outputs' names: the classes (or the positive class for 'logistic'), or the target. */
  outputs: string[];
  /** The model's classes (classification). */
  classes?: string[];
  target: string;
  columns: string[];
  rows: number;
  /** Per raw output. */
  base: Float64Array;
  /** rows × columns × outputs, row-major. */
  values: Float64Array;
  /** Sampling estimates: each value's standard error (same layout). */
  error?: Float64Array;
  /** Exact methods: the same per feature as the model reads it (rows × features × outputs), and each feature's sources. */
  features?: { names: string[]; sources: string[][]; values: Float64Array };
  /** Which input rows were explained, when a row filter in the pipeline left some out (else every row, in order). */
  rowIds: Int32Array;
}

/** One row's contributions to one output, as a person reads them (a waterfall). */
export interface RowContributions {
  /** "log-odds of yes", "probability of Adelie", "predicted price". */
  scale: string;
  /** The class explained (classification): the predicted one unless another was asked for. */
  class?: string;
  base: number;
  /** base + Σ values: the explained output for this row. */
  total: number;
  method: string;
  reference: string;
  /** Largest magnitude first. */
  contributions: { column: string; value: number; error?: number }[];
}

/** Partial dependence (the mean prediction as one column is set to each grid value) and ICE lines (single rows). */
export interface PartialDependence {
  column: string;
  kind: 'numeric' | 'categorical';
  grid: (number | string)[];
  /** The model's outputs: classes, or the target. */
  outputs: string[];
  /** outputs × grid. */
  average: number[][];
  /** ICE: lines × outputs × grid, for some of the rows (a seeded random sample). */
  ice: number[][][];
  /** Rows averaged over. */
  rows: number;
}
