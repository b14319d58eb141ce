/**
 * The search end to end, on small data and few candidates: trials mode is deterministic (same seed,
 * same leaderboard, in this thread or on one or two workers); the second rung holds the best third
 * of the first; the test rows never reach it; cancelling keeps the best so far; an ensemble wins only
 * by scoring better; bad input (no time, one class, rare classes) gets its message.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeWorkerPool } from '../../src/cli/worker-pool';
import { promote } from '../../src/core/automl/halving';
import { simplestNearBest } from '../../src/core/automl/leaderboard';
import { candidatePipeline, searchPipeline } from '../../src/core/automl/pipelines';
import { runSearch, type RunSearchOptions } from '../../src/core/automl/run';
import { searchModels } from '../../src/core/automl/search';
import { resolveAutomlSettings } from '../../src/core/automl/settings';
import { validationPlan } from '../../src/core/automl/validation';
import type { AutomlEvent, AutomlResult, TrialEntry } from '../../src/core/automl/types';
import { parseCsv } from '../../src/core/csv/parse';
import { readTarget } from '../../src/core/pipeline/features';
import { runFirstModel } from '../../src/core/pipeline/run';
import { inferRoles } from '../../src/core/roles/infer';
import type { PipelineSpec, Task } from '../../src/core/pipeline/spec';
import { seededRng } from '../../src/core/random';
import type { Table } from '../../src/core/table/table';
import type { ParamValue } from '../../src/core/values';

let iris: Table;
const pools: NodeWorkerPool[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  iris = (await parseCsv(readFileSync(new URL('../../public/samples/iris.csv', import.meta.url)))).table;
});
afterAll(() => Promise.all(pools.map((p) => p.close())));

const search = (target: string, task: Task, params: Record<string, ParamValue>): PipelineSpec => searchPipeline(null, target, task, params);

/** What a leaderboard says, without the seconds (which are the clock's). */
const board = (r: AutomlResult) => r.leaderboard.map(({ seconds: _s, ...rest }) => rest);

/** Every 5th row a test row. */
const testRows = { test: Array.from({ length: 30 }, (_, i) => 5 * i) };

async function searchOn(table: Table, spec: PipelineSpec, options: RunSearchOptions = {}) {
  const events: AutomlEvent[] = [];
  const result = await runSearch(spec, table, { ...options, onEvent: (e) => (events.push(e), options.onEvent?.(e)) });
  return { result, events, trials: events.flatMap((e) => (e.type === 'trial' ? [e.entry] : [])) };
}

describe('trials mode', () => {
  it('gives the same leaderboard for the same seed, in this thread or on one or two workers', async () => {
    const spec = search('Species', 'classification', { trials: 8, models: 'logistic_regression,gaussian_nb,hist_gradient_boosting,random_forest,knn', seed: 3 });
    const first = await searchOn(iris, spec, { testRows });
    const again = await searchOn(iris, spec, { testRows });
    expect(board(again.result)).toEqual(board(first.result));
    expect(first.result.trials).toBe(9); // 8 candidates and the ensemble
    expect(first.result.leaderboard.every((e) => e.score !== undefined)).toBe(true);

    const one = new NodeWorkerPool(1);
    const two = new NodeWorkerPool(2);
    pools.push(one, two);
    const onOne = await searchOn(iris, spec, { testRows, pool: one });
    const onTwo = await searchOn(iris, spec, { testRows, pool: two });
    expect(board(onTwo.result)).toEqual(board(onOne.result));
    // The workers run TensorFlow.js on WASM, this thread on its CPU backend: the models fitted in
    // plain TypeScript (linear, trees) score the same everywhere, to the last bit.
    const typescriptOnly = (r: AutomlResult) => board(r).filter((e) => ['logistic_regression', 'hist_gradient_boosting', 'random_forest'].includes(e.kind));
    expect(typescriptOnly(onOne.result)).toEqual(typescriptOnly(first.result));
    expect(typescriptOnly(first.result).length).toBeGreaterThanOrEqual(4);
  });

  it('gives another leaderboard for another seed', async () => {
    const spec = (seed: number) => search('Species', 'classification', { trials: 7, models: 'logistic_regression,knn', seed, ensemble: false });
    const a = await searchOn(iris, spec(1), { testRows });
    const b = await searchOn(iris, spec(2), { testRows });
    expect(board(a.result).map((e) => e.params)).not.toEqual(board(b.result).map((e) => e.params));
  });
});

