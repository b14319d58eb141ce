/** The rich profile the engine computes on demand: aggregates only, never rows. */
import type { ColumnKind } from '../table/table';
import type { QualityWarning } from '../quality/warning';

/** What a column holds, finer than its stored kind. */
export type InferredType = 'integer' | 'continuous' | 'categorical' | 'boolean' | 'datetime' | 'text' | 'identifier';

export interface Inference {
  type: InferredType;
  /** How sure the inference is, in [0, 1]. */
  confidence: number;
  /** One line saying why. */
  reason: string;
  /** A stored kind the column would be better read as (applied with a Cast kind step). */
  suggestKind?: 'categorical' | 'numeric';
}

export interface Quantile {
  p: number;
  value: number;
}

/** Numeric and date columns (dates in epoch milliseconds). */
export interface NumericStats {
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (ddof = 1), as pandas' describe. */
  std: number;
  quantiles: Quantile[];
  /** Every present value is a whole number. */
  integer: boolean;
}

/** Counts of values in [edges[i], edges[i + 1]); the last bin also holds its right edge. */
export interface Histogram {
  edges: number[];
  counts: number[];
}

export interface ValueCount {
  value: string;
  count: number;
}

export interface ColumnDetail {
  name: string;
  kind: ColumnKind;
  /** Present (non-missing) cells. */
  count: number;
  missing: number;
  distinct: number;
  stats?: NumericStats;
  histogram?: Histogram;
  /** The most frequent values (categories, or the values of a numeric column with few of them). */
  top?: ValueCount[];
  /** Present cells holding a value not in `top`. */
  otherCount?: number;
  inferred: Inference;
}

/** Pearson correlation of numeric columns over the rows where both are present; null where undefined (a constant column). */
export interface Correlation {
  columns: string[];
  matrix: (number | null)[][];
}

export interface TargetDistribution {
  name: string;
  task: 'classification' | 'regression';
  /** Class counts, most frequent first (classification). */
  classes?: ValueCount[];
  /** Regression. */
  histogram?: Histogram;
  missing: number;
}

export interface DatasetProfile {
  rows: number;
  columns: ColumnDetail[];
  correlation: Correlation;
  target?: TargetDistribution;
  warnings: QualityWarning[];
  /** Time the profile took in the worker. */
  ms: number;
}
