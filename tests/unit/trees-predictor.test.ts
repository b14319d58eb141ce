/**
 * Prediction: both walks (the quantised one boosting takes, the general one) against a plain
 * node-by-node walk, on fitted ensembles with missing values, categories and unseen codes; links and
 * output shapes; and the property that strictly increasing transforms of a feature leave predictions
 * on the training rows unchanged (trees only compare, and bins follow the values' order).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeatureColumns, TrainingSet } from '../../src/core/models/data';
import { nodeByNodeRaw } from '../fixtures/trees/node-walk';
import { fitDecisionTree } from '../../src/core/models/trees/decision-tree';
import { fitGradientBoosting } from '../../src/core/models/trees/gradient-boosting';
import { leavesOf, predictEnsemble, predictRaw, predictRawGeneral, rowMajor, takesQuantisedWalk } from '../../src/core/models/trees/predictor';
import { fitRandomForest } from '../../src/core/models/trees/random-forest';
import { seededRng } from '../../src/core/random';

/** Three classes from two numeric features (one with missing values) and a categorical one. */
function mixed(n: number, seed: number, task: 'classification' | 'regression' = 'classification'): TrainingSet {
  const rng = seededRng(seed);
  const a = Float64Array.from({ length: n }, () => (rng() < 0.1 ? NaN : rng() * 4 - 2));
  const b = Float64Array.from({ length: n }, () => Math.round(rng() * 20));
  const c = Float64Array.from({ length: n }, () => (rng() < 0.05 ? NaN : Math.floor(rng() * 5)));
  const score = Float64Array.from(a, (v, i) => (Number.isNaN(v) ? 1 : v) + b[i] / 10 + ([0, 2, -1, 1, -2][c[i]] ?? 0.5) + rng());
  const y = task === 'classification' ? Int32Array.from(score, (s) => (s < 0.5 ? 0 : s < 2 ? 1 : 2)) : score;
  const features = [{ name: 'a' }, { name: 'b' }, { name: 'c', categories: ['v', 'w', 'x', 'y', 'z'] }];
  return { task, rows: n, columns: [a, b, c], features, y, classes: task === 'classification' ? ['lo', 'mid', 'hi'] : undefined };
}

/** Rows that probe every path: missing values, unseen and fractional codes, values beyond the range. */
function probes(n: number): FeatureColumns {
  const rng = seededRng(99);
  return {
    rows: n,
    columns: [
      Float64Array.from({ length: n }, (_, i) => (i % 9 === 0 ? NaN : rng() * 6 - 3)),
      Float64Array.from({ length: n }, (_, i) => (i % 13 === 0 ? Infinity : Math.round(rng() * 24) - 2)),
      Float64Array.from({ length: n }, (_, i) => [NaN, 5, 7, -1, 2.5][i % 11] ?? Math.floor(rng() * 5)),
    ],
  };
}

