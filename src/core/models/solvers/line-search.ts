/**
 * The Moré–Thuente line search (ACM TOMS 20, 1994; MINPACK-2's dcsrch/dcstep), the one scipy's
 * L-BFGS-B, and so scikit-learn's lbfgs solver, uses. It finds a step satisfying the strong Wolfe
 * conditions  φ(α) ≤ φ(0) + ftol·α·φ'(0)  and  |φ'(α)| ≤ gtol·|φ'(0)|  by safeguarded cubic and
 * quadratic interpolation inside an interval of uncertainty that it keeps bracketing the minimiser.
 * Written from the paper's description; the constants are MINPACK-2's.
 */

export interface LinePoint {
  /** φ(α): the objective at x + α·d. */
  f: number;
  /** φ'(α): the directional derivative ∇f(x + α·d)ᵀd. */
  g: number;
}

export interface LineSearchOptions {
  ftol: number;
  gtol: number;
  xtol: number;
  stepMin: number;
  stepMax: number;
  maxEvaluations: number;
}

/** L-BFGS-B's settings (lnsrlb), with scikit-learn's 50 evaluations (maxls) instead of scipy's 20. */
export const LBFGS_LINE_SEARCH: LineSearchOptions = { ftol: 1e-3, gtol: 0.9, xtol: 0.1, stepMin: 0, stepMax: 1e10, maxEvaluations: 50 };

export interface LineSearchResult extends LinePoint {
  /** The step φ was last evaluated at: the accepted one when `ok`. */
  step: number;
  /** True when the step is usable: the Wolfe conditions hold, or MINPACK's warnings (no better step can be told apart). */
  ok: boolean;
  reason: string;
}

/** The interval of uncertainty: x is the best step so far, y the other end. */
interface Interval {
  stx: number;
  fx: number;
  dx: number;
  sty: number;
  fy: number;
  dy: number;
  bracketed: boolean;
}

/** The minimiser of the cubic through (a, fa, da) and (b, fb, db), written from b as in dcstep. */
function cubicStep(a: number, fa: number, da: number, b: number, fb: number, db: number, bracketing: boolean): number | undefined {
  const theta = (3 * (fa - fb)) / (b - a) + da + db;
  const s = Math.max(Math.abs(theta), Math.abs(da), Math.abs(db));
  let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (da / s) * (db / s)));
  if (b > a) gamma = -gamma;
  const p = gamma - db + theta;
  const q = bracketing ? gamma - db + gamma + da : gamma + (da - db) + gamma;
  const r = p / q;
  if (!bracketing && !(r < 0 && gamma !== 0)) return undefined;
  return b + r * (a - b);
}

/**
 * One safeguarded trial step (dcstep): from the interval and the newest point (stp, fp, dp), the
 * next step to try, updating the interval in place. Four cases, by what the newest point says.
 */
function nextStep(iv: Interval, stp: number, fp: number, dp: number, stepMin: number, stepMax: number): number {
  const { stx, fx, dx, sty, fy, dy } = iv;
  const opposite = dp * Math.sign(dx) < 0;
  let next: number;
  if (fp > fx) {
    // A higher value: the minimiser lies between stx and stp. Take the cubic step if it is nearer stx
    // than the quadratic one (through fx, dx, fp), else the average of the two.
    const cubic = cubicStep(stp, fp, dp, stx, fx, dx, true)!;
    const quadratic = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    next = Math.abs(cubic - stx) < Math.abs(quadratic - stx) ? cubic : cubic + (quadratic - cubic) / 2;
    iv.bracketed = true;
  } else if (opposite) {
    // Derivatives of opposite signs bracket a minimiser: the cubic step or the secant step, whichever is farther from stp.
    const cubic = cubicStep(stx, fx, dx, stp, fp, dp, true)!;
    const secant = stp + (dp / (dp - dx)) * (stx - stp);
    next = Math.abs(cubic - stp) > Math.abs(secant - stp) ? cubic : secant;
    iv.bracketed = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // Lower value, same sign, smaller slope: the cubic may have no minimiser in the direction of
    // travel, in which case step to the end of the allowed range.
    const cubic = cubicStep(stx, fx, dx, stp, fp, dp, false) ?? (stp > stx ? stepMax : stepMin);
    const secant = stp + (dp / (dp - dx)) * (stx - stp);
    if (iv.bracketed) {
      next = Math.abs(cubic - stp) < Math.abs(secant - stp) ? cubic : secant;
      const limit = stp + 0.66 * (sty - stp);
      next = stp > stx ? Math.min(limit, next) : Math.max(limit, next);
    } else {
      next = Math.abs(cubic - stp) > Math.abs(secant - stp) ? cubic : secant;
      next = Math.min(stepMax, Math.max(stepMin, next));
    }
  } else if (iv.bracketed) {
    // Lower value, same sign, no smaller slope, inside a bracket: the cubic through stp and sty.
    next = cubicStep(sty, fy, dy, stp, fp, dp, true)!;
  } else {
    next = stp > stx ? stepMax : stepMin;
  }
  if (fp > fx) {
    iv.sty = stp;
    iv.fy = fp;
    iv.dy = dp;
  } else {
    if (opposite) {
      iv.sty = stx;
      iv.fy = fx;
      iv.dy = dx;
    }
    iv.stx = stp;
    iv.fx = fp;
    iv.dx = dp;
  }
  return next;
}

