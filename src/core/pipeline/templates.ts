/** Starting points for a new pipeline: binary classification, multiclass, regression. */
import { defaultParams } from '../params';
import { findModelKind } from '../models/kinds';
import { defaultPipeline } from './default';
import type { PipelineSpec, Task } from './spec';

export interface PipelineTemplate {
  id: string;
  title: string;
  description: string;
  /** The task it is for; absent when it follows the target's. */
  task?: Task;
  build(target: string, task: Task): PipelineSpec;
}

/** A second model on the same split, so the template trains and compares two in one run. */
function withSecondModel(spec: PipelineSpec, kind: string, params: Record<string, unknown> = {}): PipelineSpec {
  const model = findModelKind(kind);
  if (!model) throw new Error(`Unknown model kind "${kind}"`);
  return {
    ...spec,
    nodes: [...spec.nodes, { id: kind, kind, params: { ...defaultParams(model.params), ...params } as PipelineSpec['nodes'][number]['params'] }, { id: `evaluate_${kind}`, kind: 'evaluate', params: {} }],
    edges: [...spec.edges, { from: 'split', to: kind }, { from: kind, to: `evaluate_${kind}` }],
  };
}

export const pipelineTemplates: readonly PipelineTemplate[] = [
  {
    id: 'binary',
    title: 'Binary classification',
    description: 'Logistic regression with balanced class weights beside an MLP, for yes/no targets that are often imbalanced.',
    task: 'classification',
    build: (target) => {
      const spec = defaultPipeline(target, 'classification');
      const model = spec.nodes.find((n) => n.id === 'model');
      if (model) model.params.class_weight = 'balanced';
      return withSecondModel({ ...spec, name: `Binary: ${target}` }, 'mlp', { validation_fraction: 0.1, patience: 10 });
    },
  },
  {
    id: 'multiclass',
    title: 'Multiclass classification',
    description: 'Softmax regression beside an MLP with early stopping on a validation share.',
    task: 'classification',
    build: (target) => withSecondModel({ ...defaultPipeline(target, 'classification'), name: `Multiclass: ${target}` }, 'mlp', { validation_fraction: 0.1, patience: 10 }),
  },
  {
    id: 'gradient_boosting',
    title: 'Gradient boosting',
    description: 'Histogram gradient boosting on the columns as they are (categories and missing values handled by the trees, no scaling), beside a random forest.',
    build: (target, task) => withSecondModel({ ...defaultPipeline(target, task, 'hist_gradient_boosting'), name: `Gradient boosting: ${target}` }, 'random_forest'),
  },
  {
    id: 'regression',
    title: 'Regression',
    description: 'Ridge regression beside an MLP, predicting a number; the gate asks for R² ≥ 0.',
    task: 'regression',
    build: (target) => withSecondModel({ ...defaultPipeline(target, 'regression'), name: `Regression: ${target}` }, 'mlp', { validation_fraction: 0.1, patience: 10 }),
  },
];