describe('prediction', () => {
  it('walks boosting, forest and tree models exactly as node by node', async () => {
    const data = mixed(600, 1);
    const x = probes(1000);
    const models = [
      (await fitGradientBoosting(data, { max_iter: 10, min_samples_leaf: 5 })).ensemble,
      (await fitGradientBoosting(mixed(600, 2, 'regression'), { max_iter: 10 })).ensemble,
      (await fitRandomForest(data, { n_estimators: 5 })).ensemble,
      (await fitDecisionTree(mixed(600, 3, 'regression'))).ensemble,
      (await fitRandomForest(mixed(600, 3, 'regression'), { n_estimators: 5, max_depth: 5 })).ensemble,
    ];
    // Class shares (several values per leaf) and a tree grown without limit take the general walk.
    expect(models.map(takesQuantisedWalk)).toEqual([true, true, false, false, true]);
    for (const e of models) {
      expect(predictRaw(e, x)).toEqual(nodeByNodeRaw(e, x));
      expect(predictRawGeneral(e, x)).toEqual(nodeByNodeRaw(e, x));
    }
  });

  it('walks numeric-only models (the interleaved general path) exactly as node by node', async () => {
    const data = mixed(600, 4);
    const numeric = { ...data, columns: data.columns.slice(0, 2), features: data.features.slice(0, 2) };
    const x = probes(1003);
    const twoFeatures = { rows: x.rows, columns: x.columns.slice(0, 2) };
    const e = (await fitGradientBoosting(numeric, { max_iter: 10, min_samples_leaf: 3 })).ensemble;
    expect(predictRawGeneral(e, twoFeatures)).toEqual(nodeByNodeRaw(e, twoFeatures));
    expect(predictRaw(e, twoFeatures)).toEqual(nodeByNodeRaw(e, twoFeatures));
  });

  it('gives probabilities that sum to 1: logistic, softmax and forest shares', async () => {
    const data = mixed(400, 5);
    const binary = { ...data, y: Int32Array.from(data.y, (k) => (k === 2 ? 1 : 0)), classes: ['no', 'yes'] };
    const x = probes(50);
    for (const e of [(await fitGradientBoosting(binary, { max_iter: 5 })).ensemble, (await fitGradientBoosting(data, { max_iter: 5 })).ensemble, (await fitRandomForest(data, { n_estimators: 4 })).ensemble]) {
      const p = predictEnsemble(e, x);
      expect(p.length).toBe(50 * e.outputs);
      for (let r = 0; r < 50; r++) {
        const row = p.subarray(r * e.outputs, (r + 1) * e.outputs);
        expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
        expect(row.every((v) => v >= 0 && v <= 1)).toBe(true);
      }
    }
  });

  it('finds the leaves of many rows (the interleaved walk of out-of-bag rows) exactly as node by node', async () => {
    const data = mixed(600, 7);
    const numeric = { ...data, columns: data.columns.slice(0, 2), features: data.features.slice(0, 2) };
    const x = probes(1003);
    for (const [train, columns] of [
      [numeric, x.columns.slice(0, 2)],
      [data, x.columns],
    ] as const) {
      const model = (await fitDecisionTree(train, { min_samples_leaf: 2 })).ensemble;
      const tree = model.nodes;
      // Every third row, backwards: an order the walk must not rely on, a count not a multiple of 4.
      const rows = Int32Array.from({ length: 335 }, (_, i) => 1002 - 3 * i);
      const leaves = new Int32Array(rows.length);
      leavesOf(tree, rowMajor(columns, x.rows), columns.length, rows, rows.length, Int32Array.from(train.features, (f) => f.categories?.length ?? 0), leaves);
      // Node by node: the leaf's value is what a one-tree ensemble predicts for the row.
      const single = { rows: rows.length, columns: columns.map((c) => Float64Array.from(rows, (r) => c[r])) };
      const expected = nodeByNodeRaw(model, single);
      expect(Float64Array.from([...leaves].flatMap((n) => [...tree.value.subarray(3 * n, 3 * n + 3)]))).toEqual(expected);
      expect(new Set(leaves).size).toBeGreaterThan(10);
      expect([...leaves].every((n) => tree.feature[n] < 0)).toBe(true);
    }
  });

  it('refuses input of the wrong width, and an output array of the wrong size', async () => {
    const e = (await fitGradientBoosting(mixed(100, 6), { max_iter: 2 })).ensemble;
    expect(() => predictEnsemble(e, { rows: 1, columns: [Float64Array.of(1)] })).toThrow('The model takes 3 features; 1 were given.');
    expect(() => predictEnsemble(e, probes(4), new Float64Array(5))).toThrow('The output holds 5 values; 4 rows × 3 outputs need 12.');
  });
});

describe('strictly increasing transforms of a feature', () => {
  /** y from two integer features; the transform of feature 0 keeps its order (and its ties). */
  const transforms: [string, (v: number) => number][] = [
    ['3x + 7', (v) => 3 * v + 7],
    ['x³ + x', (v) => v ** 3 + v],
    ['exp(x/4)', (v) => Math.exp(v / 4)],
  ];
  for (const [name, transform] of transforms) {
    it(`(${name}) leave predictions on the training rows unchanged`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2 })), { minLength: 12, maxLength: 60 }), async (rows) => {
          const make = (f: (v: number) => number): TrainingSet => ({
            task: 'classification',
            rows: rows.length,
            columns: [Float64Array.from(rows, (r) => f(r[0])), Float64Array.from(rows, (r) => r[1])],
            features: [{ name: 'x' }, { name: 'z' }],
            y: Int32Array.from(rows, (r) => r[2]),
            classes: ['a', 'b', 'c'],
          });
          const original = make((v) => v);
          const moved = make(transform);
          if (new Set(original.y).size < 2) return;
          // (A bootstrap forest is left out: a row out of a tree's sample may fall between two
          // values of a node, where the threshold's place is not invariant — as in scikit-learn.)
          const fits = [
            async (d: TrainingSet) => (await fitGradientBoosting(d, { max_iter: 5, min_samples_leaf: 2 })).ensemble,
            async (d: TrainingSet) => (await fitRandomForest(d, { n_estimators: 3, seed: 4, bootstrap: false, max_features: '1' })).ensemble,
            async (d: TrainingSet) => (await fitDecisionTree(d, { max_leaf_nodes: 6 })).ensemble,
          ];
          for (const fit of fits) expect(predictEnsemble(await fit(moved), moved)).toEqual(predictEnsemble(await fit(original), original));
        }),
        { numRuns: 25 },
      );
    });
  }
});
