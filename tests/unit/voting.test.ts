/**
 * The soft-voting kind: its answer is the mean of its members' answers (each member fitted alone on
 * the same preprocessed features gives the same answers), its members are checked like any node's
 * parameters, and a broken member's artifacts are named.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelImplementation } from '../../src/core/models/kinds';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { predictTable } from '../../src/core/pipeline/predict';
import { runFirstModel } from '../../src/core/pipeline/run';
import type { PipelineSpec, Task } from '../../src/core/pipeline/spec';
import { PipelineError, validatePipeline } from '../../src/core/pipeline/validate';
import { seededRng } from '../../src/core/random';
import type { Table } from '../../src/core/table/table';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function table(task: Task, rows = 120): Table {
  const rng = seededRng(21);
  const a = Float64Array.from({ length: rows }, () => rng() * 4 - 2);
  const b = Float64Array.from({ length: rows }, (_, i) => (i % 13 === 2 ? NaN : rng() * 3));
  const colour = Int32Array.from({ length: rows }, () => Math.floor(rng() * 3));
  const signal = Array.from({ length: rows }, (_, i) => a[i] + (Number.isNaN(b[i]) ? 1 : b[i]) * 0.5 + colour[i] * 0.3 + rng() * 0.5);
  const target =
    task === 'classification'
      ? { name: 'y', kind: 'categorical' as const, codes: Int32Array.from(signal, (s) => (s < 0.5 ? 0 : s < 1.5 ? 1 : 2)), categories: ['low', 'mid', 'high'] }
      : { name: 'y', kind: 'numeric' as const, values: Float64Array.from(signal) };
  return { rowCount: rows, columns: [{ name: 'a', kind: 'numeric', values: a }, { name: 'b', kind: 'numeric', values: b }, { name: 'colour', kind: 'categorical', codes: colour, categories: ['r', 'g', 'b'] }, target] };
}

const dataset = { name: 'voting.csv', sha256: '' };

/** The voting pipeline's own preprocessing with a given model in place of the vote. */
function withModel(task: Task, kind: string, params: Record<string, unknown>): PipelineSpec {
  const spec = defaultPipeline('y', task, 'voting');
  return { ...spec, nodes: spec.nodes.map((n) => (n.kind === 'voting' ? { ...n, kind, params: params as PipelineSpec['nodes'][number]['params'] } : n)) };
}

describe('soft voting', () => {
  it.each([
    ['classification', [{ kind: 'logistic_regression', params: { C: 0.5 } }, { kind: 'gaussian_nb', params: {} }, { kind: 'decision_tree', params: { max_depth: 3 } }]],
    ['regression', [{ kind: 'linear_regression', params: { alpha: 2 } }, { kind: 'mlp', params: { epochs: 3, units: 8 } }, { kind: 'knn', params: { k: 4 } }]],
  ] as const)('%s: answers the mean of what its members answer alone', async (task, members) => {
    const data = table(task);
    const vote = { ...withModel(task, 'voting', { members: JSON.stringify(members) }) };
    const { fitted } = await runFirstModel(vote, data, { dataset, seed: 3 });
    const voted = await predictTable(fitted, data);
    const alone = [];
    for (const m of members) alone.push(await predictTable((await runFirstModel(withModel(task, m.kind, m.params), data, { dataset, seed: 3 })).fitted, data));
    // Columns after the predicted one: each class's probability, or (regression) the value itself is column 0.
    const numeric = (columns: typeof voted) => (task === 'classification' ? columns.slice(1) : columns).map((c) => c.values as Float64Array);
    const mine = numeric(voted);
    const theirs = alone.map(numeric);
    for (let c = 0; c < mine.length; c++) {
      for (let r = 0; r < data.rowCount; r++) expect(mine[c][r]).toBeCloseTo(theirs.reduce((sum, m) => sum + m[c][r], 0) / members.length, 6);
    }
  });

  it('checks its members as any node\'s parameters, naming the member', () => {
    const problems = (members: string, task: Task = 'classification') => {
      try {
        validatePipeline(withModel(task, 'voting', { members }));
        return [];
      } catch (e) {
        return (e as PipelineError).problems;
      }
    };
    expect(problems('[{"kind":"logistic_regression","params":{}},{"kind":"knn","params":{"k":5}}]')).toEqual([]);
    expect(problems('not json')[0]).toMatch(/^node "model": members is not JSON \(/);
    expect(problems('[{"kind":"knn","params":{}}]')).toEqual(['node "model": members must list two or more models, each {"kind": …, "params": {…}}']);
    expect(problems('[{"kind":"knn","params":{"k":0}},{"kind":"nope","params":{}},{"kind":"voting","params":{}},{"kind":"logistic_regression"}]', 'regression')).toEqual([
      'node "model": member 1 (knn): k must be ≥ 1',
      'node "model": member 2: unknown model kind "nope"',
      'node "model": member 3: a voting model cannot vote among voting models',
      'node "model": member 4: Logistic regression cannot do regression',
    ]);
  });

  it('names the member whose stored artifacts are broken', async () => {
    const members = [{ kind: 'gaussian_nb', params: {} }, { kind: 'hist_gradient_boosting', params: { max_iter: 5 } }];
    const { fitted } = await runFirstModel(withModel('classification', 'voting', { members: JSON.stringify(members) }), table('classification'), { dataset, seed: 1 });
    const voting = await modelImplementation('voting');
    const { json, blobs } = fitted.model.artifacts;
    expect(Object.keys(blobs).sort()).toEqual(['member-1/weights.bin', 'member-2/trees.bin']);
    const cut = { json, blobs: { ...blobs, 'member-2/trees.bin': blobs['member-2/trees.bin'].slice(0, 10) } };
    expect(() => voting.check(cut, fitted.model)).toThrow(/^member 2 \(hist_gradient_boosting\): /);
    const header = json['voting.json'] as { members: { kind: string }[] };
    const renamed = { blobs, json: { ...json, 'voting.json': { members: header.members.map((m, i) => (i === 0 ? { ...m, kind: 'knn' } : m)) } } };
    expect(() => voting.check(renamed, fitted.model)).toThrow(/^member 1 \(knn\): /);
    expect(voting.describe(fitted.model.artifacts, fitted.model)[0]).toBe("Soft voting: the mean of 2 models' class probabilities, each stored under `model/member-<n>/` as its own kind stores it (`model/voting.json` lists them).");
  });
});
