/**
 * Centring without copying the data: scikit-learn's linear regressors fit the intercept by centring
 * X and y on their means and solving for the coefficients alone; here the means are subtracted on
 * the fly inside the loops, so a million-row table is not duplicated.
 */
import type { FeatureColumns } from '../data';
import type { Pacer } from './hooks';

export interface Centring {
  featureMeans: Float64Array;
  targetMean: number;
  /** Σᵢ (xᵢⱼ − x̄ⱼ)², per feature. */
  squares: Float64Array;
  /** Σᵢ (yᵢ − ȳ)². */
  targetSquares: number;
}

function meanOf(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total / values.length;
}

function squaresAbout(values: Float64Array, mean: number): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += (values[i] - mean) ** 2;
  return total;
}

export async function centring(x: FeatureColumns, y: Float64Array, pacer: Pacer): Promise<Centring> {
  const d = x.columns.length;
  const featureMeans = new Float64Array(d);
  const squares = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    featureMeans[j] = meanOf(x.columns[j]);
    squares[j] = squaresAbout(x.columns[j], featureMeans[j]);
    if (pacer.due()) await pacer.pause();
  }
  const targetMean = meanOf(y);
  return { featureMeans, targetMean, squares, targetSquares: squaresAbout(y, targetMean) };
}

/** The residual y − ȳ − Σⱼ wⱼ(xⱼ − x̄ⱼ) of centred coefficients w. */
export function centredResidual(x: FeatureColumns, y: Float64Array, c: Centring, w: Float64Array): Float64Array {
  const residual = Float64Array.from(y, (v) => v - c.targetMean);
  x.columns.forEach((column, j) => {
    const wj = w[j];
    const mean = c.featureMeans[j];
    if (wj !== 0) for (let i = 0; i < residual.length; i++) residual[i] -= wj * (column[i] - mean);
  });
  return residual;
}

/** The intercept that goes with centred coefficients: ȳ − Σⱼ wⱼ·x̄ⱼ. */
export function interceptFor(c: Centring, w: Float64Array): number {
  let b = c.targetMean;
  for (let j = 0; j < w.length; j++) b -= w[j] * c.featureMeans[j];
  return b;
}
