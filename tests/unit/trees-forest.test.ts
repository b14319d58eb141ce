/**
 * Random forests and decision trees: hand-made tables with known trees (class shares, leaf means),
 * growth limits, best-first growth to max_leaf_nodes, categorical and missing-value splits, the
 * out-of-bag score, seeds, importances, and the refusals.
 */
import { describe, expect, it } from 'vitest';
import type { TrainingSet } from '../../src/core/models/data';
import { fitDecisionTree } from '../../src/core/models/trees/decision-tree';
import { encodeEnsemble } from '../../src/core/models/trees/format';
import { predictEnsemble } from '../../src/core/models/trees/predictor';
import { fitRandomForest } from '../../src/core/models/trees/random-forest';
import { seededRng } from '../../src/core/random';
import { bootstrapCounts, treeSeed } from '../../src/core/models/trees/sampling';

function table(task: 'classification' | 'regression', columns: number[][], y: number[], categories?: (string[] | undefined)[]): TrainingSet {
  return {
    task,
    rows: y.length,
    columns: columns.map((c) => Float64Array.from(c)),
    features: columns.map((_, j) => ({ name: `x${j}`, categories: categories?.[j] })),
    y: task === 'classification' ? Int32Array.from(y) : Float64Array.from(y),
    classes: task === 'classification' ? Array.from({ length: Math.max(...y) + 1 }, (_, k) => `c${k}`) : undefined,
  };
}

/** XOR of two features on a 4 × 4 grid, 3 rows per cell. */
function xor(): TrainingSet {
  const a: number[] = [];
  const b: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      for (let k = 0; k < 3; k++) {
        a.push(i);
        b.push(j);
        y.push(i < 2 !== j < 2 ? 1 : 0);
      }
    }
  }
  return table('classification', [a, b], y);
}

