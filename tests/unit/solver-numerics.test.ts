/**
 * The numerical building blocks of the solvers: the Moré–Thuente line search on the test functions
 * of its paper, L-BFGS on Rosenbrock's function, Cholesky and the Jacobi eigen-decomposition.
 */
import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from '../../src/core/models/solvers/lbfgs';
import { moreThuente, type LineSearchOptions } from '../../src/core/models/solvers/line-search';
import { cholesky, choleskySolve, symmetricEigen } from '../../src/core/models/solvers/small-matrix';
import { seededRng } from '../../src/core/random';

describe('Moré–Thuente line search', () => {
  // Moré & Thuente (1994), section 6: functions 1–3 with their ftol/gtol, from several first steps;
  // a tiny xtol so that only the Wolfe conditions end the search (L-BFGS-B's 0.1 may stop it earlier).
  const cases: [string, (a: number) => [number, number], number, number][] = [
    ['φ = −α/(α² + 2)', (a) => [-a / (a * a + 2), (a * a - 2) / (a * a + 2) ** 2], 1e-3, 0.1],
    ['φ = (α + 0.004)⁵ − 2(α + 0.004)⁴', (a) => [(a + 0.004) ** 5 - 2 * (a + 0.004) ** 4, 5 * (a + 0.004) ** 4 - 8 * (a + 0.004) ** 3], 0.1, 0.1],
    [
      'φ = φ₀(α) + 2(1 − β)/(lπ)·sin(lπα/2), l = 39, β = 0.01',
      (a) => {
        const [l, b] = [39, 0.01];
        const f0 = a <= 1 - b ? 1 - a : a >= 1 + b ? a - 1 : (a - 1) ** 2 / (2 * b) + b / 2;
        const g0 = a <= 1 - b ? -1 : a >= 1 + b ? 1 : (a - 1) / b;
        return [f0 + ((2 * (1 - b)) / (l * Math.PI)) * Math.sin((l * Math.PI * a) / 2), g0 + (1 - b) * Math.cos((l * Math.PI * a) / 2)];
      },
      0.1,
      0.1,
    ],
  ];
  it.each(cases.flatMap(([name, phi, ftol, gtol]) => [1e-3, 1e-1, 10, 1000].map((start) => [name, start, phi, ftol, gtol] as const)))('%s from α = %s meets the strong Wolfe conditions', async (_, start, phi, ftol, gtol) => {
    const options: LineSearchOptions = { ftol, gtol, xtol: 1e-12, stepMin: 0, stepMax: 1e10, maxEvaluations: 50 };
    const [f0, g0] = phi(0);
    let evaluations = 0;
    const result = await moreThuente(async (a) => (evaluations++, ((r) => ({ f: r[0], g: r[1] }))(phi(a))), f0, g0, start, options);
    expect(result.ok).toBe(true);
    expect(result.reason).toBe('strong Wolfe conditions hold');
    expect(result.f).toBeLessThanOrEqual(f0 + ftol * result.step * g0);
    expect(Math.abs(result.g)).toBeLessThanOrEqual(gtol * Math.abs(g0));
    expect(evaluations).toBeLessThanOrEqual(20);
  });

  it('refuses to search along an ascent direction', async () => {
    const result = await moreThuente(async (a) => ({ f: a * a, g: 2 * a }), 0, 1, 1, { ftol: 1e-3, gtol: 0.9, xtol: 0.1, stepMin: 0, stepMax: 10, maxEvaluations: 5 });
    expect(result.ok).toBe(false);
  });
});

describe('L-BFGS', () => {
  it.each([2, 10])('minimises the %s-dimensional Rosenbrock function', async (n) => {
    const rosenbrock = async (x: Float64Array, g: Float64Array) => {
      let f = 0;
      g.fill(0);
      for (let i = 0; i + 1 < n; i++) {
        const a = x[i + 1] - x[i] * x[i];
        const b = 1 - x[i];
        f += 100 * a * a + b * b;
        g[i] += -400 * x[i] * a - 2 * b;
        g[i + 1] += 200 * a;
      }
      return f;
    };
    const start = Float64Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1.2));
    const iterations: number[] = [];
    const result = await minimizeLbfgs(rosenbrock, start, { maxIterations: 1000, gradientTolerance: 1e-9 }, (k) => iterations.push(k));
    expect(result.converged).toBe(true);
    result.x.forEach((v) => expect(v).toBeCloseTo(1, 6));
    expect(iterations).toEqual(Array.from({ length: result.iterations }, (_, i) => i + 1));
  });

  it('stops at the iteration limit and says so', async () => {
    const quadratic = async (x: Float64Array, g: Float64Array) => {
      g.set(x.map((v, i) => (i + 1) * v));
      return x.reduce((s, v, i) => s + 0.5 * (i + 1) * v * v, 0);
    };
    const result = await minimizeLbfgs(quadratic, new Float64Array(50).fill(1), { maxIterations: 3, gradientTolerance: 1e-12 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(3);
    expect(result.message).toContain('iteration limit (3)');
  });
});

describe('small dense matrices', () => {
  const random = (d: number, seed: number) => {
    const rng = seededRng(seed);
    const b = Float64Array.from({ length: d * d }, () => rng() - 0.5);
    const a = new Float64Array(d * d); // BᵀB + I: symmetric positive definite
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) a[i * d + j] += b[k * d + i] * b[k * d + j] + (i === j && k === 0 ? 1 : 0);
    return a;
  };

  it('Cholesky solves a positive-definite system and refuses a singular one', () => {
    const d = 12;
    const a = random(d, 1);
    const factor = Float64Array.from(a);
    expect(cholesky(factor, d)).toBe(true);
    const b = Float64Array.from({ length: d }, (_, i) => i - 3);
    const x = choleskySolve(factor, d, b);
    for (let i = 0; i < d; i++) expect(a.slice(i * d, i * d + d).reduce((s, v, j) => s + v * x[j], 0)).toBeCloseTo(b[i], 10);
    expect(cholesky(Float64Array.of(1, 1, 1, 1), 2)).toBe(false);
  });

  it('the Jacobi eigen-decomposition reconstructs the matrix with orthonormal vectors', () => {
    const d = 9;
    const a = random(d, 2);
    const { values, vectors } = symmetricEigen(a, d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let rebuilt = 0;
        let inner = 0;
        for (let k = 0; k < d; k++) {
          rebuilt += vectors[i * d + k] * values[k] * vectors[j * d + k];
          inner += vectors[k * d + i] * vectors[k * d + j];
        }
        expect(rebuilt).toBeCloseTo(a[i * d + j], 10);
        expect(inner).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });
});
