/**
 * Histogram gradient boosting: hand-computed stumps (leaf value −G/(H + λ) × learning rate, the
 * learnt side for missing values, a split on a set of categories), scikit-learn's predictions on the
 * same data (committed fixture), determinism, early stopping, and the refusals.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TrainingSet } from '../../src/core/models/data';
import { fitGradientBoosting } from '../../src/core/models/trees/gradient-boosting';
import { predictEnsemble, predictRaw } from '../../src/core/models/trees/predictor';
import { validationSplit } from '../../src/core/models/trees/sampling';
import { MISSING_LEFT } from '../../src/core/models/trees/tree';
import { seededRng } from '../../src/core/random';

function regression(columns: number[][], y: number[], categories?: (string[] | undefined)[]): TrainingSet {
  return {
    task: 'regression',
    rows: y.length,
    columns: columns.map((c) => Float64Array.from(c)),
    features: columns.map((_, j) => ({ name: `x${j}`, categories: categories?.[j] })),
    y: Float64Array.from(y),
  };
}

const stump = { max_iter: 1, max_leaf_nodes: 2, min_samples_leaf: 1, learning_rate: 0.5, early_stopping: 'off' } as const;

describe('a boosting stump on a hand-made table', () => {
  it('splits at the midpoint and gives leaves −G/(H + λ) × learning rate', async () => {
    // Baseline: mean 5. Gradients (raw − y): +5 on the left four rows, −5 on the right four; hessians 1.
    const data = regression([[1, 2, 3, 4, 5, 6, 7, 8]], [0, 0, 0, 0, 10, 10, 10, 10]);
    const { ensemble } = await fitGradientBoosting(data, { ...stump, l2_regularization: 1 });
    expect([...ensemble.baseline]).toEqual([5]);
    expect(ensemble.nodes.feature[0]).toBe(0);
    expect(ensemble.nodes.threshold[0]).toBe(4.5);
    // Left: G = 20, H = 4, λ = 1 → −20/5 × 0.5 = −2; right: +2.
    const [left, right] = [ensemble.nodes.left[0], ensemble.nodes.right[0]];
    expect(ensemble.nodes.value[left]).toBeCloseTo(-2, 12);
    expect(ensemble.nodes.value[right]).toBeCloseTo(2, 12);
    expect([...ensemble.nodes.cover.subarray(0, 3)]).toEqual([8, 4, 4]);
    expect([...predictEnsemble(ensemble, { rows: 3, columns: [Float64Array.of(0, 4.5, 4.6)] })].map((v) => +v.toFixed(12))).toEqual([3, 3, 7]);
  });

  it('learns on which side missing values go', async () => {
    // Rows without x whose target is 10 belong with the right leaf; with target 0, with the left.
    for (const [missingY, goesLeft] of [
      [10, false],
      [0, true],
    ] as const) {
      const data = regression([[1, 2, 3, 4, 5, 6, 7, 8, NaN, NaN]], [0, 0, 0, 0, 10, 10, 10, 10, missingY, missingY]);
      const { ensemble } = await fitGradientBoosting(data, stump);
      expect((ensemble.nodes.flags[0] & MISSING_LEFT) !== 0).toBe(goesLeft);
      // Baseline 6 (or 4): the missing rows' leaf mean is reached at learning rate 0.5 halfway.
      const baseline = ensemble.baseline[0];
      const leafMean = goesLeft ? 0 : 10;
      const [prediction] = predictEnsemble(ensemble, { rows: 1, columns: [Float64Array.of(NaN)] });
      expect(prediction).toBeCloseTo(baseline + 0.5 * (leafMean - baseline), 10);
    }
  });

  it('sends missing values to the larger child when training had none', async () => {
    const data = regression([[1, 2, 3, 4, 5, 6, 7, 8, 9]], [0, 0, 0, 10, 10, 10, 10, 10, 10]);
    const { ensemble } = await fitGradientBoosting(data, stump);
    const [missing, large] = predictEnsemble(ensemble, { rows: 2, columns: [Float64Array.of(NaN, 9)] });
    expect(missing).toBe(large);
  });

  it('splits a categorical feature on a set of categories', async () => {
    // Categories b, d, f have target 10, a, c, e target 0: no ordering of the codes separates them.
    const codes: number[] = [];
    const y: number[] = [];
    for (let c = 0; c < 6; c++) {
      for (let k = 0; k < 12; k++) {
        codes.push(c);
        y.push(c % 2 === 1 ? 10 : 0);
      }
    }
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const { ensemble } = await fitGradientBoosting(regression([codes], y, [names]), stump);
    const predictions = predictEnsemble(ensemble, { rows: 6, columns: [Float64Array.of(0, 1, 2, 3, 4, 5)] });
    expect([...predictions].map((v) => +v.toFixed(9))).toEqual([2.5, 7.5, 2.5, 7.5, 2.5, 7.5]);
    // Unknown codes and missing values follow the missing side: training had none, so the larger
    // child (a tie here, so the right one), the same for both.
    const [unseen, missing, fractional] = predictEnsemble(ensemble, { rows: 3, columns: [Float64Array.of(6, NaN, 1.5)] });
    expect(unseen).toBe(missing);
    expect(fractional).toBe(missing);
  });

  it('predicts a constant target as that constant', async () => {
    const { ensemble, iterations } = await fitGradientBoosting(regression([[1, 2, 3, 4, 5, 6]], [7, 7, 7, 7, 7, 7]), { min_samples_leaf: 1 });
    expect(iterations).toBe(100);
    expect([...predictEnsemble(ensemble, { rows: 2, columns: [Float64Array.of(0, 100)] })]).toEqual([7, 7]);
  });
});

interface HgbCase {
  name: string;
  params: Record<string, number | string | null>;
  columns: number[];
  categorical: number[];
  train_y: number[];
  raw: number[] | number[][];
  proba?: number[][];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/trees/hgb.json', import.meta.url), 'utf8')) as {
  train_x: (number | null)[][];
  test_x: (number | null)[][];
  cases: HgbCase[];
};
const asColumn = (values: (number | null)[]) => Float64Array.from(values, (v) => (v === null ? NaN : v));

describe("scikit-learn's HistGradientBoosting on the same data (tests/fixtures/trees/hgb.json)", () => {
  for (const c of fixture.cases) {
    it(`${c.name}: the same raw predictions`, async () => {
      const classification = c.proba !== undefined;
      const classes = classification ? new Set(c.train_y).size : 0;
      const data: TrainingSet = {
        task: classification ? 'classification' : 'regression',
        rows: c.train_y.length,
        columns: c.columns.map((j) => asColumn(fixture.train_x[j])),
        features: c.columns.map((j, i) => ({ name: `x${j}`, categories: c.categorical.includes(i) ? ['a', 'b', 'c', 'd', 'e', 'f'] : undefined })),
        y: classification ? Int32Array.from(c.train_y) : Float64Array.from(c.train_y),
        classes: classification ? Array.from({ length: classes }, (_, k) => `class ${k}`) : undefined,
      };
      const p = c.params;
      const fit = await fitGradientBoosting(data, {
        max_iter: p.max_iter as number,
        learning_rate: p.learning_rate as number,
        l2_regularization: p.l2_regularization as number,
        max_leaf_nodes: p.max_leaf_nodes as number,
        max_depth: (p.max_depth as number | null) ?? 0,
        min_samples_leaf: p.min_samples_leaf as number,
        class_weight: p.class_weight === 'balanced' ? 'balanced' : 'none',
        early_stopping: 'off',
      });
      const test = { rows: fixture.test_x[0].length, columns: c.columns.map((j) => asColumn(fixture.test_x[j])) };
      // Same bins (bit for bit, trees-binning), same split rules, same float32 gradients summed in
      // the same order: the trees are the same, and predictions differ only by the rounding of
      // adding 15 (or 45) leaf values in another order.
      const raw = predictRaw(fit.ensemble, test);
      const expected = c.raw.flat();
      expect(raw.length).toBe(expected.length);
      for (let i = 0; i < expected.length; i++) expect(Math.abs(raw[i] - expected[i])).toBeLessThan(1e-12);
      if (c.proba) {
        const proba = predictEnsemble(fit.ensemble, test);
        const expectedProba = c.proba.flat();
        for (let i = 0; i < expectedProba.length; i++) expect(Math.abs(proba[i] - expectedProba[i])).toBeLessThan(1e-12);
      }
    });
  }
});

/** A noisy binary problem of n rows: y = 1 when x0 + x1 + noise > 0. */
function noisyBinary(n: number, seed: number): TrainingSet {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
  const x0 = new Float64Array(n);
  const x1 = new Float64Array(n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x0[i] = random() * 2 - 1;
    x1[i] = random() * 2 - 1;
    y[i] = x0[i] + x1[i] + (random() - 0.5) * 1.5 > 0 ? 1 : 0;
  }
  return { task: 'classification', rows: n, columns: [x0, x1], features: [{ name: 'x0' }, { name: 'x1' }], y, classes: ['no', 'yes'] };
}