describe('decision trees', () => {
  it('grow until the leaves are pure, even through splits that gain nothing at first (XOR)', async () => {
    const data = xor();
    const { ensemble, depth } = await fitDecisionTree(data);
    expect(depth).toBeGreaterThanOrEqual(2);
    const p = predictEnsemble(ensemble, data);
    for (let r = 0; r < data.rows; r++) expect(p[r * 2 + data.y[r]]).toBe(1);
  });

  it('keep class shares and covers in every node', async () => {
    // 3 of class 0 left of x = 1.5, then 1 of class 0 and 4 of class 1 on the right with max_depth 1.
    const data = table('classification', [[1, 1, 1, 2, 2, 2, 2, 2]], [0, 0, 0, 0, 1, 1, 1, 1]);
    const { ensemble } = await fitDecisionTree(data, { max_depth: 1 });
    const v = ensemble.nodes.value;
    expect([...ensemble.nodes.cover]).toEqual([8, 3, 5]);
    expect([...v]).toEqual([0.5, 0.5, 1, 0, 0.2, 0.8]);
    // Impurity decrease: 8·(1 − ½) − 0 − 5·(1 − 0.04 − 0.64) = 4 − 1.6.
    expect(ensemble.nodes.gain[0]).toBeCloseTo(2.4, 12);
  });

  it('give regression leaves the mean target', async () => {
    // Cut after 3: squared errors 2 + 2; after 10: {1, 2, 3, 19} and {20, 21} are worse.
    const data = table('regression', [[1, 2, 3, 10, 11, 12]], [1, 2, 3, 19, 20, 21]);
    const { ensemble } = await fitDecisionTree(data, { max_depth: 1 });
    expect([...predictEnsemble(ensemble, { rows: 2, columns: [Float64Array.of(0, 100)] })]).toEqual([2, 20]);
  });

  it('grow best-first to exactly max_leaf_nodes leaves', async () => {
    const rng = seededRng(2);
    const x = Array.from({ length: 300 }, () => rng() * 10);
    const data = table('regression', [x], x.map((v) => Math.sin(v) + v / 3));
    for (const maxLeaves of [2, 5, 13]) expect((await fitDecisionTree(data, { max_leaf_nodes: maxLeaves })).leaves).toBe(maxLeaves);
    // Best-first: its first split is the depth-first tree's root split.
    const [best, deep] = [await fitDecisionTree(data, { max_leaf_nodes: 5 }), await fitDecisionTree(data)];
    expect(best.ensemble.nodes.threshold[0]).toBe(deep.ensemble.nodes.threshold[0]);
  });

  it('respect min_samples_leaf, min_samples_split and max_depth', async () => {
    const rng = seededRng(3);
    const x = Array.from({ length: 200 }, () => rng());
    const data = table('regression', [x], x.map((v) => v * 10 + rng()));
    const leafSizes = async (params: Parameters<typeof fitDecisionTree>[1]) => {
      const { ensemble } = await fitDecisionTree(data, params);
      return [...ensemble.nodes.feature.keys()].filter((i) => ensemble.nodes.feature[i] < 0).map((i) => ensemble.nodes.cover[i]);
    };
    expect(Math.min(...(await leafSizes({ min_samples_leaf: 17 })))).toBeGreaterThanOrEqual(17);
    // A node of fewer than min_samples_split rows is not split: no inner node holds fewer than 40.
    const { ensemble } = await fitDecisionTree(data, { min_samples_split: 40 });
    for (let i = 0; i < ensemble.nodes.feature.length; i++) if (ensemble.nodes.feature[i] >= 0) expect(ensemble.nodes.cover[i]).toBeGreaterThanOrEqual(40);
    expect((await fitDecisionTree(data, { max_depth: 3 })).depth).toBe(3);
  });

  it('split categories as a set and send missing values to the side they resemble', async () => {
    // Codes 0 and 3 are class 1, 1 and 2 class 0; missing x1 rows are class 1.
    const codes = [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3];
    const data = table('classification', [codes], codes.map((c) => (c === 0 || c === 3 ? 1 : 0)), [['a', 'b', 'c', 'd']]);
    const { ensemble, leaves } = await fitDecisionTree(data);
    expect(leaves).toBe(2);
    expect([...predictEnsemble(ensemble, { rows: 4, columns: [Float64Array.of(0, 1, 2, 3)] })]).toEqual([0, 1, 1, 0, 1, 0, 0, 1]);

    const withMissing = table('classification', [[1, 2, 3, 4, NaN, NaN, 10, 11]], [0, 0, 0, 0, 1, 1, 1, 1]);
    const tree = await fitDecisionTree(withMissing);
    expect([...predictEnsemble(tree.ensemble, { rows: 1, columns: [Float64Array.of(NaN)] })]).toEqual([0, 1]);
  });

  it('use entropy (in bits) when asked, and refuse it for regression', async () => {
    const data = table('classification', [[1, 1, 1, 2, 2, 2, 2, 2]], [0, 0, 0, 0, 1, 1, 1, 1]);
    const { ensemble } = await fitDecisionTree(data, { max_depth: 1, criterion: 'entropy' });
    // 8 · 1 bit − 0 − 5 · H(0.2, 0.8).
    const h = -(0.2 * Math.log2(0.2) + 0.8 * Math.log2(0.8));
    expect(ensemble.nodes.gain[0]).toBeCloseTo(8 - 5 * h, 12);
    await expect(fitDecisionTree(table('regression', [[1, 2]], [1, 2]), { criterion: 'entropy' })).rejects.toThrow('criterion "entropy" is for classification');
  });
});