/** 5,000 rows, two informative numbers and a noise column; a class from their sum. */
function largeTable(rows = 5000): Table {
  const rng = seededRng(4);
  const a = Float64Array.from({ length: rows }, () => rng() * 2 - 1);
  const b = Float64Array.from({ length: rows }, () => rng() * 2 - 1);
  const noise = Float64Array.from({ length: rows }, () => rng());
  const codes = Int32Array.from({ length: rows }, (_, i) => (a[i] + 0.5 * b[i] * b[i] + 0.3 * (rng() - 0.5) > 0.2 ? 1 : 0));
  return { rowCount: rows, columns: [{ name: 'a', kind: 'numeric', values: a }, { name: 'b', kind: 'numeric', values: b }, { name: 'noise', kind: 'numeric', values: noise }, { name: 'y', kind: 'categorical', codes, categories: ['no', 'yes'] }] };
}

describe('successive halving', () => {
  it('trains the first rung on a third of the rows, and gives the full rows to the best third of its candidates', async () => {
    const spec = search('y', 'classification', { trials: 9, folds: 1, models: 'logistic_regression,gaussian_nb,hist_gradient_boosting', seed: 5, ensemble: false });
    const { result, trials } = await searchOn(largeTable(), spec);
    // 5,000 rows: 4,000 train the search (the split's 20% is set aside), 3,200 of them fit (a 20% holdout validates).
    expect(result.plan.validation).toBe('a 20% holdout of 4,000 training rows (3,200 to fit, 800 to validate)');
    expect(result.plan.rungs).toEqual([{ share: 1 / 3, rows: 1067, folds: 1 }, { share: 1, rows: 3200, folds: 1 }]);
    const first = trials.filter((e) => e.rung === 0);
    const second = trials.filter((e) => e.rung === 1);
    expect(first.map((e) => e.index).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(second.map((e) => e.index).sort((x, y) => x - y)).toEqual(promote(first, 3, false).sort((x, y) => x - y));
    expect(second.every((e) => e.rows === 3200)).toBe(true);
    // The leaderboard: the full-rung candidates first, best first; the winner is the best of them.
    expect(result.leaderboard.slice(0, 3).map((e) => e.rung)).toEqual([1, 1, 1]);
    expect(result.best).toEqual(result.leaderboard[0]);
    expect(result.best.score).toBe(Math.max(...second.map((e) => e.score as number)));
  });
});

describe('repeated deals on a small set', () => {
  it('scores every candidate on the first deal of five folds, and the best third on all three deals, the first one included', async () => {
    const spec = search('Species', 'classification', { trials: 9, models: 'logistic_regression,gaussian_nb,knn', seed: 4, ensemble: false });
    const { result, trials } = await searchOn(iris, spec, { testRows });
    expect(result.plan.validation).toBe('5-fold cross-validation, repeated 3 times, on 120 training rows');
    expect(result.plan.rungs).toEqual([
      { share: 1, rows: 96, folds: 5 },
      { share: 1, rows: 96, folds: 15 },
    ]);
    const first = trials.filter((e) => e.rung === 0);
    const second = trials.filter((e) => e.rung === 1);
    expect(first).toHaveLength(9);
    expect(second.map((e) => e.index).sort((x, y) => x - y)).toEqual(promote(first, 3, false).sort((x, y) => x - y));
    // Each promoted candidate, refitted here on the three deals the search's own plan gives: its
    // first rung is the mean of the first five folds, its second the mean of all fifteen.
    const train = Int32Array.from({ length: 150 }, (_, r) => r).filter((r) => r % 5 !== 0);
    const labels = readTarget(iris, 'Species', 'classification');
    const { folds } = validationPlan(train, 0, 4, { classAt: labels.classAt as Int32Array, classes: labels.classes as string[] });
    const roles = inferRoles(iris, 'Species');
    for (const entry of second) {
      const pipeline = candidatePipeline('Species', 'classification', entry.kind, entry.params, 4, roles);
      const scores: number[] = [];
      for (const fold of folds) {
        const { summary } = await runFirstModel(pipeline, iris, { dataset: { name: 'iris', sha256: '' }, seed: 4, testRows: { train: fold.train, test: fold.validation } });
        scores.push(summary.metrics.accuracy);
      }
      const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
      expect(first.find((e) => e.index === entry.index)?.score).toBeCloseTo(mean(scores.slice(0, 5)), 12);
      expect(entry.score).toBeCloseTo(mean(scores), 12);
    }
    expect(result.best.rung).toBe(1);
  });
});

describe('the test rows', () => {
  it('never reach the search: changing their values and labels changes nothing', async () => {
    const spec = search('Species', 'classification', { trials: 5, models: 'logistic_regression,gaussian_nb,knn', seed: 9 });
    const plain = await searchOn(iris, spec, { testRows });
    const scrambled: Table = {
      rowCount: iris.rowCount,
      columns: iris.columns.map((c) => {
        if (c.kind === 'numeric') return { ...c, values: c.values.map((v, r) => (r % 5 === 0 ? 1000 - v * 7 : v)) };
        if (c.kind === 'categorical') return { ...c, codes: c.codes.map((code, r) => (r % 5 === 0 ? (code + 1) % 3 : code)) };
        return c;
      }),
    };
    const poisoned = await searchOn(scrambled, spec, { testRows });
    expect(board(poisoned.result)).toEqual(board(plain.result));
    expect(plain.events).toContainEqual({ type: 'log', message: 'split: 30 test rows set aside; the search validates on the 120 training rows' });
  });

  it('are the winner pipeline\'s own test rows: its split leaves out what the search left out', async () => {
    const spec = search('Species', 'classification', { trials: 3, models: 'logistic_regression', seed: 11, ensemble: false });
    const { result } = await searchOn(iris, spec);
    const run = await runFirstModel(result.winner, iris, { dataset: { name: 'iris', sha256: '' } });
    expect(run.summary.trainRows).toBe(120);
    expect(run.summary.modelKind).toBe(result.best.kind);
    expect(result.winner.nodes.find((n) => n.kind === result.best.kind)?.params).toMatchObject(result.best.params);
  });
});

describe('cancel and time', () => {
  it('keeps the best so far when cancelled, and tries no ensemble', async () => {
    const spec = search('Species', 'classification', { trials: 10, models: 'logistic_regression,gaussian_nb,knn', seed: 2 });
    const cancel = new AbortController();
    let finished = 0;
    const { result } = await searchOn(iris, spec, { testRows, signal: cancel.signal, onEvent: (e) => e.type === 'trial' && ++finished === 3 && cancel.abort() });
    expect(result.stopped).toBe('cancelled');
    const scored = result.leaderboard.filter((e) => e.score !== undefined);
    expect(scored.map((e) => e.index)).toEqual(expect.arrayContaining([0, 1, 2]));
    expect(scored).toHaveLength(3);
    expect(result.best).toEqual(simplestNearBest(scored, false, 5));
    expect(result.leaderboard.filter((e) => e.error).every((e) => e.error === 'stopped: the search was cancelled')).toBe(true);
    expect(result.leaderboard.some((e) => e.kind === 'voting')).toBe(false);
  });

  it('says so when cancelled before any model finished', async () => {
    const spec = search('Species', 'classification', { trials: 4, models: 'logistic_regression' });
    await expect(runSearch(spec, iris, { signal: AbortSignal.abort() })).rejects.toThrow('The search was cancelled before any model finished its validation: there is no best model yet');
  });

  it('says so when the budget is too small for even one model', async () => {
    // The AutoML node's smallest budget is a second; the search itself takes any, here none at all.
    const settings = { ...resolveAutomlSettings({ models: 'logistic_regression' }, 'classification'), budgetSeconds: 0 };
    const labels = readTarget(iris, 'Species', 'classification');
    await expect(searchModels({ table: iris, target: 'Species', task: 'classification', train: labels.labelled, labels }, settings)).rejects.toThrow(
      'The time budget of 0 s ran out before any model finished its validation: give the search more time',
    );
  });
});

describe('ensemble', () => {
  it('soft-votes the best model of each kind but kNN (whose file holds its training rows), and wins only by scoring better on the same folds', async () => {
    // Five folds dealt once: one rung, every candidate on it (repeated deals would keep two of six for the last).
    const spec = search('Species', 'classification', { trials: 6, models: 'logistic_regression,gaussian_nb,knn', seed: 4, metric: 'log_loss', folds: 5 });
    const { result } = await searchOn(iris, spec, { testRows });
    const ensemble = result.leaderboard.find((e) => e.kind === 'voting') as TrialEntry;
    const singles = result.leaderboard.filter((e) => e.kind !== 'voting');
    const bestOf = (kind: string) => singles.filter((e) => e.kind === kind).sort((a, b) => (a.score as number) - (b.score as number) || a.index - b.index)[0];
    // kNN was tried and validated on all the rows, yet is no member.
    expect(bestOf('knn').rung).toBe(ensemble.rung);
    const expected = ['logistic_regression', 'gaussian_nb'].map(bestOf).sort((a, b) => (a.score as number) - (b.score as number) || a.index - b.index);
    expect(JSON.parse(ensemble.params.members as string)).toEqual(expected.map((e) => ({ kind: e.kind, params: e.params })));
    // Log loss: lower is better. Otherwise the winner is the simplest single model near the best (tested in automl-leaderboard.test.ts).
    const bestSingle = Math.min(...singles.map((e) => e.score as number));
    expect(result.best).toEqual((ensemble.score as number) < bestSingle ? ensemble : simplestNearBest(singles, true, 5));
    if (result.best.kind === 'voting') {
      expect(result.winner.nodes.map((n) => n.kind)).toEqual(['source', 'impute', 'standardize', 'one_hot', 'split', 'voting', 'evaluate']);
      const run = await runFirstModel(result.winner, iris, { dataset: { name: 'iris', sha256: '' }, testRows });
      expect(run.summary.modelKind).toBe('voting');
    } else {
      expect(result.messages.some((m) => m.startsWith('The soft-voting ensemble of'))).toBe(true);
    }
  });
});

describe('column roles', () => {
  /** Iris with a row number in front ("row_id", counting the rows) and a column of one value. */
  const withIdAndConstant = (): Table => ({
    rowCount: iris.rowCount,
    columns: [
      { name: 'row_id', kind: 'numeric', values: Float64Array.from({ length: iris.rowCount }, (_, i) => i + 1) },
      { name: 'batch', kind: 'categorical', codes: new Int32Array(iris.rowCount), categories: ['A'] },
      ...iris.columns,
    ],
  });

  it("preprocesses every candidate as the default pipeline does: the id and the constant left out; the person's choice of role wins", async () => {
    const spec = search('Species', 'classification', { trials: 2, models: 'logistic_regression', seed: 2, ensemble: false });
    const inferred = await searchOn(withIdAndConstant(), spec, { testRows });
    expect(inferred.result.winner.nodes.find((n) => n.kind === 'drop_columns')?.params.columns).toEqual(['row_id', 'batch']);
    const chosen = await searchOn(withIdAndConstant(), spec, { testRows, roleChoices: { row_id: 'numeric' } });
    expect(chosen.result.winner.nodes.find((n) => n.kind === 'drop_columns')?.params.columns).toEqual(['batch']);
    // The winner's features are what the search validated: with the row number in, the model reads it.
    const run = await runFirstModel(chosen.result.winner, withIdAndConstant(), { dataset: { name: 'iris', sha256: '' }, testRows });
    expect(run.fitted.model.features.some((f) => f.startsWith('row_id'))).toBe(true);
  });
});

describe('bad input', () => {
  it('one class in the training rows: a message, not a model', async () => {
    // Every "virginica" row is a test row: the search would see two classes… of which one here is gone too.
    const species = iris.columns.find((c) => c.name === 'Species');
    if (species?.kind !== 'categorical') throw new Error('iris has no Species categories');
    const onlySetosaTrains = { test: Array.from({ length: iris.rowCount }, (_, r) => r).filter((r) => species.categories[species.codes[r]] !== 'setosa') };
    const spec = search('Species', 'classification', { trials: 2, models: 'logistic_regression' });
    await expect(runSearch(spec, iris, { testRows: onlySetosaTrains })).rejects.toThrow('The training rows hold one class only ("setosa")');
  });

  it('a class too rare for five folds: fewer folds, said so', async () => {
    const species = iris.columns.find((c) => c.name === 'Species');
    if (species?.kind !== 'categorical') throw new Error('iris has no Species categories');
    // Leave only three "virginica" rows for training.
    const virginica = Array.from({ length: iris.rowCount }, (_, r) => r).filter((r) => species.categories[species.codes[r]] === 'virginica');
    const spec = search('Species', 'classification', { trials: 2, models: 'logistic_regression', ensemble: false });
    const { result } = await searchOn(iris, spec, { testRows: { test: virginica.slice(3) } });
    // Three folds, each dealt three times (a small set).
    expect(result.plan.folds).toBe(9);
    expect(result.plan.validation).toBe('3-fold cross-validation, repeated 3 times, on 103 training rows');
    expect(result.messages).toContain('The class "virginica" has only 3 training rows, fewer than the 5 folds asked for: validating on 3 folds instead');
  });

  it('a metric for the other task, or a kind the search does not try: refused naming the parameter', async () => {
    await expect(runSearch(search('Species', 'classification', { metric: 'r2' }), iris)).rejects.toThrow('metric r2 is for regression, but the target asks for classification');
    await expect(runSearch(search('Species', 'classification', { models: 'linear_regression' }), iris)).rejects.toThrow('models: "linear_regression" is not a kind the search tries for classification');
  });
});
