/**
 * Linear regression solvers beyond the scikit-learn fixtures: hand-solved cases, collinear and
 * constant features, bad input, the CG route against Cholesky, the solvers against each other,
 * cancellation and determinism.
 */
import { describe, expect, it } from 'vitest';
import { fitLinear } from '../../src/core/models/solvers/regression';
import { seededRng } from '../../src/core/random';
import { gaussianColumns, regressionSet, scores } from '../fixtures/solvers/synthetic';

function noisyLinear(rows: number, features: number, seed = 5) {
  const columns = gaussianColumns(rows, features, seed);
  const rng = seededRng(seed + 1);
  const weights = Array.from({ length: features }, (_, j) => Math.cos(j));
  const y = scores(columns, weights, 2).map((v) => v + rng() - 0.5);
  return regressionSet(columns, y);
}

describe('cases solved by hand', () => {
  // x = 1…4, y = (2, 4, 5, 8): centred Σx² = 5, Σxy = 9.5, ȳ = 4.75, x̄ = 2.5.
  const data = regressionSet([Float64Array.of(1, 2, 3, 4)], Float64Array.of(2, 4, 5, 8));

  it('least squares: w = 9.5 / 5, b = ȳ − w·x̄', async () => {
    const fit = await fitLinear(data, { penalty: 'none' });
    expect(fit.coef[0]).toBeCloseTo(1.9, 12);
    expect(fit.intercept[0]).toBeCloseTo(0, 12);
    expect(fit.solver).toBe('cholesky');
  });

  it('ridge: w = 9.5 / (5 + alpha), objective ‖y − Xw − b‖² + alpha·w²', async () => {
    const fit = await fitLinear(data, { penalty: 'l2', alpha: 1 });
    const w = 9.5 / 6;
    expect(fit.coef[0]).toBeCloseTo(w, 12);
    expect(fit.intercept[0]).toBeCloseTo(4.75 - 2.5 * w, 12);
    const residuals = [2, 4, 5, 8].map((y, i) => y - w * (i + 1) - fit.intercept[0]);
    expect(fit.lossHistory[0]).toBeCloseTo(residuals.reduce((s, r) => s + r * r, 0) + w * w, 10);
  });

  // Orthogonal centred columns with x·x / n = 1: lasso soft-thresholds each x·y / n by alpha;
  // elastic net also divides by 1 + alpha·(1 − l1_ratio).
  const orthogonal = regressionSet([Float64Array.of(1, -1, 1, -1), Float64Array.of(1, 1, -1, -1)], Float64Array.of(3, 1, 0.2, 0));
  const correlations = [(3 - 1 + 0.2 - 0) / 4, (3 + 1 - 0.2 - 0) / 4]; // 0.55, 0.95
  const soft = (v: number, t: number) => Math.sign(v) * Math.max(Math.abs(v) - t, 0);

  it('lasso on orthogonal features: soft-thresholding', async () => {
    const fit = await fitLinear(orthogonal, { penalty: 'l1', alpha: 0.6, tol: 1e-12 });
    expect(fit.coef[0]).toBe(0);
    expect(fit.coef[1]).toBeCloseTo(soft(correlations[1], 0.6), 12);
    expect(fit.intercept[0]).toBeCloseTo(1.05, 12);
  });

  it('elastic net on orthogonal features: soft-thresholding, then shrinkage', async () => {
    const fit = await fitLinear(orthogonal, { penalty: 'elasticnet', alpha: 0.4, l1_ratio: 0.25, tol: 1e-12 });
    correlations.forEach((c, j) => expect(fit.coef[j]).toBeCloseTo(soft(c, 0.1) / (1 + 0.3), 12));
  });
});

describe('degenerate features', () => {
  it('collinear columns without a penalty: the minimum-norm solution, with a warning naming them', async () => {
    const base = noisyLinear(200, 2);
    const single = await fitLinear(base, { penalty: 'none' });
    const doubled = regressionSet([base.columns[0], base.columns[1], Float64Array.from(base.columns[1])], base.y as Float64Array);
    const fit = await fitLinear(doubled, { penalty: 'none' });
    expect(fit.solver).toBe('minimum-norm');
    expect(fit.coef[0]).toBeCloseTo(single.coef[0], 9);
    expect(fit.coef[1]).toBeCloseTo(single.coef[1] / 2, 9);
    expect(fit.coef[2]).toBeCloseTo(single.coef[1] / 2, 9);
    expect(fit.intercept[0]).toBeCloseTo(single.intercept[0], 9);
    expect(fit.warnings.join()).toMatch(/collinear or constant \(rank 2 of 3; involved: 'x2', 'x3'\)/);
  });

  it.each([
    ['none', {}],
    ['l2', { alpha: 3 }],
    ['l1', { alpha: 0.05 }],
  ] as const)('%s: a constant feature gets coefficient 0 and leaves the others unchanged', async (penalty, extra) => {
    const base = noisyLinear(150, 3);
    const without = await fitLinear(base, { penalty, ...extra, tol: 1e-12 });
    const withConstant = await fitLinear(regressionSet([...base.columns, new Float64Array(150).fill(7)], base.y as Float64Array), { penalty, ...extra, tol: 1e-12 });
    expect(withConstant.coef[3]).toBeCloseTo(0, 12);
    without.coef.forEach((w, j) => expect(withConstant.coef[j]).toBeCloseTo(w, 9));
    expect(withConstant.intercept[0]).toBeCloseTo(without.intercept[0], 9);
  });

  it('refuses a missing target or feature, naming the row', async () => {
    const data = noisyLinear(30, 2);
    (data.y as Float64Array)[4] = NaN;
    await expect(fitLinear(data)).rejects.toThrow('The target is missing (NaN) at row 5');
    const other = noisyLinear(30, 2);
    other.columns[1][9] = Infinity;
    await expect(fitLinear(other)).rejects.toThrow("Feature 'x2' is Infinity at row 10");
    await expect(fitLinear(noisyLinear(5, 1), { penalty: 'l1', alpha: 0 })).rejects.toThrow('Parameter alpha must be a positive');
    await expect(fitLinear(noisyLinear(5, 1), { alpha: -1 })).rejects.toThrow('Parameter alpha');
  });
});

