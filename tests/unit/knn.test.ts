/**
 * k-nearest neighbours against an independent brute-force kNN in plain JavaScript (float64, sorted
 * by distance then training row), on the cpu and wasm backends: classification with distance ties
 * and vote ties, regression, both weightings, both metrics, chunked scoring, and no tensor leaks.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeatureColumns, TrainingSet } from '../../src/core/models/data';
import { knnState as knn, type KnnState } from '../../src/core/models/knn';
import type { Task } from '../../src/core/pipeline/spec';

type Weighting = 'uniform' | 'distance';
type Metric = 'euclidean' | 'manhattan';

interface Problem {
  x: number[][];
  y: number[];
  task: Task;
  classes: number;
}

/** The reference: every distance in float64, neighbours ordered by distance then by training row. */
function bruteForce(p: Problem, queries: number[][], k: number, weights: Weighting, metric: Metric): number[][] {
  return queries.map((q) => {
    const distance = p.x.map((row) => (metric === 'euclidean' ? Math.sqrt(row.reduce((s, v, j) => s + (v - q[j]) ** 2, 0)) : row.reduce((s, v, j) => s + Math.abs(v - q[j]), 0)));
    const order = distance.map((d, i) => ({ d, i })).sort((a, b) => a.d - b.d || a.i - b.i).slice(0, Math.min(k, p.x.length));
    const exact = order.filter((n) => n.d === 0);
    const weightOf = (n: { d: number }) => (weights === 'uniform' ? 1 : exact.length ? (n.d === 0 ? 1 : 0) : 1 / n.d);
    const total = order.reduce((s, n) => s + weightOf(n), 0);
    if (p.task === 'regression') return [order.reduce((s, n) => s + weightOf(n) * p.y[n.i], 0) / total];
    const votes = new Array<number>(p.classes).fill(0);
    for (const n of order) votes[p.y[n.i]] += weightOf(n) / total;
    return votes;
  });
}

/** Rows as the model contract takes them: one float64 column per feature. */
function columnsOf(rows: number[][]): FeatureColumns {
  return { rows: rows.length, columns: rows[0].map((_, j) => Float64Array.from(rows, (row) => row[j])) };
}

function trainingData(p: Problem): TrainingSet {
  return {
    ...columnsOf(p.x),
    task: p.task,
    features: p.x[0].map((_, j) => ({ name: `x${j}` })),
    y: p.task === 'classification' ? Int32Array.from(p.y) : Float64Array.from(p.y),
    classes: p.task === 'classification' ? Array.from({ length: p.classes }, (_, c) => `c${c}`) : undefined,
  };
}

/** Fit, load, score and dispose, as the executor does; returns the scores as rows. */
async function score(p: Problem, queries: number[][], params: { k: number; weights: Weighting; metric: Metric }): Promise<number[][]> {
  const state = knn.fit(params, trainingData(p));
  const scorer = knn.load(state);
  try {
    const flat = await scorer.score(columnsOf(queries));
    const width = flat.length / queries.length;
    return queries.map((_, r) => Array.from(flat.subarray(r * width, (r + 1) * width)));
  } finally {
    scorer.dispose();
  }
}

/** Integer grid points: distances are exact in float32, so ties are real ties on every backend. */
const grid: Problem = {
  x: [
    [0, 0],
    [2, 0],
    [0, 2],
    [2, 2],
    [1, 3],
    [3, 1],
    [4, 4],
    [1, 1],
    [5, 0],
    [0, 5],
  ],
  y: [0, 1, 2, 1, 0, 2, 1, 0, 2, 1],
  task: 'classification',
  classes: 3,
};
const gridQueries = [
  [1, 1], // on a training row: distance weights count only it
  [1, 0], // [0,0], [2,0], [1,1] all at distance 1: ties at the k boundary
  [2, 1],
  [3, 3],
  [0, 1],
  [-1, -1],
  [4, 0],
  [1, 2],
  [2.5, 2.5],
];

const line: Problem = {
  x: [[0], [1], [2], [3], [4], [6], [8], [9], [12], [15]],
  y: [1, 3, 2, 5, 4, 8, 7, 9, 12, 10],
  task: 'regression',
  classes: 0,
};
const lineQueries = [[0], [1.5], [5], [7], [10], [20], [-3], [8]];

const SETTINGS = [1, 3, 4, 5, 10].flatMap((k) => (['uniform', 'distance'] as const).flatMap((weights) => (['euclidean', 'manhattan'] as const).map((metric) => ({ k, weights, metric }))));