describe('boosting runs', () => {
  it('give the same trees for the same seed', async () => {
    const data = noisyBinary(400, 3);
    const params = { max_iter: 20, early_stopping: 'on', seed: 11 } as const;
    const [a, b] = [await fitGradientBoosting(data, params), await fitGradientBoosting(data, params)];
    expect(a.ensemble.nodes.threshold).toEqual(b.ensemble.nodes.threshold);
    expect(a.ensemble.nodes.value).toEqual(b.ensemble.nodes.value);
    expect(a.history).toEqual(b.history);
  });

  it('stop early once the validation loss stops improving, keeping the trees grown', async () => {
    const data = noisyBinary(3000, 5);
    const fit = await fitGradientBoosting(data, { max_iter: 500, early_stopping: 'on', n_iter_no_change: 5, learning_rate: 0.5 });
    expect(fit.stoppedEarly).toBe(true);
    expect(fit.iterations).toBeLessThan(500);
    expect(fit.history.validationLoss).toHaveLength(fit.iterations);
    expect(fit.ensemble.treeStart.length - 1).toBe(fit.iterations);
    // The rule: none of the last 5 losses is better by more than tol than the one 6 back.
    const losses = fit.history.validationLoss;
    const reference = losses.length > 5 ? losses[losses.length - 6] : undefined;
    if (reference !== undefined) for (const l of losses.slice(-5)) expect(l).toBeGreaterThanOrEqual(reference - 1e-7);
  });

  it('score the validation rows as the stored trees predict them: missing values, categories and values unseen in training', async () => {
    const n = 3000;
    const seed = 3;
    const rng = seededRng(9);
    const x0 = Float64Array.from({ length: n }, () => rng() * 2 - 1);
    const x1 = Float64Array.from({ length: n }, () => rng() * 2 - 1);
    const x2 = Float64Array.from({ length: n }, () => Math.floor(rng() * 4));
    const y = Int32Array.from(x0, (v, i) => (v + x1[i] + (x2[i] === 1 ? 0.8 : 0) + rng() - 0.5 > 0 ? 1 : 0));
    // The rows the fit holds out (the split depends on the targets and the seed only): they alone get
    // missing values of x1, values past its training range and category 'e' of x2.
    const { validation } = validationSplit(n, 0.1, seed, y, 2);
    validation.forEach((r, k) => {
      if (k % 3 === 0) x1[r] = NaN;
      else if (k % 3 === 1) x1[r] = k % 2 ? 50 : -50;
      if (k % 4 === 0) x2[r] = 4;
    });
    const data: TrainingSet = { task: 'classification', rows: n, columns: [x0, x1, x2], features: [{ name: 'x0' }, { name: 'x1' }, { name: 'x2', categories: ['a', 'b', 'c', 'd', 'e'] }], y, classes: ['no', 'yes'] };
    const fit = await fitGradientBoosting(data, { max_iter: 15, early_stopping: 'on', seed });
    const raw = predictRaw(fit.ensemble, { rows: validation.length, columns: data.columns.map((c) => Float64Array.from(validation, (r) => c[r])) });
    let loss = 0;
    validation.forEach((r, k) => (loss += Math.max(raw[k], 0) + Math.log1p(Math.exp(-Math.abs(raw[k]))) - y[r] * raw[k]));
    expect(fit.history.validationLoss.at(-1)).toBeCloseTo(loss / validation.length, 12);
  });

  it("switch early stopping on past 10,000 rows with 'auto', as scikit-learn", async () => {
    const small = await fitGradientBoosting(noisyBinary(500, 1), { max_iter: 3 });
    expect(small.history.validationLoss).toEqual([]);
    const large = await fitGradientBoosting(noisyBinary(10_001, 1), { max_iter: 3 });
    expect(large.history.validationLoss).toHaveLength(3);
  });

  it('report progress per iteration with the losses, and stop with AbortError when cancelled', async () => {
    const seen: number[] = [];
    const controller = new AbortController();
    const fit = fitGradientBoosting(noisyBinary(20_000, 2), { max_iter: 1000, early_stopping: 'off' }, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.done);
        expect(p.total).toBe(1000);
        expect(p.trainLoss).toBeGreaterThan(0);
        if (p.done === 3) controller.abort();
      },
    });
    await expect(fit).rejects.toMatchObject({ name: 'AbortError', message: 'Training was cancelled.' });
    expect(seen.slice(0, 3)).toEqual([1, 2, 3]);
    expect(seen.length).toBeLessThan(1000);
  });

  it('let the event loop run while fitting, so that a cancel message gets in', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 0);
    await expect(fitGradientBoosting(noisyBinary(20_000, 4), { max_iter: 2000, early_stopping: 'off' }, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('weigh classes by their frequency with balanced class weights', async () => {
    // 90 % of class 0 and x uninformative: unweighted the baseline favours class 0, balanced it is even.
    const n = 200;
    const data: TrainingSet = { task: 'classification', rows: n, columns: [Float64Array.from({ length: n }, () => 1)], features: [{ name: 'x' }], y: Int32Array.from({ length: n }, (_, i) => (i < 180 ? 0 : 1)), classes: ['a', 'b'] };
    const plain = await fitGradientBoosting(data, { max_iter: 1 });
    const balanced = await fitGradientBoosting(data, { max_iter: 1, class_weight: 'balanced' });
    expect(plain.ensemble.baseline[0]).toBeCloseTo(Math.log(0.1 / 0.9), 12);
    expect(balanced.ensemble.baseline[0]).toBeCloseTo(0, 12);
  });
});

