/**
 * Logistic regression solvers beyond the scikit-learn fixtures (solver-fixtures.test.ts): the
 * objective's gradient against finite differences, cases solved by hand, bad input, separable
 * classes, cancellation, determinism and the Dense-layer weights.
 */
import { describe, expect, it } from 'vitest';
import type { TrainingSet } from '../../src/core/models/data';
import { Pacer } from '../../src/core/models/solvers/hooks';
import { fitLogistic, type LogisticParams } from '../../src/core/models/solvers/logistic';
import { LogisticObjective, parameterCount } from '../../src/core/models/solvers/logistic-loss';
import { ABSENT_CLASS_BIAS, decisionFunction, denseLayerWeights, predictProbabilities } from '../../src/core/models/solvers/predict';
import { seededRng } from '../../src/core/random';
import { loadDesign } from '../fixtures/solvers/design';
import { classificationSet, gaussianColumns, logisticLabels, scores } from '../fixtures/solvers/synthetic';

function binaryData(rows: number, seed = 1): TrainingSet {
  const columns = gaussianColumns(rows, 4, seed);
  return classificationSet(columns, logisticLabels(scores(columns, [1.5, -1, 0.5, 0], 0.3), seed + 1));
}

function threeClassData(rows: number, seed = 3): TrainingSet {
  const columns = gaussianColumns(rows, 3, seed);
  const rng = seededRng(seed + 1);
  const y = Int32Array.from({ length: rows }, (_, i) => {
    const z = [columns[0][i], columns[1][i] - 0.5 * columns[0][i], 0.3 + columns[2][i]].map((v) => v + rng() * 2);
    return z.indexOf(Math.max(...z));
  });
  return classificationSet(columns, y, ['a', 'b', 'c']);
}

