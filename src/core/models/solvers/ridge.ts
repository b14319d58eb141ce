/**
 * Ridge (and ordinary least squares, alpha = 0) on centred data, scikit-learn's Ridge objective
 *   ‖y − Xw − b‖² + alpha·‖w‖²      (b unpenalised: it is ȳ − x̄ᵀw)
 * solved either directly, by Cholesky on the centred normal equations (XcᵀXc + alpha·I)·w = Xcᵀyc,
 * or by conjugate gradients on the same system without forming it (for many features, where the
 * d × d matrix and its O(n·d²) cost get large). When the normal matrix is singular (alpha = 0 with
 * collinear or constant features) the direct route returns the minimum-norm least-squares solution,
 * as scikit-learn's LinearRegression (lstsq) does, from an eigen-decomposition.
 */
import type { FeatureColumns } from '../data';
import { centredResidual, type Centring } from './centred';
import type { Pacer } from './hooks';
import { addTransposedProducts } from './kernels';
import { cholesky, choleskySolve, symmetricEigen } from './small-matrix';

export interface RidgeOutcome {
  coef: Float64Array;
  iterations: number;
  converged: boolean;
  lossHistory: number[];
  solver: 'cholesky' | 'minimum-norm' | 'conjugate-gradient';
  warnings: string[];
}

/** Values per block of centred rows: d × rows of them stay in cache while every pair of features is multiplied. */
const BLOCK_VALUES = 32_768;

/** XcᵀXc (row-major d × d) and Xcᵀyc, a block of centred rows at a time. */
async function normalEquations(x: FeatureColumns, y: Float64Array, c: Centring, pacer: Pacer) {
  const d = x.columns.length;
  const rows = Math.max(64, Math.floor(BLOCK_VALUES / Math.max(d, 1)));
  const block = new Float64Array(d * rows);
  const target = new Float64Array(rows);
  const gram = new Float64Array(d * d);
  const xty = new Float64Array(d);
  // Row j of the lower triangle: column j of the block against columns 0 … j.
  const views = Array.from({ length: d }, (_, j) => block.subarray(j * rows, (j + 1) * rows));
  const partners = views.map((_, j) => views.slice(0, j + 1));
  const gramRows = views.map((_, j) => gram.subarray(j * d, (j + 1) * d));
  await pacer.forEachBlock(
    x.rows,
    (start, length) => {
      for (let j = 0; j < d; j++) {
        const column = x.columns[j];
        const mean = c.featureMeans[j];
        for (let i = 0; i < length; i++) block[j * rows + i] = column[start + i] - mean;
      }
      for (let i = 0; i < length; i++) target[i] = y[start + i] - c.targetMean;
      for (let j = 0; j < d; j++) addTransposedProducts(partners[j], block, j * rows, 0, 1, 0, length, gramRows[j], 0);
      addTransposedProducts(views, target, 0, 0, 1, 0, length, xty, 0);
    },
    rows,
  );
  for (let j = 0; j < d; j++) for (let l = 0; l < j; l++) gram[l * d + j] = gram[j * d + l];
  return { gram, xty };
}

/** ‖yc − Xc·w‖² + alpha·‖w‖² from the normal equations: ‖yc‖² − 2wᵀXcᵀyc + wᵀ(XcᵀXc + alpha·I)w. */
function ridgeObjective(system: Float64Array, xty: Float64Array, targetSquares: number, w: Float64Array): number {
  const d = w.length;
  let value = targetSquares;
  for (let j = 0; j < d; j++) {
    let row = 0;
    for (let l = 0; l < d; l++) row += system[j * d + l] * w[l];
    value += w[j] * (row - 2 * xty[j]);
  }
  return Math.max(value, 0);
}

/** Eigenvalues below this share of the largest count as zero (numpy's lstsq uses a similar cut-off). */
const RANK_TOLERANCE = 1e-12;

function minimumNorm(system: Float64Array, xty: Float64Array, d: number, names: readonly string[]) {
  const { values, vectors } = symmetricEigen(system, d);
  const largest = Math.max(0, ...values);
  const coef = new Float64Array(d);
  const involved = new Set<string>();
  let rank = 0;
  for (let k = 0; k < d; k++) {
    if (values[k] > RANK_TOLERANCE * largest) {
      rank++;
      let projection = 0;
      for (let j = 0; j < d; j++) projection += vectors[j * d + k] * xty[j];
      for (let j = 0; j < d; j++) coef[j] += (projection / values[k]) * vectors[j * d + k];
    } else {
      for (let j = 0; j < d; j++) if (Math.abs(vectors[j * d + k]) > 0.1) involved.add(names[j]);
    }
  }
  const warning =
    `The features are collinear or constant (rank ${rank} of ${d}; involved: ${[...involved].map((n) => `'${n}'`).join(', ')}): ` +
    'many coefficient vectors fit equally well, and the one of smallest norm is returned. A penalty (alpha > 0) or dropping a feature makes the fit unique.';
  return { coef, warning };
}