describe.each(['cpu', 'wasm'])('k-nearest neighbours on %s', (backend) => {
  it('starts the backend', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    await tf.ready();
  });

  it('classifies as brute force does, ties included, for every k, weighting and metric', async () => {
    for (const params of SETTINGS) {
      const ours = await score(grid, gridQueries, params);
      const reference = bruteForce(grid, gridQueries, params.k, params.weights, params.metric);
      ours.forEach((row, r) => row.forEach((v, c) => expect(v, `${JSON.stringify(params)} query ${r} class ${c}`).toBeCloseTo(reference[r][c], 5)));
    }
  });

  it('regresses as brute force does for every k, weighting and metric', async () => {
    for (const params of SETTINGS) {
      const ours = await score(line, lineQueries, params);
      const reference = bruteForce(line, lineQueries, params.k, params.weights, params.metric);
      ours.forEach((row, r) => expect(row[0], `${JSON.stringify(params)} query ${r}`).toBeCloseTo(reference[r][0], 4));
    }
  });

  it('breaks a distance tie at the k-th neighbour for the earlier training row, and a vote tie for the first class', async () => {
    // From [1, 0] the rows [0,0] (class 0), [2,0] (class 1) and [1,1] (class 0) are all at distance 1.
    const [shares] = await score(grid, [[1, 0]], { k: 2, weights: 'uniform', metric: 'euclidean' });
    expect(shares).toEqual([0.5, 0.5, 0]);
    // Two rows of class 2 and two of class 1 (uniform, k = 4): equal shares, so the first listed class (1) is predicted.
    const [tied] = await score(grid, [[4, 1]], { k: 4, weights: 'uniform', metric: 'manhattan' });
    const reference = bruteForce(grid, [[4, 1]], 4, 'uniform', 'manhattan')[0];
    expect(tied).toEqual(reference.map((v) => Math.fround(v)));
    expect(tied.indexOf(Math.max(...tied))).toBe(1);
  });

  it('scores in bounded chunks with the same result, and leaks no tensor', async () => {
    // 3000 rows × 12 features with manhattan: a few hundred query rows per chunk, so 800 queries take several chunks.
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 10;
    const big: Problem = { x: Array.from({ length: 3000 }, () => Array.from({ length: 12 }, () => Math.round(random()))), y: Array.from({ length: 3000 }, (_, i) => i % 4), task: 'classification', classes: 4 };
    const queries = Array.from({ length: 800 }, () => Array.from({ length: 12 }, () => Math.round(random())));
    const before = tf.memory().numTensors;
    const ours = await score(big, queries, { k: 7, weights: 'distance', metric: 'manhattan' });
    expect(tf.memory().numTensors).toBe(before);
    const reference = bruteForce(big, queries, 7, 'distance', 'manhattan');
    ours.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(reference[r][c], 5)));
  });

  it('uses every training row when k exceeds them', async () => {
    const state = knn.fit({ k: 50 }, trainingData(line));
    expect(state.k).toBe(line.x.length);
    const [[mean]] = await score(line, [[3]], { k: 50, weights: 'uniform', metric: 'euclidean' });
    expect(mean).toBeCloseTo(line.y.reduce((a, b) => a + b, 0) / line.y.length, 5);
  });
});

describe('k-nearest neighbours state', () => {
  const model = { task: 'classification' as const, features: ['a', 'b'], classes: ['p', 'q', 'r'] };
  const state: KnnState = knn.fit({ k: 3, weights: 'distance', metric: 'manhattan' }, trainingData(grid));

  it('encodes the rows as little-endian float32 and decodes them unchanged', () => {
    const artifacts = knn.encode(state);
    expect(artifacts.header).toMatchObject({ format: 'knn', version: 1, k: 3, weights: 'distance', metric: 'manhattan', task: 'classification', classes: 3, rows: 10, features: 2 });
    expect(artifacts.weights.length).toBe((10 * 2 + 10) * 4);
    const view = new DataView(artifacts.weights.buffer, artifacts.weights.byteOffset);
    expect(view.getFloat32(2 * 4, true)).toBe(2); // row 1, feature 0
    expect(view.getFloat32((20 + 2) * 4, true)).toBe(2); // target of row 2
    expect(knn.decode(artifacts, model)).toEqual(state);
  });

  it('refuses an inconsistent state with a message naming what is wrong', () => {
    const artifacts = knn.encode(state);
    const withHeader = (patch: Record<string, unknown>) => () => knn.decode({ ...artifacts, header: { ...artifacts.header, ...patch } }, model);
    expect(withHeader({ k: 0 })).toThrow(/knn\.json must have k from 1 to the 10 training rows, found 0/);
    expect(withHeader({ k: 11 })).toThrow(/found 11/);
    expect(withHeader({ metric: 'cosine' })).toThrow(/knn\.json has metric "cosine", expected one of euclidean, manhattan/);
    expect(withHeader({ weights: 'gaussian' })).toThrow(/weights "gaussian"/);
    expect(withHeader({ format: 'svm' })).toThrow(/not a version-1 k-nearest-neighbours state/);
    expect(withHeader({ task: 'regression' })).toThrow(/is for "regression" but the model does classification/);
    expect(withHeader({ classes: 2 })).toThrow(/has 2 classes, the model has 3/);
    expect(() => knn.decode(artifacts, { ...model, features: ['a', 'b', 'c'] })).toThrow(/has 2 features per row, the model reads 3 columns/);
    expect(() => knn.decode({ ...artifacts, weights: artifacts.weights.slice(0, 100) }, model)).toThrow(/knn\.bin is 100 bytes; knn\.json describes 10 rows × 2 features and 10 targets \(float32\), which take 120 bytes/);
    const badClass = artifacts.weights.slice();
    new DataView(badClass.buffer).setFloat32((20 + 4) * 4, 7, true);
    expect(() => knn.decode({ ...artifacts, weights: badClass }, model)).toThrow(/knn\.bin: training row 5 has target 7, not a class index below 3/);
    const notFinite = artifacts.weights.slice();
    new DataView(notFinite.buffer).setFloat32(6 * 4, NaN, true);
    expect(() => knn.decode({ ...artifacts, weights: notFinite }, model)).toThrow(/non-finite feature value in training row 4/);
  });
});

afterAll(async () => {
  await tf.setBackend('cpu');
});
