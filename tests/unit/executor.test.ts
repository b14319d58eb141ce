/** The executor as a graph: branches that share preprocessing, typed connections, and the node cache. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { NodeLog, RunEvent } from '../../src/core/pipeline/events';
import { connectionProblem, planPipeline } from '../../src/core/pipeline/graph';
import { createRunCache, runPipeline } from '../../src/core/pipeline/run';
import type { PipelineSpec } from '../../src/core/pipeline/spec';
import { seededRng } from '../../src/core/random';
import type { Table } from '../../src/core/table/table';

const dataset = { name: 'synthetic', sha256: 'ab'.repeat(32) };

function table(rows = 160): Table {
  const rng = seededRng(9);
  const label = Int32Array.from({ length: rows }, (_, i) => i % 2);
  return {
    rowCount: rows,
    columns: [
      { name: 'x', kind: 'numeric', values: Float64Array.from(label, (k) => (k ? 2 : -2) + rng()) },
      { name: 'g', kind: 'categorical', codes: Int32Array.from({ length: rows }, () => Math.floor(rng() * 3)), categories: ['a', 'b', 'c'] },
      { name: 'y', kind: 'categorical', codes: label, categories: ['no', 'yes'] },
    ],
  };
}

/** The default pipeline with a second model (an MLP) on the same split, and its own evaluate node. */
function twoModels(): PipelineSpec {
  const spec = defaultPipeline('y', 'classification');
  spec.nodes.push({ id: 'mlp', kind: 'mlp', params: { epochs: 40 } }, { id: 'evaluate_mlp', kind: 'evaluate', params: {} });
  spec.edges.push({ from: 'split', to: 'mlp' }, { from: 'mlp', to: 'evaluate_mlp' });
  return spec;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('pipeline graph', () => {
  it('finds one branch per model, sharing the preprocessing prefix', () => {
    const { branches } = planPipeline(twoModels());
    expect(branches.map((b) => b.model.id)).toEqual(['model', 'mlp']);
    expect(branches[0].steps.map((n) => n.id)).toEqual(branches[1].steps.map((n) => n.id));
  });

  it('refuses connections whose port types do not fit, saying why', () => {
    const step = { id: 's', kind: 'standardize', params: {} };
    const model = { id: 'm', kind: 'mlp', params: {} };
    const split = { id: 'p', kind: 'split', params: {} };
    expect(connectionProblem(step, model)).toBe('mlp takes a split, but standardize gives a table');
    expect(connectionProblem(split, model)).toBeNull();
    const spec = defaultPipeline('y', 'classification');
    spec.edges = spec.edges.map((e) => (e.to === 'model' ? { from: 'standardize', to: 'model' } : e));
    expect(() => planPipeline(spec)).toThrow(/edge standardize → model: logistic_regression takes a split, but standardize gives a table/);
  });
});

describe('running branches', () => {
  it('trains and evaluates both models in one run, each with its own model file', async () => {
    const before = tf.memory().numTensors;
    const { results } = await runPipeline(twoModels(), table(), { dataset });
    expect(tf.memory().numTensors).toBe(before);
    expect(results.map((r) => [r.summary.node, r.summary.modelKind])).toEqual([
      ['model', 'logistic_regression'],
      ['mlp', 'mlp'],
    ]);
    for (const r of results) expect(r.summary.metrics.accuracy).toBeGreaterThan(0.8);
    // Each model file carries its own branch only.
    expect(results[1].fitted.spec.nodes.map((n) => n.id)).toEqual(['source', 'impute', 'standardize', 'one_hot', 'split', 'mlp', 'evaluate_mlp']);
    expect(results[0].summary.trainRows).toBe(results[1].summary.trainRows);
  });

  it('re-runs only the model after a model-only change, and everything from cache when nothing changed', async () => {
    const cache = createRunCache();
    const logs = async (spec: PipelineSpec) => {
      const nodes: NodeLog[] = [];
      await runPipeline(spec, table(), { dataset, cache, onEvent: (e: RunEvent) => e.type === 'node' && nodes.push(e.log) });
      return Object.fromEntries(nodes.map((n) => [n.id, n.status]));
    };
    const spec = defaultPipeline('y', 'classification');
    expect(await logs(spec)).toEqual({ impute: 'ran', one_hot: 'ran', standardize: 'ran', model: 'ran' });
    spec.nodes[5].params.C = 0.5;
    expect(await logs(spec)).toEqual({ impute: 'cached', one_hot: 'cached', standardize: 'cached', model: 'ran' });
    expect(await logs(spec)).toEqual({ impute: 'cached', one_hot: 'cached', standardize: 'cached', model: 'cached' });
    spec.nodes[4].params.seed = 7; // a new split changes the training rows: everything runs again
    expect(await logs(spec)).toEqual({ impute: 'ran', one_hot: 'ran', standardize: 'ran', model: 'ran' });
  });

  it('logs rows and the columns each node added or removed', async () => {
    const nodes: NodeLog[] = [];
    const spec = defaultPipeline('y', 'classification');
    await runPipeline(spec, table(), { dataset, onEvent: (e) => e.type === 'node' && nodes.push(e.log) });
    const oneHot = nodes.find((n) => n.id === 'one_hot')!;
    expect(oneHot).toMatchObject({ rowsIn: 160, rowsOut: 160, columnsAdded: ['g=a', 'g=b', 'g=c'], columnsRemoved: ['g'] });
  });

  it('gives identical metrics for the same pipeline, data and seed (no cache)', async () => {
    const a = await runPipeline(twoModels(), table(), { dataset, seed: 3 });
    const b = await runPipeline(twoModels(), table(), { dataset, seed: 3 });
    expect(b.results.map((r) => r.summary.metrics)).toEqual(a.results.map((r) => r.summary.metrics));
  });
});

describe('split variants', () => {
  it('keeps every group on one side when splitting by a group column', async () => {
    const { splitRows, groupCodes } = await import('../../src/core/pipeline/split');
    const t = table(200);
    const groups = groupCodes(t, 'g')!;
    const rows = Int32Array.from({ length: 200 }, (_, i) => i);
    const { train, test } = splitRows(rows, null, { test_fraction: 0.3 }, undefined, groups);
    const trainGroups = new Set(Array.from(train, (r) => groups[r]));
    const testGroups = new Set(Array.from(test, (r) => groups[r]));
    expect([...testGroups].some((g) => trainGroups.has(g))).toBe(false);
    expect(train.length + test.length).toBe(200);
    expect(test.length).toBeGreaterThan(0);
  });

  it('deals stratified folds: every fold holds its share of every class', async () => {
    const { foldRows } = await import('../../src/core/pipeline/split');
    const classes = Int32Array.from({ length: 100 }, (_, i) => (i < 70 ? 0 : 1));
    const fold = foldRows(Int32Array.from({ length: 100 }, (_, i) => i), classes, 5, 1);
    for (let f = 0; f < 5; f++) {
      const members = Array.from(fold.keys()).filter((i) => fold[i] === f);
      expect(members).toHaveLength(20);
      expect(members.filter((i) => classes[i] === 1)).toHaveLength(6);
    }
  });

  it('reports k-fold cross-validation as mean ± std beside the test metrics', async () => {
    const spec = defaultPipeline('y', 'classification');
    spec.nodes[4].params.folds = 4;
    const logs: string[] = [];
    const before = tf.memory().numTensors;
    const [{ summary }] = (await runPipeline(spec, table(), { dataset, onEvent: (e) => e.type === 'log' && logs.push(e.message) })).results;
    expect(tf.memory().numTensors).toBe(before);
    expect(summary.crossValidation?.folds).toBe(4);
    const accuracy = summary.crossValidation!.metrics.accuracy;
    expect(accuracy.mean).toBeGreaterThan(0.8);
    expect(accuracy.std).toBeGreaterThanOrEqual(0);
    expect(logs.filter((m) => /fold \d of 4/.test(m))).toHaveLength(4);
    expect(summary.metrics.accuracy).toBeGreaterThan(0.8);
  });
});