/**
 * Searches along a descent direction: `phi(α)` evaluates the objective and its directional
 * derivative at x + α·d (and the caller keeps that point: the result's step is the last one asked for).
 */
export async function moreThuente(
  phi: (step: number) => Promise<LinePoint>,
  f0: number,
  g0: number,
  initialStep: number,
  options: LineSearchOptions,
): Promise<LineSearchResult> {
  const { ftol, gtol, xtol, stepMin, stepMax, maxEvaluations } = options;
  if (!(g0 < 0)) return { step: 0, f: f0, g: g0, ok: false, reason: 'not a descent direction' };
  const extrapolateLower = 1.1;
  const extrapolateUpper = 4;
  const gtest = ftol * g0;
  const iv: Interval = { stx: 0, fx: f0, dx: g0, sty: 0, fy: f0, dy: g0, bracketed: false };
  let stage = 1;
  let width = stepMax - stepMin;
  let width1 = 2 * width;
  let lower = 0;
  let upper = initialStep + extrapolateUpper * initialStep;
  let step = Math.min(stepMax, Math.max(stepMin, initialStep));
  for (let evaluations = 1; ; evaluations++) {
    const { f, g } = await phi(step);
    const done = (ok: boolean, reason: string): LineSearchResult => ({ step, f, g, ok, reason });
    if (!Number.isFinite(f) || !Number.isFinite(g)) return done(false, 'the objective is not finite along the search direction');
    const ftest = f0 + step * gtest;
    if (stage === 1 && f <= ftest && g >= 0) stage = 2;
    // As dcsrch: convergence, then the warnings (any of them ends the search with this step).
    if (f <= ftest && Math.abs(g) <= gtol * -g0) return done(true, 'strong Wolfe conditions hold');
    if (step === stepMin && (f > ftest || g >= gtest)) return done(true, 'the step is at its lower bound');
    if (step === stepMax && f <= ftest && g <= gtest) return done(true, 'the step is at its upper bound');
    if (iv.bracketed && upper - lower <= xtol * upper) return done(true, 'the interval of uncertainty is below xtol');
    if (iv.bracketed && (step <= lower || step >= upper)) return done(true, 'rounding errors prevent progress');
    if (evaluations >= maxEvaluations) return done(false, `no acceptable step in ${maxEvaluations} evaluations`);

    if (stage === 1 && f <= iv.fx && f > ftest) {
      // Until a step with sufficient decrease and a non-negative slope appears, work on the
      // function less its sufficient-decrease line (ψ in the paper), whose minimiser is what we want.
      const shifted: Interval = {
        ...iv,
        fx: iv.fx - iv.stx * gtest,
        dx: iv.dx - gtest,
        fy: iv.fy - iv.sty * gtest,
        dy: iv.dy - gtest,
      };
      const next = nextStep(shifted, step, f - step * gtest, g - gtest, lower, upper);
      Object.assign(iv, shifted, {
        fx: shifted.fx + shifted.stx * gtest,
        dx: shifted.dx + gtest,
        fy: shifted.fy + shifted.sty * gtest,
        dy: shifted.dy + gtest,
      });
      step = next;
    } else {
      step = nextStep(iv, step, f, g, lower, upper);
    }

    if (iv.bracketed) {
      // Force a sufficient shrink of the interval: bisect when two steps failed to reduce it by a third.
      if (Math.abs(iv.sty - iv.stx) >= 0.66 * width1) step = iv.stx + 0.5 * (iv.sty - iv.stx);
      width1 = width;
      width = Math.abs(iv.sty - iv.stx);
      lower = Math.min(iv.stx, iv.sty);
      upper = Math.max(iv.stx, iv.sty);
    } else {
      lower = step + extrapolateLower * (step - iv.stx);
      upper = step + extrapolateUpper * (step - iv.stx);
    }
    step = Math.min(stepMax, Math.max(stepMin, step));
    // When no further progress is possible, go back to the best step seen.
    if (iv.bracketed && (step <= lower || step >= upper || upper - lower <= xtol * upper)) step = iv.stx;
  }
}
