/**
 * The search space: for each model kind a search tries, the parameters it draws and from what
 * distribution, and what it fixes. Scales follow common practice (scikit-learn's and FLAML's
 * spaces): rates, penalties and leaf sizes log-uniform, since a change from 0.01 to 0.02 matters as
 * much as one from 0.1 to 0.2. Values are rounded to three significant digits, so that a
 * leaderboard reads well and a winner's pipeline file holds plain numbers.
 */
import type { Rng } from '../random';
import type { ParamValue, Task } from '../values';

/** What the space may depend on: the task and the training rows a candidate fits on. */
export interface SpaceContext {
  task: Task;
  /** Training rows per fold on the full rung. */
  rows: number;
  /** Training rows per fold on the smallest rung: the fewest any candidate fits on. */
  fewestRows: number;
}

type Draw = (rng: Rng) => ParamValue;

function significant(value: number): number {
  return Number(value.toPrecision(3));
}

const logUniform = (low: number, high: number): Draw => (rng) => significant(Math.exp(Math.log(low) + rng() * (Math.log(high) - Math.log(low))));
const uniform = (low: number, high: number): Draw => (rng) => significant(low + rng() * (high - low));
/** Whole numbers low…high, each about as likely as its share of the log scale. */
const intLogUniform = (low: number, high: number): Draw => (rng) => Math.min(high, Math.floor(Math.exp(Math.log(low) + rng() * (Math.log(high + 1) - Math.log(low)))));
const choice = (...options: ParamValue[]): Draw => (rng) => options[Math.floor(rng() * options.length)];
/** A value every random candidate of the kind takes (and its default candidate does not). */
const always = (value: ParamValue): Draw => () => value;

export interface KindSpace {
  /** How often a random candidate is of this kind, relative to the others. */
  weight: number;
  /** Parameters every candidate of the kind sets, its default one included (longer solver limits, early stopping). */
  fixed?(context: SpaceContext): Record<string, ParamValue>;
  /** The parameters a random candidate draws, in this order (the order matters for determinism). */
  draws(context: SpaceContext): Record<string, Draw>;
  /** What the kind's default candidate sets besides `fixed`, where its default would not suit a search. */
  start?(context: SpaceContext): Record<string, ParamValue>;
}

/**
 * Networks on a thousand rows or more stop early on a tenth of them (smaller sets train their epochs
 * as they are: a tenth of a few hundred rows is too few to judge a loss by). Every network takes
 * batches of a hundred rows or more, as scikit-learn's MLP takes min(200, rows): TensorFlow.js spends
 * about as long on a step of 32 rows as on one of 256, so small batches would make a network by far
 * the slowest candidate (on 220 rows, batches of 32 take 7 steps an epoch, 256 one), and on a few
 * hundred rows the many small steps overfit besides.
 */
const LARGE_NETWORK_ROWS = 1000;
const networkEpochs = ({ rows }: SpaceContext): Record<string, ParamValue> => (rows >= LARGE_NETWORK_ROWS ? { epochs: 200, validation_fraction: 0.1, patience: 10 } : {});

export const SEARCH_SPACE: Readonly<Record<string, KindSpace>> = {
  logistic_regression: {
    weight: 1.5,
    draws: () => ({ C: logUniform(1e-3, 1e2), penalty: choice('l2', 'l2', 'l1'), class_weight: choice('none', 'none', 'balanced'), max_iter: always(1000) }),
  },
  linear_regression: {
    weight: 1.5,
    draws: () => ({ alpha: logUniform(1e-3, 1e3), penalty: choice('l2', 'l2', 'l1', 'elasticnet'), l1_ratio: uniform(0.1, 0.9), max_iter: always(5000) }),
  },
  gaussian_nb: {
    weight: 0.5,
    // Up to 1, as common grids for scikit-learn's GaussianNB go: a one-hot column constant within a
    // class (every Gentoo penguin on Biscoe) has a variance of almost 0 there, and its bell curve a
    // spike that outweighs every measured feature; smoothing by a share of the largest variance
    // (1 once standardised) flattens it (scikit-learn's, on the penguins' training rows standardised
    // and one-hot encoded as the default pipeline does: 0.72 accuracy in 5 folds at 1e-9, 0.975 at 1).
    draws: () => ({ var_smoothing: logUniform(1e-9, 1) }),
  },
  hist_gradient_boosting: {
    weight: 3,
    draws: ({ fewestRows }) => ({
      learning_rate: logUniform(0.01, 0.3),
      max_iter: intLogUniform(50, 500),
      max_leaf_nodes: intLogUniform(15, 127),
      // A leaf of more rows than a tenth of the smallest training set would leave trees of one leaf.
      min_samples_leaf: intLogUniform(2, Math.max(2, Math.min(100, Math.floor(fewestRows / 10)))),
      l2_regularization: choice(0, 0.001, 0.01, 0.1, 1, 10),
    }),
  },
  random_forest: {
    weight: 2,
    draws: ({ task }) => ({
      n_estimators: choice(100, 200),
      max_features: task === 'classification' ? choice('sqrt', 'log2', '0.25', '0.5') : choice('all', '0.33', '0.5', '0.75'),
      min_samples_leaf: intLogUniform(1, 10),
      ...(task === 'classification' ? { criterion: choice('gini', 'entropy') } : {}),
    }),
  },
  knn: {
    weight: 1,
    draws: ({ fewestRows }) => ({ k: intLogUniform(1, Math.max(1, Math.min(50, fewestRows))), weights: choice('uniform', 'distance'), metric: choice('euclidean', 'manhattan') }),
  },
  mlp: {
    // The slowest kind to fit by far (TensorFlow.js's cost per step): drawn as often as kNN.
    weight: 1,
    fixed: networkEpochs,
    start: () => ({ batch_size: 256 }),
    draws: ({ rows }) => ({
      batch_size: rows >= LARGE_NETWORK_ROWS ? choice(128, 256, 512) : choice(64, 128, 256),
      layers: choice(1, 2, 3),
      units: choice(32, 64, 128, 256),
      activation: choice('relu', 'relu', 'tanh'),
      alpha: logUniform(1e-6, 1e-2),
      learning_rate: logUniform(3e-4, 1e-2),
      dropout: choice(0, 0, 0.1, 0.2),
    }),
  },
};

/** A random candidate's parameters of `kind`: its draws in order, then what the kind fixes. */
export function drawParams(kind: string, context: SpaceContext, rng: Rng): Record<string, ParamValue> {
  const space = SEARCH_SPACE[kind];
  const drawn = Object.fromEntries(Object.entries(space.draws(context)).map(([name, draw]) => [name, draw(rng)]));
  return { ...drawn, ...space.fixed?.(context) };
}

/** The kind's own defaults, with what the space fixes: the first candidate of every kind. */
export function startParams(kind: string, context: SpaceContext): Record<string, ParamValue> {
  return { ...SEARCH_SPACE[kind].start?.(context), ...SEARCH_SPACE[kind].fixed?.(context) };
}
