/** The boosting losses: baselines as scikit-learn's, gradients and hessians as the loss's derivatives. */
import { describe, expect, it } from 'vitest';
import { binaryLogLoss, multinomialLogLoss, squaredError, type Loss } from '../../src/core/models/trees/loss';

/** Numerical first and second derivatives of the (unweighted) loss at row i, output k. */
function derivatives(loss: Loss, y: ArrayLike<number>, raw: Float64Array, index: number): [number, number] {
  const n = y.length;
  const at = (delta: number) => {
    const shifted = raw.slice();
    shifted[index] += delta;
    return loss.value(y, shifted, undefined) * n;
  };
  const e = 1e-4;
  return [(at(e) - at(-e)) / (2 * e), (at(e) - 2 * at(0) + at(-e)) / (e * e)];
}

function checkDerivatives(loss: Loss, y: ArrayLike<number>, raw: Float64Array, diagonalHessian: boolean): void {
  const g = new Float32Array(raw.length);
  const h = new Float32Array(raw.length);
  loss.gradients(y, raw, undefined, g, h);
  for (let i = 0; i < raw.length; i++) {
    const [d1, d2] = derivatives(loss, y, raw, i);
    expect(g[i]).toBeCloseTo(d1, 4);
    if (diagonalHessian) expect(h[i]).toBeCloseTo(d2, 3);
  }
}

describe('squared error', () => {
  it('starts from the (weighted) mean and has gradient raw − y, hessian 1', () => {
    expect([...squaredError.baseline(Float64Array.of(1, 2, 6), undefined)]).toEqual([3]);
    expect([...squaredError.baseline(Float64Array.of(1, 2, 6), Float64Array.of(1, 1, 2))]).toEqual([3.75]);
    checkDerivatives(squaredError, Float64Array.of(1, -2, 0.5), Float64Array.of(0.3, 0.1, -1), true);
  });
});

describe('binary log loss', () => {
  it('starts from the log-odds of the positive share', () => {
    expect(binaryLogLoss.baseline(Int32Array.of(1, 0, 0, 0), undefined)[0]).toBeCloseTo(Math.log(1 / 3), 14);
  });
  it('has the derivatives of log(1 + e^raw) − y·raw, and a finite value for extreme scores', () => {
    checkDerivatives(binaryLogLoss, Int32Array.of(1, 0, 1), Float64Array.of(0.3, -2, 4), true);
    expect(binaryLogLoss.value(Int32Array.of(1, 0), Float64Array.of(-800, 800), undefined)).toBe(800);
  });
  it('sums the rows\' losses as Math.log1p row by row would, over runs of products of many rows', () => {
    const n = 3001;
    const y = Int32Array.from({ length: n }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0);
    const raw = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * (i % 100 === 0 ? 60 : 4));
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.max(raw[i], 0) + Math.log1p(Math.exp(-Math.abs(raw[i]))) - y[i] * raw[i];
    expect(Math.abs(binaryLogLoss.value(y, raw, undefined) / (sum / n) - 1)).toBeLessThan(1e-14);
  });
});

describe('multinomial log loss', () => {
  const loss = multinomialLogLoss(3);
  it('starts from the centred log shares (scikit-learn\'s symmetric multinomial logit)', () => {
    const baseline = loss.baseline(Int32Array.of(0, 1, 1, 2, 2, 2), undefined);
    const logs = [1 / 6, 2 / 6, 3 / 6].map(Math.log);
    const mean = (logs[0] + logs[1] + logs[2]) / 3;
    logs.forEach((l, k) => expect(baseline[k]).toBeCloseTo(l - mean, 14));
  });
  it('has the gradients p_k − [y = k] and hessians p_k(1 − p_k) (the diagonal of the true hessian)', () => {
    // Class-major raw scores: 2 rows × 3 classes.
    const raw = Float64Array.of(0.2, -1, 1.5, 0.3, 0, -0.7);
    checkDerivatives(loss, Int32Array.of(2, 0), raw, true);
  });
});

describe('the loss the gradient pass returns', () => {
  it('is the loss value exactly, with and without weights, at ordinary and extreme scores', () => {
    const y2 = Int32Array.of(1, 0, 1, 0, 1);
    const y3 = Int32Array.of(2, 0, 1, 1, 0);
    const yr = Float64Array.of(1.5, -2, 0.25, 7, 0);
    const raw = Float64Array.of(0.3, -2, 0, 800, -745.5);
    const raw3 = Float64Array.from({ length: 15 }, (_, i) => Math.sin(i) * (i === 4 ? 900 : 3));
    const weights = Float64Array.of(1, 0.5, 2, 1, 3);
    const cases: [Loss, ArrayLike<number>, Float64Array][] = [
      [squaredError, yr, raw],
      [binaryLogLoss, y2, raw],
      [multinomialLogLoss(3), y3, raw3],
    ];
    for (const [loss, y, scores] of cases) {
      for (const w of [undefined, weights]) {
        const returned = loss.gradients(y, scores, w, new Float32Array(scores.length), new Float32Array(scores.length));
        expect(Number.isFinite(returned)).toBe(true);
        expect(returned).toBe(loss.value(y, scores, w));
      }
    }
  });
});
