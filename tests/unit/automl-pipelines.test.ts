/**
 * The AutoML node in a pipeline: it reads the data part's table (nothing else), runs alone, its
 * parameters are checked for the task; the executor refuses to train such a pipeline with a message;
 * the search and winner pipelines keep the data part (datasets appended or joined) as it was.
 */
import { describe, expect, it } from 'vitest';
import { candidatePipeline, searchPipeline, winnerPipeline } from '../../src/core/automl/pipelines';
import { connectionProblem } from '../../src/core/pipeline/graph';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { runPipeline } from '../../src/core/pipeline/run';
import type { PipelineSpec } from '../../src/core/pipeline/spec';
import { PipelineError, validatePipeline } from '../../src/core/pipeline/validate';
import { paletteGroups } from '../../src/ui/editor/palette';
import { modelKinds } from '../../src/core/models/kinds';
import { stepKinds } from '../../src/core/steps/registry';

function problems(spec: PipelineSpec): string[] {
  try {
    validatePipeline(spec);
    return [];
  } catch (e) {
    return (e as PipelineError).problems;
  }
}

/** Two datasets joined on an id, the shape whose data part a search keeps. */
const joined: PipelineSpec = {
  ...defaultPipeline('y', 'classification'),
  nodes: [
    { id: 'people', kind: 'source', params: { dataset: 'people' } },
    { id: 'visits', kind: 'source', params: { dataset: 'visits' } },
    { id: 'join', kind: 'join', params: { keys: ['id'], right_keys: [], how: 'inner', suffix: '_right' } },
    { id: 'split', kind: 'split', params: {} },
    { id: 'model', kind: 'logistic_regression', params: {} },
    { id: 'evaluate', kind: 'evaluate', params: {} },
  ],
  edges: [
    { from: 'people', to: 'join', port: 'left' },
    { from: 'visits', to: 'join', port: 'right' },
    { from: 'join', to: 'split' },
    { from: 'split', to: 'model' },
    { from: 'model', to: 'evaluate' },
  ],
};

describe('the AutoML node', () => {
  it('reads the dataset and ends its path: a search pipeline is data → AutoML', () => {
    const spec = searchPipeline(defaultPipeline('y', 'classification'), 'y', 'classification', { trials: 5 });
    expect(spec.nodes.map((n) => [n.id, n.kind])).toEqual([['source', 'source'], ['automl', 'automl']]);
    expect(spec.edges).toEqual([{ from: 'source', to: 'automl' }]);
    expect(spec.nodes[1].params).toEqual({ metric: 'auto', budget_seconds: 60, trials: 5, folds: 0, seed: 42, ensemble: true, models: '' });
    expect(problems(spec)).toEqual([]);
  });

  it('keeps the datasets and how they are combined', () => {
    const spec = searchPipeline(joined, 'y', 'classification', {});
    expect(spec.nodes.map((n) => n.id)).toEqual(['people', 'visits', 'join', 'automl']);
    expect(spec.edges.at(-1)).toEqual({ from: 'join', to: 'automl' });
    expect(problems(spec)).toEqual([]);
  });

  it('takes no preprocessing before it, and runs alone', () => {
    const impute = { id: 'impute', kind: 'impute', params: {} };
    const automl = { id: 'automl', kind: 'automl', params: {} };
    expect(connectionProblem(impute, automl)).toBe('AutoML reads the dataset as it is (each model it tries brings its own preprocessing): connect it to a source or to the last append or join, not to impute');
    const beside = defaultPipeline('y', 'classification');
    beside.nodes.push(automl);
    beside.edges.push({ from: 'source', to: 'automl' });
    expect(problems(beside)).toEqual(['node "automl": a pipeline with an AutoML node runs the search alone; remove the other branches (model) or the AutoML node']);
  });

  it('checks its parameters for the task', () => {
    const spec = searchPipeline(null, 'price', 'regression', { metric: 'accuracy', budget_seconds: 0, models: 'knn, gaussian_nb' });
    expect(problems(spec)).toEqual([
      'node "automl": budget_seconds must be ≥ 1',
      'node "automl": metric accuracy is for classification, but the target asks for regression',
      'node "automl": models: "gaussian_nb" is not a kind the search tries for regression; it tries linear_regression, hist_gradient_boosting, random_forest, knn, mlp',
    ]);
  });

  it('is not trained by the executor: it says how to run the search instead', async () => {
    const spec = searchPipeline(null, 'y', 'classification', {});
    const table = { rowCount: 2, columns: [{ name: 'y', kind: 'numeric' as const, values: Float64Array.of(0, 1) }] };
    await expect(runPipeline(spec, table, { dataset: { name: 't', sha256: '' } })).rejects.toThrow('node "automl" is an AutoML node: this pipeline searches for a model rather than training one. Run it with "Find the best model" in the studio, or `studio automl`');
  });

  it('is in the palette, with the models', () => {
    const models = paletteGroups(stepKinds, modelKinds, 'classification').find((g) => g.name === 'models');
    expect(models?.items[0]).toMatchObject({ kind: 'automl', title: 'AutoML' });
  });
});

describe('the winner pipeline', () => {
  it('is the search\'s data part, then the candidate\'s preprocessing, split (seeded by the search), model and evaluate', () => {
    const candidate = candidatePipeline('y', 'classification', 'knn', { k: 7 }, 9);
    expect(candidate.nodes.find((n) => n.kind === 'split')?.params.seed).toBe(9);
    const winner = winnerPipeline(searchPipeline(joined, 'y', 'classification', {}), candidate);
    expect(winner.name).toBe('Predict y (AutoML)');
    expect(winner.nodes.map((n) => n.id)).toEqual(['people', 'visits', 'join', 'impute', 'standardize', 'one_hot', 'split', 'model', 'evaluate']);
    expect(winner.edges.filter((e) => e.from === 'join')).toEqual([{ from: 'join', to: 'impute' }]);
    expect(winner.nodes.find((n) => n.id === 'model')?.params).toEqual({ k: 7, weights: 'uniform', metric: 'euclidean' });
    expect(problems(winner)).toEqual([]);
  });

  it('renames its nodes where a dataset node has the same id', () => {
    const search = searchPipeline(null, 'y', 'classification', {});
    const named: PipelineSpec = { ...search, nodes: search.nodes.map((n) => (n.kind === 'source' ? { ...n, id: 'impute' } : n)), edges: [{ from: 'impute', to: 'automl' }] };
    const winner = winnerPipeline(named, candidatePipeline('y', 'classification', 'knn', {}, 1));
    expect(winner.nodes.map((n) => n.id)).toEqual(['impute', 'impute_2', 'standardize', 'one_hot', 'split', 'model', 'evaluate']);
    expect(winner.edges.slice(0, 2)).toEqual([{ from: 'impute', to: 'impute_2' }, { from: 'impute_2', to: 'standardize' }]);
    expect(problems(winner)).toEqual([]);
  });
});