describe('solvers against each other', () => {
  it('conjugate gradients reach the Cholesky solution', async () => {
    const data = noisyLinear(500, 30);
    const direct = await fitLinear(data, { alpha: 0.5, solver: 'cholesky' });
    const iterative = await fitLinear(data, { alpha: 0.5, solver: 'cg', tol: 1e-12 });
    expect(iterative.solver).toBe('conjugate-gradient');
    expect(iterative.converged).toBe(true);
    direct.coef.forEach((w, j) => expect(iterative.coef[j]).toBeCloseTo(w, 10));
    expect(iterative.lossHistory.at(-1)!).toBeCloseTo(direct.lossHistory[0], 6);
  });

  it("'auto' uses conjugate gradients for more than 1000 features, and they solve the wide system", async () => {
    const data = noisyLinear(40, 1001);
    const fit = await fitLinear(data, { alpha: 2, tol: 1e-12 });
    expect(fit.solver).toBe('conjugate-gradient');
    // Stationarity of ‖yc − Xc·w‖² + alpha‖w‖²: Xcᵀ(yc − Xc·w) = alpha·w.
    const y = data.y as Float64Array;
    const means = data.columns.map((x) => x.reduce((a, b) => a + b) / 40);
    const yMean = y.reduce((a, b) => a + b) / 40;
    const residual = y.map((v, i) => v - yMean - data.columns.reduce((s, x, j) => s + fit.coef[j] * (x[i] - means[j]), 0));
    const worst = Math.max(...data.columns.map((x, j) => Math.abs(x.reduce((s, v, i) => s + (v - means[j]) * residual[i], 0) - 2 * fit.coef[j])));
    expect(worst).toBeLessThan(1e-8);
  });

  it('elastic net with l1_ratio 0 is ridge with alpha × n', async () => {
    const data = noisyLinear(120, 5);
    const ridge = await fitLinear(data, { penalty: 'l2', alpha: 0.3 * 120 });
    const enet = await fitLinear(data, { penalty: 'elasticnet', alpha: 0.3, l1_ratio: 0, tol: 1e-14, max_iter: 10_000 });
    expect(enet.converged).toBe(true);
    ridge.coef.forEach((w, j) => expect(enet.coef[j]).toBeCloseTo(w, 8));
  });
});

describe('how a fit runs', () => {
  it.each([
    ['l1', {}],
    ['l2', { solver: 'cg' }],
  ] as const)('%s: cancels with an AbortError, before or during the fit', async (penalty, extra) => {
    const data = noisyLinear(3000, 10);
    await expect(fitLinear(data, { penalty, ...extra }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError', message: 'Training was cancelled.' });
    const controller = new AbortController();
    const run = fitLinear(data, { penalty, alpha: 1e-4, tol: 1e-30, max_iter: 500, ...extra }, { signal: controller.signal, onProgress: (p) => (p.iteration === 2 ? controller.abort() : undefined) });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('lasso: reports every sweep, is deterministic, and warns when the sweeps run out', async () => {
    const data = noisyLinear(300, 8);
    const seen: number[] = [];
    const first = await fitLinear(data, { penalty: 'l1', alpha: 0.01 }, { onProgress: (p) => seen.push(p.loss) });
    const second = await fitLinear(data, { penalty: 'l1', alpha: 0.01 });
    expect(seen).toEqual(first.lossHistory);
    expect(second.coef).toEqual(first.coef);
    const short = await fitLinear(data, { penalty: 'l1', alpha: 0.01, tol: 1e-15, max_iter: 2 });
    expect(short.converged).toBe(false);
    expect(short.warnings.join()).toMatch(/duality gap .* Raise max_iter/);
  });
});
