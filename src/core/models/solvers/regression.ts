/**
 * Linear regression as scikit-learn fits it, intercept always unpenalised:
 *   'none'        LinearRegression         ‖y − Xw − b‖²                        (direct solve)
 *   'l2'          Ridge(alpha)             ‖y − Xw − b‖² + alpha·‖w‖²           (direct solve or CG)
 *   'l1'          Lasso(alpha)             (1/2n)‖y − Xw − b‖² + alpha·‖w‖₁     (coordinate descent)
 *   'elasticnet'  ElasticNet(alpha, l1_ratio)
 *                 (1/2n)‖y − Xw − b‖² + alpha·l1_ratio·‖w‖₁ + ½·alpha·(1 − l1_ratio)·‖w‖²
 * lossHistory holds that objective, on that estimator's own scale (note Ridge's is not divided by n).
 */
import type { TrainingSet } from '../data';
import { centring, interceptFor } from './centred';
import { checkFeatures, checkIterations, checkPositive, checkRange } from './checks';
import { elasticNetCd } from './enet';
import { Pacer, type SolverHooks } from './hooks';
import type { LinearModelFit } from './result';
import { ridgeConjugateGradient, ridgeDirect } from './ridge';

export type LinearPenalty = 'l2' | 'l1' | 'elasticnet' | 'none';

/** scikit-learn's names and defaults. */
export interface LinearParams {
  penalty?: LinearPenalty;
  /** Penalty strength (ignored for 'none'). Default 1. */
  alpha?: number;
  /** Share of L1 in the elastic-net penalty, 0 … 1. Default 0.5. */
  l1_ratio?: number;
  /** Coordinate descent: duality gap ≤ tol·‖y − ȳ‖². CG: residual ≤ tol·‖Xcᵀyc‖. Default 1e-4. */
  tol?: number;
  /** Coordinate-descent sweeps (default 1000) or CG steps (default max(1000, features)). */
  max_iter?: number;
  /** For 'l2' and 'none': 'auto' picks Cholesky up to AUTO_CG_FEATURES features, CG above. */
  solver?: 'auto' | 'cholesky' | 'cg';
}

export interface LinearFit extends LinearModelFit {
  solver: 'cholesky' | 'minimum-norm' | 'conjugate-gradient' | 'coordinate-descent';
}

/**
 * Above this many features 'auto' uses conjugate gradients: forming XᵀX costs n·d²/2 and d² memory,
 * while a CG step costs 2·n·d, and on standardised features CG needs far fewer than d/4 steps.
 */
export const AUTO_CG_FEATURES = 1000;

function targetOf(data: TrainingSet): Float64Array {
  if (data.task !== 'regression' || !(data.y instanceof Float64Array)) throw new Error('Linear regression needs a numeric (Float64Array) regression target.');
  if (data.y.length !== data.rows) throw new Error(`The target has ${data.y.length} values for ${data.rows} rows.`);
  const bad = data.y.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`The target is ${Number.isNaN(data.y[bad]) ? 'missing (NaN)' : 'infinite'} at row ${bad + 1}: drop rows without a target first.`);
  if (data.rows < 1) throw new Error('Linear regression needs at least one training row.');
  return data.y;
}

export async function fitLinear(data: TrainingSet, params: LinearParams = {}, hooks: SolverHooks = {}): Promise<LinearFit> {
  const penalty = params.penalty ?? 'l2';
  if (!['l2', 'l1', 'elasticnet', 'none'].includes(penalty)) throw new Error(`Parameter penalty must be l2, l1, elasticnet or none, not '${penalty}'.`);
  const alpha = penalty === 'none' ? 0 : checkRange('alpha', params.alpha ?? 1, 0, Infinity);
  const l1Ratio = penalty === 'l1' ? 1 : penalty === 'elasticnet' ? checkRange('l1_ratio', params.l1_ratio ?? 0.5, 0, 1) : 0;
  if (l1Ratio > 0) checkPositive('alpha', alpha);
  const tol = checkPositive('tol', params.tol ?? 1e-4);
  const solverChoice = params.solver ?? 'auto';
  if (!['auto', 'cholesky', 'cg'].includes(solverChoice)) throw new Error(`Parameter solver must be auto, cholesky or cg, not '${solverChoice}'.`);
  const d = data.columns.length;
  const coordinateDescent = penalty === 'l1' || penalty === 'elasticnet';
  const maxIter = checkIterations('max_iter', params.max_iter ?? (coordinateDescent ? 1000 : Math.max(1000, d)));
  const pacer = new Pacer(hooks.signal);
  const y = targetOf(data);
  const names = data.features.map((f) => f.name);
  checkFeatures(data, names);
  const c = await centring(data, y, pacer);
  const report = (iteration: number, loss: number, gradientNorm: number) => hooks.onProgress?.({ iteration, maxIterations: maxIter, loss, gradientNorm });

  let outcome: Pick<LinearFit, 'iterations' | 'converged' | 'lossHistory' | 'warnings' | 'solver'> & { coef: Float64Array };
  if (coordinateDescent) {
    const result = await elasticNetCd(data, y, c, { alpha, l1Ratio, tol, maxIterations: maxIter }, pacer, report);
    const warnings = result.converged
      ? []
      : [
          `Coordinate descent stopped after ${maxIter} sweeps without converging (duality gap ${result.gap.toPrecision(3)} > ${result.gapTolerance.toPrecision(3)}). ` +
            'Raise max_iter, or standardise the features.',
        ];
    outcome = { ...result, warnings, solver: 'coordinate-descent' };
  } else if (solverChoice === 'cg' || (solverChoice === 'auto' && d > AUTO_CG_FEATURES)) {
    const result = await ridgeConjugateGradient(data, y, c, alpha, tol, maxIter, pacer, report);
    if (!result.converged) result.warnings.push(`Conjugate gradients stopped after ${result.iterations} steps before reaching tol ${tol}. Raise max_iter, or use the Cholesky solver.`);
    outcome = result;
  } else {
    outcome = await ridgeDirect(data, y, c, alpha, names, pacer);
    report(1, outcome.lossHistory[0], 0);
  }
  pacer.throwIfCancelled();
  return {
    coef: outcome.coef,
    intercept: Float64Array.of(interceptFor(c, outcome.coef)),
    outputs: 1,
    features: d,
    iterations: outcome.iterations,
    converged: outcome.converged,
    lossHistory: outcome.lossHistory,
    warnings: outcome.warnings,
    solver: outcome.solver,
  };
}
