/**
 * Tree models: histogram gradient boosting, random forests and CART decision trees. They read
 * numbers at any scale, categories natively (by code) and missing values (each split learns where
 * they go), so their default pipeline imputes, encodes and scales nothing. Parameters and defaults
 * are scikit-learn's; the run's seed seeds them.
 */
import type { ParamsSchema } from '../../params';
import type { ModelDescriptor, ModelImplementation } from '../contract';
import { decisionTreeSchema, gradientBoostingSchema, randomForestSchema } from '../trees/params';

const NATIVE_INPUTS: Pick<ModelDescriptor, 'accepts' | 'keepsTrainingRows'> = {
  accepts: { categorical: true, missing: true, unscaled: true },
  keepsTrainingRows: () => false,
};

/** A tree kind's implementation with its exact contributions (TreeSHAP, trees/shap.ts) beside it, loaded once. */
function withTreeShap(load: () => Promise<ModelImplementation>): () => Promise<ModelImplementation> {
  let loaded: Promise<ModelImplementation> | undefined;
  return () => (loaded ??= Promise.all([load(), import('../trees/shap')]).then(([implementation, shap]) => ({ ...implementation, contributions: shap.treeContributions })));
}

/** The schema without its own seed: the pipeline's seed (split node, or --seed) seeds every model. */
function seededByTheRun({ seed: _seed, ...rest }: ParamsSchema): ParamsSchema {
  return rest;
}

export const histGradientBoosting: ModelDescriptor = {
  kind: 'hist_gradient_boosting',
  title: 'Gradient boosting (histogram)',
  description: 'Trees added one after another, each correcting the last: usually the most accurate model on tables.',
  tasks: ['classification', 'regression'],
  params: seededByTheRun(gradientBoostingSchema),
  ...NATIVE_INPUTS,
  implementation: withTreeShap(() => import('../trees/tree-models').then((m) => m.histGradientBoostingModel)),
};

export const randomForest: ModelDescriptor = {
  kind: 'random_forest',
  title: 'Random forest',
  description: 'Many deep trees on bootstrap samples, averaged: robust with little tuning; trained in parallel.',
  tasks: ['classification', 'regression'],
  params: seededByTheRun(randomForestSchema),
  ...NATIVE_INPUTS,
  implementation: withTreeShap(() => import('../trees/tree-models').then((m) => m.randomForestModel)),
};

export const decisionTree: ModelDescriptor = {
  kind: 'decision_tree',
  title: 'Decision tree',
  description: 'One tree of yes/no questions that you can read as a diagram.',
  tasks: ['classification', 'regression'],
  params: seededByTheRun(decisionTreeSchema),
  ...NATIVE_INPUTS,
  implementation: withTreeShap(() => import('../trees/tree-models').then((m) => m.decisionTreeModel)),
};