describe('boosting refuses bad input with a specific message', () => {
  const base = noisyBinary(50, 9);
  it('one class among the training rows', async () => {
    await expect(fitGradientBoosting({ ...base, y: new Int32Array(50) })).rejects.toThrow('Every training row is of class "no"');
  });
  it('an infinite value, naming the feature and row', async () => {
    const x0 = Float64Array.from(base.columns[0]);
    x0[7] = -Infinity;
    await expect(fitGradientBoosting({ ...base, columns: [x0, base.columns[1]] })).rejects.toThrow('Feature "x0" is −infinite at training row 8');
  });
  it('a category code outside the categories', async () => {
    const codes = Float64Array.from({ length: 50 }, (_, i) => i % 3);
    codes[4] = 3;
    const data = { ...base, columns: [codes], features: [{ name: 'colour', categories: ['r', 'g', 'b'] }] };
    await expect(fitGradientBoosting(data)).rejects.toThrow('Feature "colour" has category code 3 at training row 5');
  });
  it('parameters out of range, naming them', async () => {
    await expect(fitGradientBoosting(base, { learning_rate: 0, max_bins: 300 })).rejects.toThrow('hist_gradient_boosting: learning_rate must be ≥ 0.000001; max_bins must be ≤ 255.');
  });
  it('a regression target that is not a number', async () => {
    await expect(fitGradientBoosting(regression([[1, 2, 3]], [1, NaN, 3]))).rejects.toThrow('The target is NaN at training row 2');
  });
});

