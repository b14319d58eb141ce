/**
 * What an AutoML search is asked to do: the parameters of the AutoML node (the palette's node, the
 * AutoML panel's form, `studio automl`'s flags), the metrics it may optimise, and their checks.
 * tfjs-free: the page reads this module.
 */
import { findModelKind } from '../models/kinds';
import { paramProblems, resolveParams, type ParamsSchema } from '../params';
import type { ParamValue, Task } from '../values';

/** The node kind that runs a search: it reads the data part's table and tries models with their own preprocessing. */
export const AUTOML_KIND = 'automl';

/** The metrics a search ranks candidates by, as the executor names them. */
export const SEARCH_METRICS = {
  accuracy: { title: 'Accuracy', task: 'classification' },
  f1_macro: { title: 'Macro-F1', task: 'classification' },
  roc_auc: { title: 'ROC-AUC', task: 'classification' },
  log_loss: { title: 'Log loss', task: 'classification' },
  r2: { title: 'R²', task: 'regression' },
  rmse: { title: 'RMSE', task: 'regression' },
  mae: { title: 'MAE', task: 'regression' },
} as const satisfies Record<string, { title: string; task: Task }>;

export type SearchMetric = keyof typeof SEARCH_METRICS;

/** The kinds a search tries, cheapest first (the order their default candidates are evaluated in). */
export const SEARCHED_KINDS = ['logistic_regression', 'linear_regression', 'gaussian_nb', 'hist_gradient_boosting', 'random_forest', 'knn', 'mlp'] as const;

export const automlParams: ParamsSchema = {
  metric: { type: 'enum', label: 'Metric to optimise (auto: accuracy, or R² for regression)', default: 'auto', options: ['auto', ...Object.keys(SEARCH_METRICS)] },
  budget_seconds: { type: 'number', label: 'Time budget in seconds (when trials is 0)', default: 60, min: 1, max: 86_400 },
  trials: { type: 'number', label: 'Fixed number of candidates instead of a time budget (0 = use the budget)', default: 0, min: 0, max: 10_000, integer: true },
  folds: { type: 'number', label: 'Validation folds on the training rows (0 = auto: 5, or a 20% holdout past 10,000 rows; 1 = holdout)', default: 0, min: 0, max: 10, integer: true },
  seed: { type: 'number', label: 'Seed', default: 42, min: 0, max: 2 ** 32 - 1, integer: true },
  ensemble: { type: 'boolean', label: 'Try soft voting of the top models', default: true },
  models: { type: 'string', label: 'Model kinds to try (comma-separated; empty = all)', default: '' },
};

export interface AutomlSettings {
  metric: SearchMetric;
  /** Seconds the search may take; ignored when `trials` > 0. */
  budgetSeconds: number;
  /** A fixed number of candidates (deterministic for a seed); 0: search until the budget is spent. */
  trials: number;
  /** 0 = auto, 1 = a holdout, k ≥ 2 = k-fold cross-validation. */
  folds: number;
  seed: number;
  ensemble: boolean;
  /** The model kinds to try. */
  kinds: string[];
}

/** The metric 'auto' stands for. */
export function defaultMetric(task: Task): SearchMetric {
  return task === 'classification' ? 'accuracy' : 'r2';
}

/** The kinds a search tries for a task, in the order their defaults are evaluated. */
export function searchedKinds(task: Task): string[] {
  return SEARCHED_KINDS.filter((kind) => findModelKind(kind)?.tasks.includes(task));
}

function listedKinds(value: ParamValue | undefined): string[] {
  return String(value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Why these AutoML parameters cannot run for `task`, each naming the parameter; empty when they can. */
export function automlProblems(params: Record<string, ParamValue>, task: Task): string[] {
  const problems = paramProblems(automlParams, params);
  const metric = params.metric;
  if (typeof metric === 'string' && metric in SEARCH_METRICS && SEARCH_METRICS[metric as SearchMetric].task !== task) {
    problems.push(`metric ${metric} is for ${SEARCH_METRICS[metric as SearchMetric].task}, but the target asks for ${task}`);
  }
  const searchable = searchedKinds(task);
  for (const kind of listedKinds(params.models)) {
    if (!searchable.includes(kind)) problems.push(`models: "${kind}" is not a kind the search tries for ${task}; it tries ${searchable.join(', ')}`);
  }
  return problems;
}

/** The settings the parameters give, for `task`; throws naming every problem. */
export function resolveAutomlSettings(params: Record<string, ParamValue>, task: Task): AutomlSettings {
  const problems = automlProblems(params, task);
  if (problems.length) throw new Error(`AutoML: ${problems.join('; ')}`);
  const p = resolveParams<{ metric: string; budget_seconds: number; trials: number; folds: number; seed: number; ensemble: boolean; models: string }>(automlParams, params);
  const kinds = listedKinds(p.models);
  return {
    metric: p.metric === 'auto' ? defaultMetric(task) : (p.metric as SearchMetric),
    budgetSeconds: p.budget_seconds,
    trials: p.trials,
    folds: p.folds,
    seed: p.seed,
    ensemble: p.ensemble,
    kinds: kinds.length ? searchedKinds(task).filter((k) => kinds.includes(k)) : searchedKinds(task),
  };
}
