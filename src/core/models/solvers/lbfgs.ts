/**
 * Limited-memory BFGS for a smooth unconstrained objective, stopping as scipy's L-BFGS-B does under
 * scikit-learn (maxcor 10, maxls 50, gtol = tol, ftol = 64·ε): when the largest gradient entry is at
 * most `gradientTolerance`, or when an iteration lowers the objective by no more than
 * ftol·max(|f|, |f_prev|, 1). Without bounds L-BFGS-B's step is the plain two-loop quasi-Newton
 * direction, so that is what this computes; the first step after a (re)start is scaled to unit length.
 */
import { LBFGS_LINE_SEARCH, moreThuente } from './line-search';

/** Writes ∇f(x) into `gradient` and returns f(x). */
export type Objective = (x: Float64Array, gradient: Float64Array) => Promise<number>;

export interface LbfgsOptions {
  maxIterations: number;
  gradientTolerance: number;
  /** Stored correction pairs (scipy's maxcor). */
  memory?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  /** max |∂f/∂xᵢ| at x. */
  gradientNorm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  message: string;
}

const RELATIVE_REDUCTION = 64 * Number.EPSILON;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** The last `memory` steps s = x₊ − x and gradient changes y = g₊ − g, newest last, in a ring. */
class Corrections {
  readonly s: Float64Array[];
  readonly y: Float64Array[];
  readonly rho: Float64Array;
  readonly #alpha: Float64Array;
  count = 0;
  #newest = -1;

  constructor(
    readonly memory: number,
    size: number,
  ) {
    this.s = Array.from({ length: memory }, () => new Float64Array(size));
    this.y = Array.from({ length: memory }, () => new Float64Array(size));
    this.rho = new Float64Array(memory);
    this.#alpha = new Float64Array(memory);
  }

  /** Keeps the pair only when sᵀy is clearly positive, which keeps the implied Hessian positive definite. */
  push(xNew: Float64Array, x: Float64Array, gNew: Float64Array, g: Float64Array): void {
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < x.length; i++) {
      const dy = gNew[i] - g[i];
      sy += (xNew[i] - x[i]) * dy;
      yy += dy * dy;
    }
    if (!(sy > Number.EPSILON * yy)) return;
    this.#newest = (this.#newest + 1) % this.memory;
    const s = this.s[this.#newest];
    const y = this.y[this.#newest];
    for (let i = 0; i < x.length; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    this.rho[this.#newest] = 1 / sy;
    this.count = Math.min(this.count + 1, this.memory);
  }

  clear(): void {
    this.count = 0;
  }

  /** d = −H·g by the two-loop recursion, H₀ = (sᵀy / yᵀy)·I from the newest pair. */
  direction(g: Float64Array, d: Float64Array): void {
    for (let i = 0; i < g.length; i++) d[i] = -g[i];
    if (this.count === 0) return;
    const slot = (age: number) => (this.#newest - age + this.memory) % this.memory;
    for (let age = 0; age < this.count; age++) {
      const k = slot(age);
      const a = this.rho[k] * dot(this.s[k], d);
      this.#alpha[k] = a;
      const y = this.y[k];
      for (let i = 0; i < d.length; i++) d[i] -= a * y[i];
    }
    const newest = slot(0);
    const scale = 1 / (this.rho[newest] * dot(this.y[newest], this.y[newest]));
    for (let i = 0; i < d.length; i++) d[i] *= scale;
    for (let age = this.count - 1; age >= 0; age--) {
      const k = slot(age);
      const b = this.rho[k] * dot(this.y[k], d);
      const s = this.s[k];
      const c = this.#alpha[k] - b;
      for (let i = 0; i < d.length; i++) d[i] += c * s[i];
    }
  }
}

/** `onIteration` is called after every accepted step (iteration 1, 2, …) with the objective and max |gradient|. */
export async function minimizeLbfgs(
  objective: Objective,
  x0: Float64Array,
  options: LbfgsOptions,
  onIteration: (iteration: number, f: number, gradientNorm: number) => void = () => {},
): Promise<LbfgsResult> {
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const d = new Float64Array(n);
  const trialX = new Float64Array(n);
  const trialG = new Float64Array(n);
  const corrections = new Corrections(options.memory ?? 10, n);
  let f = await objective(x, g);
  let evaluations = 1;
  let gradientNorm = maxAbs(g);
  let iterations = 0;
  const result = (converged: boolean, message: string): LbfgsResult => ({ x, f, gradientNorm, iterations, evaluations, converged, message });
  if (gradientNorm <= options.gradientTolerance) return result(true, 'the gradient is below the tolerance');

  const phi = async (step: number) => {
    for (let i = 0; i < n; i++) trialX[i] = x[i] + step * d[i];
    const value = await objective(trialX, trialG);
    evaluations++;
    return { f: value, g: dot(trialG, d) };
  };
  while (iterations < options.maxIterations) {
    corrections.direction(g, d);
    const slope = dot(g, d);
    const restarted = corrections.count === 0;
    if (!(slope < 0)) {
      // Rounding made the quasi-Newton direction useless: forget the curvature pairs and start again.
      if (restarted) return result(false, 'rounding errors: the gradient gives no descent direction');
      corrections.clear();
      continue;
    }
    const initialStep = restarted ? Math.min(1 / Math.sqrt(dot(d, d)), LBFGS_LINE_SEARCH.stepMax) : 1;
    const search = await moreThuente(phi, f, slope, initialStep, LBFGS_LINE_SEARCH);
    if (!search.ok) {
      if (restarted) return result(false, `the line search failed: ${search.reason}`);
      corrections.clear();
      continue;
    }
    iterations++;
    corrections.push(trialX, x, trialG, g);
    x.set(trialX);
    g.set(trialG);
    const previous = f;
    f = search.f;
    gradientNorm = maxAbs(g);
    onIteration(iterations, f, gradientNorm);
    if (gradientNorm <= options.gradientTolerance) return result(true, 'the gradient is below the tolerance');
    if ((previous - f) / Math.max(Math.abs(previous), Math.abs(f), 1) <= RELATIVE_REDUCTION) {
      return result(true, 'the objective stopped decreasing (relative reduction below 64·ε)');
    }
  }
  return result(false, `the iteration limit (${options.maxIterations}) was reached`);
}