describe('the smooth objective', () => {
  it.each([
    ['binary', 1],
    ['multinomial', 4],
  ])('%s: its gradient matches central differences', async (_, outputs) => {
    const rows = 300;
    const columns = gaussianColumns(rows, 3, 7);
    const rng = seededRng(8);
    const y = Int32Array.from({ length: rows }, () => Math.floor(rng() * Math.max(outputs, 2)));
    const weights = Float64Array.from({ length: rows }, () => 0.5 + rng());
    const objective = new LogisticObjective({ rows, columns }, y, weights, outputs, 0.01, new Pacer());
    const theta = Float64Array.from({ length: parameterCount(3, outputs) }, () => rng() * 2 - 1);
    const gradient = new Float64Array(theta.length);
    await objective.evaluate(theta, gradient);
    const scratch = new Float64Array(theta.length);
    for (let p = 0; p < theta.length; p++) {
      const h = 1e-5;
      const plus = Float64Array.from(theta);
      const minus = Float64Array.from(theta);
      plus[p] += h;
      minus[p] -= h;
      const numeric = ((await objective.evaluate(plus, scratch)) - (await objective.evaluate(minus, scratch))) / (2 * h);
      expect(Math.abs(gradient[p] - numeric)).toBeLessThan(1e-8);
    }
  });

  it('stays finite where the scores are huge (softplus and log-sum-exp without overflow)', async () => {
    const columns = [Float64Array.of(-1, 1)];
    for (const outputs of [1, 3]) {
      const objective = new LogisticObjective({ rows: 2, columns }, Int32Array.of(0, 1), Float64Array.of(1, 1), outputs, 0, new Pacer());
      const theta = new Float64Array(parameterCount(1, outputs)).fill(1e6);
      theta[0] = -1e6; // the first output: −1e6·x, so one row scores −1e6 and the other +1e6
      const gradient = new Float64Array(theta.length);
      const value = await objective.evaluate(theta, gradient);
      expect(Number.isFinite(value)).toBe(true);
      expect(gradient.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('cases solved by hand', () => {
  it('binary, no penalty, one binary feature: the saturated model (b = logit ½ = 0, w = logit ⅔ = ln 2)', async () => {
    const data = classificationSet([Float64Array.of(0, 0, 1, 1, 1)], Int32Array.of(0, 1, 0, 1, 1));
    const fit = await fitLogistic(data, { penalty: 'none', tol: 1e-10 });
    expect(fit.converged).toBe(true);
    expect(fit.coef[0]).toBeCloseTo(Math.LN2, 7);
    expect(fit.intercept[0]).toBeCloseTo(0, 7);
  });

  it('multinomial with only an all-zero feature: intercepts are the centred log class frequencies, the coefficient 0', async () => {
    const y = Int32Array.of(0, 1, 1, 2, 2, 2, 2, 2);
    const fit = await fitLogistic(classificationSet([new Float64Array(8)], y, ['a', 'b', 'c']), { penalty: 'none', tol: 1e-10 });
    const logs = [1, 2, 5].map((count) => Math.log(count / 8));
    const mean = logs.reduce((a, b) => a + b) / 3;
    logs.forEach((l, k) => expect(fit.intercept[k]).toBeCloseTo(l - mean, 7));
    expect([...fit.coef]).toEqual([0, 0, 0]);
  });

  it('L1: every coefficient is 0 exactly while C ≤ 1 / max|Xᵀ(ȳ − y)| (scikit-learn l1_min_c), not beyond', async () => {
    const data = binaryData(400);
    const y = data.y as Int32Array;
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const threshold = 1 / Math.max(...data.columns.map((x) => Math.abs(x.reduce((s, v, i) => s + v * (mean - y[i]), 0))));
    const below = await fitLogistic(data, { penalty: 'l1', C: threshold * 0.999, tol: 1e-10 });
    expect([...below.coef]).toEqual([0, 0, 0, 0]);
    expect(below.intercept[0]).toBeCloseTo(Math.log(mean / (1 - mean)), 8);
    const above = await fitLogistic(data, { penalty: 'l1', C: threshold * 1.05, tol: 1e-10 });
    expect(above.coef.filter((w) => w !== 0).length).toBe(1);
  });
});

describe('bad input', () => {
  it.each([NaN, Infinity, -Infinity])('refuses %s, naming the feature and row', async (value) => {
    const data = binaryData(50);
    data.columns[2][17] = value;
    await expect(fitLogistic(data)).rejects.toThrow(/Feature 'x3' is .* at row 18/);
  });

  it('refuses a single class, naming it', async () => {
    const data = classificationSet(gaussianColumns(10, 2, 1), new Int32Array(10).fill(1), ['cat', 'dog']);
    await expect(fitLogistic(data)).rejects.toThrow("only the class 'dog'");
  });

  it('refuses out-of-range parameters and class indices', async () => {
    const data = binaryData(20);
    await expect(fitLogistic(data, { C: 0 })).rejects.toThrow('Parameter C must be a positive');
    await expect(fitLogistic(data, { penalty: 'elasticnet', l1_ratio: 1.5 })).rejects.toThrow('Parameter l1_ratio');
    await expect(fitLogistic(data, { max_iter: 0.5 })).rejects.toThrow('Parameter max_iter');
    await expect(fitLogistic(data, { penalty: 'l3' } as unknown as LogisticParams)).rejects.toThrow('Parameter penalty');
    (data.y as Int32Array)[3] = 2;
    await expect(fitLogistic(data)).rejects.toThrow('row 4 is class index 2');
  });

  it.each(['l2', 'l1'] as const)('%s: an all-zero or constant feature gets coefficient 0 and leaves the others as without it', async (penalty) => {
    const data = binaryData(300);
    const without = await fitLogistic(data, { penalty, tol: 1e-10 });
    const withConstant = await fitLogistic({ ...data, columns: [...data.columns, new Float64Array(300).fill(3)], features: [...data.features, { name: 'c' }] }, { penalty, tol: 1e-10 });
    expect(Math.abs(withConstant.coef[4])).toBeLessThan(1e-7);
    without.coef.forEach((w, j) => expect(withConstant.coef[j]).toBeCloseTo(w, 6));
    expect(withConstant.intercept[0]).toBeCloseTo(without.intercept[0], 6);
  });
});

describe('separable classes', () => {
  const separable = () => {
    const columns = gaussianColumns(200, 2, 11);
    return classificationSet(columns, Int32Array.from(columns[0], (v, i) => (v + 0.5 * columns[1][i] > 0 ? 1 : 0)));
  };

  it('L2 keeps the coefficients finite and converges', async () => {
    const fit = await fitLogistic(separable(), { C: 1e4 });
    expect(fit.converged).toBe(true);
    expect(fit.coef.every(Number.isFinite)).toBe(true);
  });

  it('no penalty: a finite result and a warning that says why', async () => {
    const fit = await fitLogistic(separable(), { penalty: 'none' });
    expect(fit.coef.every(Number.isFinite) && fit.intercept.every(Number.isFinite)).toBe(true);
    expect(fit.warnings.join()).toContain('perfectly separable');
    expect(predictProbabilities(fit, separable()).every(Number.isFinite)).toBe(true);
  });

  it('no penalty, one class separable from the rest (iris setosa): large but finite, no NaN', async () => {
    const { train } = loadDesign('iris');
    const fit = await fitLogistic(train, { penalty: 'none', max_iter: 1000 });
    expect(fit.coef.every(Number.isFinite)).toBe(true);
    expect(fit.lossHistory.every(Number.isFinite)).toBe(true);
  });
});

describe('how a fit runs', () => {
  it.each(['l2', 'l1'] as const)('%s: cancels with an AbortError, before or during the fit', async (penalty) => {
    const data = binaryData(2000);
    await expect(fitLogistic(data, { penalty }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError', message: 'Training was cancelled.' });
    const controller = new AbortController();
    let calls = 0;
    const run = fitLogistic(data, { penalty, tol: 1e-12, max_iter: 1000 }, { signal: controller.signal, onProgress: () => (++calls === 2 ? controller.abort() : undefined) });
    await expect(run).rejects.toMatchObject({ name: 'AbortError', message: 'Training was cancelled.' });
    expect(calls).toBe(2);
  });

  it('lets the event loop run during a long fit', async () => {
    const data = binaryData(400_000);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await fitLogistic(data, { max_iter: 5 });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });

  it.each(['l2', 'elasticnet'] as const)('%s: reports each iteration, and gives bit-identical results twice', async (penalty) => {
    const data = threeClassData(500);
    const progress: number[] = [];
    const first = await fitLogistic(data, { penalty }, { onProgress: (p) => progress.push(p.loss) });
    const second = await fitLogistic(data, { penalty });
    expect(progress).toEqual(first.lossHistory);
    expect(progress.length).toBe(first.iterations);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeLessThanOrEqual(progress[i - 1]);
    expect(second.coef).toEqual(first.coef);
    expect(second.intercept).toEqual(first.intercept);
  });

  it.each(['l2', 'l1'] as const)('%s: an iteration limit too low ends unconverged, with a warning to show', async (penalty) => {
    const fit = await fitLogistic(threeClassData(300), { penalty, max_iter: 2, tol: 1e-12 });
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(2);
    expect(fit.warnings.join()).toMatch(/without converging.*Raise max_iter/);
  });
});

describe('predictions and the Dense layer', () => {
  function softmaxOfDense(kernel: Float64Array, bias: Float64Array, data: TrainingSet, units: number): number[][] {
    return Array.from({ length: data.rows }, (_, i) => {
      const z = Array.from(bias, (b, u) => data.columns.reduce((s, column, j) => s + column[i] * kernel[j * units + u], b));
      const max = Math.max(...z);
      const e = z.map((v) => Math.exp(v - max));
      const total = e.reduce((a, b) => a + b);
      return e.map((v) => v / total);
    });
  }

  it('binary: a two-unit softmax over [0, z] gives the sigmoid probabilities', async () => {
    const data = binaryData(100);
    const fit = await fitLogistic(data);
    const { kernel, bias } = denseLayerWeights(fit, 2);
    const expected = predictProbabilities(fit, data);
    softmaxOfDense(kernel, bias, data, 2).forEach((p, i) => p.forEach((v, c) => expect(v).toBeCloseTo(expected[2 * i + c], 12)));
  });

  it('multinomial with a class that has no training rows: a warning, and a unit that never wins', async () => {
    const base = threeClassData(200);
    const y = Int32Array.from(base.y as Int32Array, (c) => (c === 1 ? 3 : c)); // classes a, c, d have rows; b none
    const data = { ...base, y, classes: ['a', 'b', 'c', 'd'] };
    const fit = await fitLogistic(data);
    expect([...fit.classes]).toEqual([0, 2, 3]);
    expect(fit.warnings.join()).toContain("'b'");
    const { kernel, bias } = denseLayerWeights(fit, 4);
    expect(bias[1]).toBe(ABSENT_CLASS_BIAS);
    const expected = predictProbabilities(fit, data);
    softmaxOfDense(kernel, bias, data, 4).forEach((p, i) => {
      expect(p[1]).toBe(0);
      [0, 2, 3].forEach((unit, k) => expect(p[unit]).toBeCloseTo(expected[3 * i + k], 12));
    });
  });

  it('the decision function is X·coefᵀ + intercept, coef row-major outputs × features', async () => {
    const data = threeClassData(20);
    const fit = await fitLogistic(data);
    const z = decisionFunction(fit, data);
    for (let i = 0; i < 20; i++) {
      for (let k = 0; k < 3; k++) {
        expect(z[i * 3 + k]).toBeCloseTo(fit.intercept[k] + data.columns.reduce((s, x, j) => s + x[i] * fit.coef[k * 3 + j], 0), 12);
      }
    }
    expect(() => decisionFunction(fit, { rows: 1, columns: [Float64Array.of(1), Float64Array.of(NaN), Float64Array.of(0)] })).toThrow("Feature 'feature 2' is missing (NaN) at row 1");
  });
});
