/**
 * What every model kind is given to learn from and to score: features column by column, as the
 * table holds them (one Float64Array per feature, NaN where a value is missing). Column-major suits
 * the models that read a feature at a time (tree binning, coordinate descent) and costs the
 * networks one transposition per chunk.
 */
import type { Task } from '../values';

export interface FeatureColumns {
  readonly rows: number;
  /** One array of `rows` values per feature, in the order of the model's features. */
  readonly columns: readonly Float64Array[];
}

/**
 * A feature as the model sees it. A categorical feature's values are codes 0 … categories.length − 1
 * into its categories (NaN where missing); only model kinds that take categories natively get one.
 */
export interface FeatureInfo {
  readonly name: string;
  readonly categories?: readonly string[];
}

export interface TrainingSet extends FeatureColumns {
  readonly task: Task;
  readonly features: readonly FeatureInfo[];
  /** Classification: each row's index into `classes`. Regression: each row's target value. */
  readonly y: Int32Array | Float64Array;
  /** The class labels (classification only). */
  readonly classes?: readonly string[];
}