export async function ridgeDirect(x: FeatureColumns, y: Float64Array, c: Centring, alpha: number, names: readonly string[], pacer: Pacer): Promise<RidgeOutcome> {
  const d = x.columns.length;
  const { gram, xty } = await normalEquations(x, y, c, pacer);
  for (let j = 0; j < d; j++) gram[j * d + j] += alpha;
  const factor = Float64Array.from(gram);
  let coef: Float64Array;
  const warnings: string[] = [];
  let solver: RidgeOutcome['solver'] = 'cholesky';
  if (cholesky(factor, d)) {
    coef = choleskySolve(factor, d, xty);
  } else {
    const solution = minimumNorm(gram, xty, d, names);
    coef = solution.coef;
    warnings.push(solution.warning);
    solver = 'minimum-norm';
  }
  return { coef, iterations: 1, converged: true, lossHistory: [ridgeObjective(gram, xty, c.targetSquares, coef)], solver, warnings };
}

/**
 * Preconditioned (Jacobi) conjugate gradients on (XcᵀXc + alpha·I)·w = Xcᵀyc, each step one pass of
 * Xc·p and one of Xcᵀ·u; stops when ‖residual‖ ≤ tol·‖Xcᵀyc‖, scikit-learn's sparse_cg rule.
 */
export async function ridgeConjugateGradient(
  x: FeatureColumns,
  y: Float64Array,
  c: Centring,
  alpha: number,
  tol: number,
  maxIterations: number,
  pacer: Pacer,
  onIteration: (iteration: number, loss: number, residualNorm: number) => void,
): Promise<RidgeOutcome> {
  const d = x.columns.length;
  const n = x.rows;
  const rowValues = new Float64Array(n);
  /** out = (XcᵀXc + alpha·I)·v */
  const apply = async (v: Float64Array, out: Float64Array) => {
    let shift = 0;
    for (let j = 0; j < d; j++) shift += c.featureMeans[j] * v[j];
    rowValues.fill(-shift);
    await pacer.forEachBlock(n, (start, length) => {
      for (let j = 0; j < d; j++) {
        const vj = v[j];
        if (vj === 0) continue;
        const column = x.columns[j];
        for (let i = start; i < start + length; i++) rowValues[i] += vj * column[i];
      }
    });
    let total = 0;
    for (let i = 0; i < n; i++) total += rowValues[i];
    for (let j = 0; j < d; j++) {
      const column = x.columns[j];
      let s = 0;
      for (let i = 0; i < n; i++) s += column[i] * rowValues[i];
      out[j] = s - c.featureMeans[j] * total + alpha * v[j];
      if (pacer.due()) await pacer.pause();
    }
  };
  const residual = centredResidual(x, y, c, new Float64Array(d));
  const rhs = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const column = x.columns[j];
    let s = 0;
    for (let i = 0; i < n; i++) s += (column[i] - c.featureMeans[j]) * residual[i];
    rhs[j] = s;
  }
  const inverseDiagonal = Float64Array.from(c.squares, (s) => (s + alpha > 0 ? 1 / (s + alpha) : 1));
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((t, v, j) => t + v * b[j], 0);
  const coef = new Float64Array(d);
  const r = Float64Array.from(rhs);
  const z = r.map((v, j) => v * inverseDiagonal[j]);
  const p = Float64Array.from(z);
  const q = new Float64Array(d);
  const target = tol * Math.sqrt(dot(rhs, rhs));
  let rz = dot(r, z);
  const lossHistory: number[] = [];
  let iterations = 0;
  let converged = Math.sqrt(dot(r, r)) <= target;
  while (!converged && iterations < maxIterations) {
    await apply(p, q);
    const curvature = dot(p, q);
    if (!(curvature > 0)) break;
    const step = rz / curvature;
    for (let j = 0; j < d; j++) {
      coef[j] += step * p[j];
      r[j] -= step * q[j];
    }
    iterations++;
    // Objective ‖yc‖² − 2wᵀb + wᵀAw with Aw = b − r.
    const loss = Math.max(c.targetSquares - dot(coef, rhs) - dot(coef, r), 0);
    const residualNorm = Math.sqrt(dot(r, r));
    lossHistory.push(loss);
    onIteration(iterations, loss, residualNorm);
    converged = residualNorm <= target;
    for (let j = 0; j < d; j++) z[j] = r[j] * inverseDiagonal[j];
    const next = dot(r, z);
    for (let j = 0; j < d; j++) p[j] = z[j] + (next / rz) * p[j];
    rz = next;
  }
  return { coef, iterations, converged, lossHistory, solver: 'conjugate-gradient', warnings: [] };
}
