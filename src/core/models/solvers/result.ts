/** What every solver returns: the fitted coefficients in scikit-learn's layout, and how the fit went. */

export interface LinearModelFit {
  /**
   * outputs × features, row-major: coef[k·features + j] weighs feature j for output k (scikit-learn's
   * coef_). A tfjs Dense kernel is the transpose, features × units: see denseLayerWeights.
   */
  coef: Float64Array;
  /** One per output. */
  intercept: Float64Array;
  outputs: number;
  features: number;
  /** L-BFGS iterations, coordinate-descent sweeps or CG steps; 1 for a direct solve. */
  iterations: number;
  /** False when the iteration limit (or rounding) stopped the solver before its tolerance was met: a warning, as scikit-learn's ConvergenceWarning. */
  converged: boolean;
  /** The objective after each iteration, on the scale the fitting function documents. */
  lossHistory: number[];
  /** Messages for the person who trains the model (non-convergence, separable classes, collinear features, …). */
  warnings: string[];
}