describe('boosting copes with awkward data', () => {
  it('never splits on an entirely missing feature', async () => {
    const data = noisyBinary(300, 4);
    const empty = new Float64Array(300).fill(NaN);
    const fit = await fitGradientBoosting({ ...data, columns: [empty, ...data.columns], features: [{ name: 'empty' }, ...data.features] }, { max_iter: 10 });
    expect(fit.ensemble.nodes.feature.includes(0)).toBe(false);
    expect(fit.importances[0]).toBe(0);
  });

  it('takes a feature with thousands of categories, grouping the rare ones', async () => {
    const n = 6000;
    const categories = Array.from({ length: 3100 }, (_, c) => `id${c}`);
    // Codes 0…99 are frequent (their parity decides y), 100…3099 appear once each and are noise.
    const codes = Float64Array.from({ length: n }, (_, i) => (i < 3000 ? i % 100 : 100 + (i - 3000)));
    const y = Float64Array.from(codes, (c, i) => (c < 100 ? (c % 2) * 10 : i % 7));
    const fit = await fitGradientBoosting({ task: 'regression', rows: n, columns: [codes], features: [{ name: 'id', categories }], y }, { max_iter: 20 });
    const predictions = predictEnsemble(fit.ensemble, { rows: 4, columns: [Float64Array.of(2, 3, 2999, 5000)] });
    expect(predictions.every(Number.isFinite)).toBe(true);
    expect(predictions[1] - predictions[0]).toBeGreaterThan(5);
  });
});
