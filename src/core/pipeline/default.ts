/** The pipeline the studio proposes for a target: the scikit-learn baseline's preprocessing (what the model needs of it) and model. */
import { defaultParams } from '../params';
import { defaultModelKind, findModelKind } from '../models/kinds';
import { splitParams } from './split';
import { PIPELINE_FORMAT, PIPELINE_VERSION, type PipelineNode, type PipelineSpec, type Task } from './spec';

export function defaultPipeline(target: string, task: Task, modelKind?: string): PipelineSpec {
  const model = modelKind ? findModelKind(modelKind) : defaultModelKind(task);
  if (!model) throw new Error(`Unknown model kind "${modelKind}"`);
  if (!model.tasks.includes(task)) throw new Error(`${model.title} cannot do ${task}`);
  // scikit-learn's baseline preprocessing, less what the model reads as it is (trees: missing values, categories, any scale).
  const { accepts } = model;
  const nodes: PipelineNode[] = [
    { id: 'source', kind: 'source', params: {} },
    ...(accepts.missing ? [] : [{ id: 'impute', kind: 'impute', params: { numeric: 'median' } }]),
    ...(accepts.categorical ? [] : [{ id: 'one_hot', kind: 'one_hot', params: {} }]),
    ...(accepts.unscaled ? [] : [{ id: 'standardize', kind: 'standardize', params: {} }]),
    { id: 'split', kind: 'split', params: { ...defaultParams(splitParams), stratify: task === 'classification' } },
    { id: 'model', kind: model.kind, params: defaultParams(model.params) },
    { id: 'evaluate', kind: 'evaluate', params: {} },
  ];
  return {
    format: PIPELINE_FORMAT,
    version: PIPELINE_VERSION,
    name: `Predict ${target}`,
    task,
    target,
    nodes,
    edges: nodes.slice(1).map((n, i) => ({ from: nodes[i].id, to: n.id })),
  };
}
