/**
 * The parameters of the three tree model kinds, as schemas (validation, defaults, the inspector
 * form) and as the typed values the fits take. Names and defaults follow scikit-learn's
 * HistGradientBoosting*, RandomForest* and DecisionTree* so that people find what they expect.
 */
import { paramProblems, resolveParams, type ParamsSchema } from '../../params';
import type { ParamValue, Task } from '../../values';

export interface GradientBoostingParams {
  max_iter: number;
  learning_rate: number;
  max_leaf_nodes: number;
  /** 0 = unlimited. */
  max_depth: number;
  min_samples_leaf: number;
  l2_regularization: number;
  /** 'auto': on when there are more than 10,000 training rows (scikit-learn's rule). */
  early_stopping: 'auto' | 'on' | 'off';
  validation_fraction: number;
  n_iter_no_change: number;
  tol: number;
  class_weight: 'none' | 'balanced';
  max_bins: number;
  seed: number;
}

export interface CartParams {
  /** Classification only; regression trees minimise squared error. */
  criterion: 'gini' | 'entropy';
  /** 'auto' (sqrt of the features for a forest's classification, all otherwise), 'sqrt', 'log2', 'all', a count or a fraction. */
  max_features: string;
  /** 0 = unlimited. */
  max_depth: number;
  min_samples_leaf: number;
  min_samples_split: number;
  class_weight: 'none' | 'balanced';
  max_bins: number;
  seed: number;
}

export interface RandomForestParams extends CartParams {
  n_estimators: number;
  bootstrap: boolean;
}

export interface DecisionTreeParams extends CartParams {
  /** 0 = unlimited (depth-first growth); otherwise the tree grows best-first to at most this many leaves. */
  max_leaf_nodes: number;
}

const common = {
  max_depth: { type: 'number', label: 'Maximum depth (0 = unlimited)', default: 0, min: 0, integer: true },
  class_weight: { type: 'enum', label: 'Class weights', default: 'none', options: ['none', 'balanced'] },
  max_bins: { type: 'number', label: 'Bins per feature', default: 255, min: 2, max: 255, integer: true },
  seed: { type: 'number', label: 'Random seed', default: 0, min: 0, max: 2 ** 32 - 1, integer: true },
} satisfies ParamsSchema;

const cart = {
  criterion: { type: 'enum', label: 'Split criterion (classification)', default: 'gini', options: ['gini', 'entropy'] },
  max_features: { type: 'string', label: 'Features tried per split (auto, sqrt, log2, all, a count or a fraction)', default: 'auto' },
  min_samples_leaf: { type: 'number', label: 'Minimum rows per leaf', default: 1, min: 1, integer: true },
  min_samples_split: { type: 'number', label: 'Minimum rows to split a node', default: 2, min: 2, integer: true },
  ...common,
} satisfies ParamsSchema;

export const gradientBoostingSchema = {
  max_iter: { type: 'number', label: 'Boosting iterations', default: 100, min: 1, max: 100_000, integer: true },
  learning_rate: { type: 'number', label: 'Learning rate', default: 0.1, min: 1e-6, max: 10 },
  max_leaf_nodes: { type: 'number', label: 'Leaves per tree', default: 31, min: 2, max: 1_000_000, integer: true },
  min_samples_leaf: { type: 'number', label: 'Minimum rows per leaf', default: 20, min: 1, integer: true },
  l2_regularization: { type: 'number', label: 'L2 regularisation', default: 0, min: 0 },
  early_stopping: { type: 'enum', label: 'Early stopping', default: 'auto', options: ['auto', 'on', 'off'] },
  validation_fraction: { type: 'number', label: 'Validation fraction (early stopping)', default: 0.1, min: 0.01, max: 0.9 },
  n_iter_no_change: { type: 'number', label: 'Patience (iterations without improvement)', default: 10, min: 1, integer: true },
  tol: { type: 'number', label: 'Improvement tolerance', default: 1e-7, min: 0 },
  ...common,
} satisfies ParamsSchema;

export const randomForestSchema = {
  n_estimators: { type: 'number', label: 'Trees', default: 100, min: 1, max: 100_000, integer: true },
  bootstrap: { type: 'boolean', label: 'Bootstrap samples', default: true },
  ...cart,
} satisfies ParamsSchema;

export const decisionTreeSchema = {
  max_leaf_nodes: { type: 'number', label: 'Maximum leaves (0 = unlimited)', default: 0, min: 0, integer: true },
  ...cart,
  max_features: { ...cart.max_features, default: 'all' },
} satisfies ParamsSchema;

function resolve<T>(model: string, schema: ParamsSchema, values: Partial<Record<keyof T, ParamValue>>): T {
  const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Record<string, ParamValue>;
  const problems = paramProblems(schema, given);
  if (problems.length > 0) throw new Error(`${model}: ${problems.join('; ')}.`);
  return resolveParams<T>(schema, given);
}

export function resolveGradientBoostingParams(values: Partial<GradientBoostingParams> = {}): GradientBoostingParams {
  return resolve<GradientBoostingParams>('hist_gradient_boosting', gradientBoostingSchema, values);
}

export function resolveRandomForestParams(values: Partial<RandomForestParams> = {}): RandomForestParams {
  return resolve<RandomForestParams>('random_forest', randomForestSchema, values);
}

export function resolveDecisionTreeParams(values: Partial<DecisionTreeParams> = {}): DecisionTreeParams {
  const p = resolve<DecisionTreeParams>('decision_tree', decisionTreeSchema, values);
  if (p.max_leaf_nodes === 1) throw new Error('decision_tree: max_leaf_nodes must be 0 (unlimited) or at least 2.');
  return p;
}

/**
 * How many features a split tries, as scikit-learn reads max_features: 'sqrt' ⌊√F⌋, 'log2' ⌊log₂F⌋,
 * 'all' F, a whole number that many, a number in (0, 1) that share of F (at least 1). 'auto' is
 * 'sqrt' for a forest's classification and 'all' otherwise.
 */
export function featuresPerSplit(spec: string, features: number, task: Task, forest: boolean): number {
  const text = spec.trim().toLowerCase();
  const choice = text === 'auto' ? (forest && task === 'classification' ? 'sqrt' : 'all') : text;
  if (choice === 'all') return features;
  if (choice === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(features)));
  if (choice === 'log2') return Math.max(1, Math.floor(Math.log2(features)));
  const value = text === '' ? NaN : Number(text);
  if (Number.isInteger(value) && value >= 1) {
    if (value > features) throw new Error(`max_features is ${value}, but there are only ${features} features.`);
    return value;
  }
  if (value > 0 && value < 1) return Math.max(1, Math.floor(value * features));
  throw new Error(`max_features "${spec}" must be auto, sqrt, log2, all, a whole number of features or a fraction between 0 and 1.`);
}