describe('random forests', () => {
  /** Two informative features, one pure noise; 3 classes. */
  function blobs(n: number, seed: number): TrainingSet {
    const rng = seededRng(seed);
    const y = Array.from({ length: n }, (_, i) => i % 3);
    const a = y.map((k) => k + rng() * 1.2);
    const b = y.map((k) => (k === 1 ? 1 : 0) + rng() * 1.2);
    const noise = y.map(() => rng());
    return table('classification', [a, b, noise], y);
  }

  it('average the trees: probabilities are mean class shares', async () => {
    const data = blobs(150, 1);
    const { ensemble } = await fitRandomForest(data, { n_estimators: 7 });
    expect(ensemble.aggregation).toBe('mean');
    const p = predictEnsemble(ensemble, data);
    // Fully grown trees have pure leaves: each probability is a multiple of 1/7.
    for (const v of p) expect(Math.abs(v * 7 - Math.round(v * 7))).toBeLessThan(1e-9);
  });

  it('score out of bag exactly: each row by the trees whose bootstrap left it out', async () => {
    // Fully grown (pure leaves), with leaves of several classes (min_samples_leaf), and a regression.
    const cases = [
      { data: blobs(200, 7), leaf: 1 },
      { data: blobs(200, 7), leaf: 12 },
      { data: table('regression', [Array.from({ length: 200 }, (_, i) => i % 17)], Array.from({ length: 200 }, (_, i) => (i % 17) ** 1.5 + (i % 5))), leaf: 1 },
    ];
    for (const { data, leaf } of cases) {
      const fit = await fitRandomForest(data, { n_estimators: 15, seed: 9, min_samples_leaf: leaf });
      const { ensemble } = fit;
      const w = ensemble.valueWidth;
      const sums = new Float64Array(data.rows * w);
      const counts = new Float64Array(data.rows);
      for (let t = 0; t < 15; t++) {
        const inBag = bootstrapCounts(seededRng(treeSeed(9, t)), data.rows);
        for (let r = 0; r < data.rows; r++) {
          if (inBag[r] > 0) continue;
          let n = ensemble.treeStart[t];
          while (ensemble.nodes.feature[n] >= 0) n = data.columns[ensemble.nodes.feature[n]][r] <= ensemble.nodes.threshold[n] ? ensemble.nodes.left[n] : ensemble.nodes.right[n];
          for (let k = 0; k < w; k++) sums[r * w + k] += ensemble.nodes.value[n * w + k];
          counts[r]++;
        }
      }
      const seen = [...counts.keys()].filter((r) => counts[r] > 0);
      let expected: number;
      if (data.task === 'classification') {
        const argmax = (r: number) => [...sums.subarray(r * w, (r + 1) * w)].reduce((best, v, k, all) => (v > all[best] ? k : best), 0);
        expected = seen.filter((r) => argmax(r) === data.y[r]).length / seen.length;
      } else {
        const mean = seen.reduce((a, r) => a + data.y[r], 0) / seen.length;
        const residual = seen.reduce((a, r) => a + (data.y[r] - sums[r] / counts[r]) ** 2, 0);
        const total = seen.reduce((a, r) => a + (data.y[r] - mean) ** 2, 0);
        expected = 1 - residual / total;
      }
      expect(fit.oobScore).toBeCloseTo(expected, 10);
    }
  });

  it('score the rows each tree did not see, tree by tree', async () => {
    const data = blobs(300, 2);
    const fit = await fitRandomForest(data, { n_estimators: 30 });
    expect(fit.history.oobScore).toHaveLength(30);
    expect(fit.oobScore).toBe(fit.history.oobScore[29]);
    // A fresh sample from the same distribution scores about the same as the out-of-bag rows.
    const fresh = blobs(600, 3);
    const p = predictEnsemble(fit.ensemble, fresh);
    let correct = 0;
    for (let r = 0; r < fresh.rows; r++) if (p[r * 3 + fresh.y[r]] === Math.max(p[r * 3], p[r * 3 + 1], p[r * 3 + 2])) correct++;
    expect(Math.abs(fit.oobScore! - correct / fresh.rows)).toBeLessThan(0.06);
    expect((await fitRandomForest(data, { n_estimators: 3, bootstrap: false })).oobScore).toBeNull();
  });

  it('give the same forest for the same seed and another for another seed', async () => {
    const data = blobs(120, 4);
    const bytes = async (seed: number) => encodeEnsemble((await fitRandomForest(data, { n_estimators: 5, seed })).ensemble).blobs['trees.bin'];
    expect(await bytes(1)).toEqual(await bytes(1));
    expect(await bytes(1)).not.toEqual(await bytes(2));
  });

  it('rank an informative feature above noise', async () => {
    const { importances } = await fitRandomForest(blobs(300, 5), { n_estimators: 20 });
    expect(importances.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(importances[0]).toBeGreaterThan(importances[2]);
    expect(importances[1]).toBeGreaterThan(importances[2]);
  });

  it('refuse a max_features it cannot read, or more features than there are', async () => {
    const data = blobs(30, 6);
    await expect(fitRandomForest(data, { max_features: 'most' })).rejects.toThrow('max_features "most" must be auto, sqrt, log2, all, a whole number of features or a fraction between 0 and 1.');
    await expect(fitRandomForest(data, { max_features: '4' })).rejects.toThrow('max_features is 4, but there are only 3 features.');
  });

  it('weigh classes with balanced class weights', async () => {
    // One row of class 1 among 9 of class 0, all with the same x: a single leaf whose shares are the weighted ones.
    const data = table('classification', [[1, 1, 1, 1, 1, 1, 1, 1, 1, 1]], [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    const plain = await fitRandomForest(data, { n_estimators: 1, bootstrap: false });
    const balanced = await fitRandomForest(data, { n_estimators: 1, bootstrap: false, class_weight: 'balanced' });
    expect([...plain.ensemble.nodes.value]).toEqual([0.9, 0.1]);
    expect([...balanced.ensemble.nodes.value].map((v) => +v.toFixed(12))).toEqual([0.5, 0.5]);
  });
});
