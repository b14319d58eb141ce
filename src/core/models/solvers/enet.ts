/**
 * Lasso and elastic-net by cyclic coordinate descent, as scikit-learn's enet_coordinate_descent:
 *   (1/2n)‖y − Xw − b‖² + alpha·l1_ratio·‖w‖₁ + ½·alpha·(1 − l1_ratio)·‖w‖²
 * multiplied by n, i.e. ½‖yc − Xc·w‖² + λ₁‖w‖₁ + (λ₂/2)‖w‖² with λ₁ = n·alpha·l1_ratio and
 * λ₂ = n·alpha·(1 − l1_ratio), on centred data (the means are subtracted on the fly). Each
 * coordinate is soft-thresholded against the residual it leaves; after a sweep whose largest
 * coefficient change is small relative to the largest coefficient (≤ tol), the duality gap decides:
 * stop when gap ≤ tol·‖yc‖² (the gap bounds how far the objective is from its minimum).
 */
import type { FeatureColumns } from '../data';
import { centredResidual, type Centring } from './centred';
import type { Pacer } from './hooks';

export interface ElasticNetOptions {
  alpha: number;
  l1Ratio: number;
  tol: number;
  maxIterations: number;
}

export interface ElasticNetOutcome {
  coef: Float64Array;
  iterations: number;
  converged: boolean;
  gap: number;
  gapTolerance: number;
  lossHistory: number[];
}

/**
 * The duality gap at w with residual R (scikit-learn's gap_enet). With an L1 part the dual point is
 * R scaled into the feasible set ‖Xᵀv − λ₂w‖∞ ≤ λ₁ ("formulation A"); with none (pure ridge through
 * this solver) the gap has the closed form of "formulation B".
 */
function dualityGap(x: FeatureColumns, c: Centring, y: Float64Array, residual: Float64Array, w: Float64Array, l1: number, l2: number): number {
  let residualSquares = 0;
  let residualTarget = 0;
  for (let i = 0; i < residual.length; i++) {
    residualSquares += residual[i] * residual[i];
    residualTarget += residual[i] * (y[i] - c.targetMean);
  }
  let l1Norm = 0;
  let l2Squares = 0;
  let dualNorm = 0;
  let dualSquares = 0;
  x.columns.forEach((column, j) => {
    const mean = c.featureMeans[j];
    let s = 0;
    for (let i = 0; i < residual.length; i++) s += (column[i] - mean) * residual[i];
    const correlation = s - l2 * w[j];
    dualNorm = Math.max(dualNorm, Math.abs(correlation));
    dualSquares += s * s;
    l1Norm += Math.abs(w[j]);
    l2Squares += w[j] * w[j];
  });
  if (l1 === 0) return residualSquares + 0.5 * l2 * l2Squares - residualTarget + dualSquares / (2 * l2);
  const primal = 0.5 * (residualSquares + l2 * l2Squares) + l1 * l1Norm;
  const scale = dualNorm > l1 ? l1 / dualNorm : 1;
  const dual = -0.5 * scale * scale * (residualSquares + l2 * l2Squares) + scale * residualTarget;
  return primal - dual;
}

/** Σᵢ (xᵢ − mean)·rᵢ */
function correlate(x: Float64Array, mean: number, r: Float64Array): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += (x[i] - mean) * r[i];
  return s;
}

/** rᵢ += change·(xᵢ − mean), and returns Σᵢ (nextᵢ − nextMean)·rᵢ over the updated r (0 without a next column). */
function shiftResidual(r: Float64Array, x: Float64Array, mean: number, change: number, next: Float64Array | undefined, nextMean: number): number {
  if (!next) {
    for (let i = 0; i < r.length; i++) r[i] += change * (x[i] - mean);
    return 0;
  }
  let s = 0;
  for (let i = 0; i < r.length; i++) {
    const updated = r[i] + change * (x[i] - mean);
    r[i] = updated;
    s += (next[i] - nextMean) * updated;
  }
  return s;
}

export async function elasticNetCd(
  x: FeatureColumns,
  y: Float64Array,
  c: Centring,
  options: ElasticNetOptions,
  pacer: Pacer,
  onIteration: (iteration: number, loss: number, gap: number) => void,
): Promise<ElasticNetOutcome> {
  const n = x.rows;
  const d = x.columns.length;
  const l1 = n * options.alpha * options.l1Ratio;
  const l2 = n * options.alpha * (1 - options.l1Ratio);
  const w = new Float64Array(d);
  const residual = centredResidual(x, y, c, w);
  const gapTolerance = options.tol * c.targetSquares;
  const lossHistory: number[] = [];
  /** The objective on scikit-learn's scale: (1/2n)‖R‖² + alpha·l1_ratio·‖w‖₁ + ½·alpha·(1 − l1_ratio)·‖w‖². */
  const objective = () => {
    let value = 0;
    for (let i = 0; i < n; i++) value += residual[i] * residual[i];
    value /= 2 * n;
    for (let j = 0; j < d; j++) value += (l1 * Math.abs(w[j]) + 0.5 * l2 * w[j] * w[j]) / n;
    return value;
  };
  let gap = dualityGap(x, c, y, residual, w, l1, l2);
  if (gap <= gapTolerance) return { coef: w, iterations: 0, converged: true, gap, gapTolerance, lossHistory };
  const active = Int32Array.from(c.squares.keys()).filter((j) => c.squares[j] > 0);
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    let largestChange = 0;
    let largest = 0;
    let correlation = active.length ? correlate(x.columns[active[0]], c.featureMeans[active[0]], residual) : 0;
    for (let a = 0; a < active.length; a++) {
      const j = active[a];
      const old = w[j];
      const target = correlation + old * c.squares[j];
      const magnitude = Math.abs(target) - l1;
      const next = magnitude > 0 ? (Math.sign(target) * magnitude) / (c.squares[j] + l2) : 0;
      w[j] = next;
      // The residual update for this coordinate and the correlation of the next one share a pass.
      const following = a + 1 < active.length ? active[a + 1] : -1;
      const column = x.columns[j];
      const nextColumn = following >= 0 ? x.columns[following] : undefined;
      const nextMean = following >= 0 ? c.featureMeans[following] : 0;
      if (next !== old) correlation = shiftResidual(residual, column, c.featureMeans[j], old - next, nextColumn, nextMean);
      else if (nextColumn) correlation = correlate(nextColumn, nextMean, residual);
      largestChange = Math.max(largestChange, Math.abs(next - old));
      largest = Math.max(largest, Math.abs(next));
      if (pacer.due()) await pacer.pause();
    }
    const loss = objective();
    lossHistory.push(loss);
    const last = iteration === options.maxIterations;
    if (largest === 0 || largestChange / largest <= options.tol || last) {
      gap = dualityGap(x, c, y, residual, w, l1, l2);
      if (gap <= gapTolerance) {
        onIteration(iteration, loss, gap);
        return { coef: w, iterations: iteration, converged: true, gap, gapTolerance, lossHistory };
      }
    }
    onIteration(iteration, loss, gap);
  }
  return { coef: w, iterations: options.maxIterations, converged: false, gap, gapTolerance, lossHistory };
}
