/**
 * The solvers against scikit-learn 1.9 on the shared datasets: tests/fixtures/solvers/make_fixtures.py
 * fitted LogisticRegression, LinearRegression, Ridge, Lasso and ElasticNet to their optimum (tight
 * tolerances; see `violation` in the JSON) on a design matrix that design.ts rebuilds from the CSV.
 *
 * Agreement: every coefficient and intercept within 1e-4 × the Euclidean norm of scikit-learn's whole
 * parameter vector (coefficients and intercepts together), i.e. max|ours − theirs| ≤ 1e-4·‖theirs‖₂;
 * the prediction rows' probabilities within 1e-4, regression predictions within 1e-4 × the largest
 * |prediction|; and our objective no higher than scikit-learn's beyond rounding (1e-9 relative).
 * Multinomial intercepts are compared centred (the softmax does not see a shift shared by the classes).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitLogistic, type LogisticPenalty } from '../../src/core/models/solvers/logistic';
import { predictProbabilities, predictValues } from '../../src/core/models/solvers/predict';
import { fitLinear, type LinearPenalty } from '../../src/core/models/solvers/regression';
import { loadDesign, type Design } from '../fixtures/solvers/design';

interface LogisticCase {
  dataset: string;
  model: 'logistic';
  penalty: LogisticPenalty;
  C: number | null;
  l1_ratio: number | null;
  class_weight: 'balanced' | null;
  classes: string[];
  coef: number[][];
  intercept: number[];
  objective: number;
  predictions: number[][];
}

interface RegressionCase {
  dataset: string;
  model: 'linear' | 'ridge' | 'lasso' | 'elasticnet';
  alpha: number;
  l1_ratio: number | null;
  coef: number[];
  intercept: number;
  objective: number;
  predictions: number[];
}

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/solvers/sklearn.json', import.meta.url), 'utf8')) as { cases: (LogisticCase | RegressionCase)[] };
const designs = new Map<string, Design>();
function design(name: string): Design {
  if (!designs.has(name)) designs.set(name, loadDesign(name));
  return designs.get(name)!;
}

function expectClose(ours: ArrayLike<number>, theirs: readonly number[], tolerance: number) {
  expect(ours.length).toBe(theirs.length);
  const worst = Math.max(...theirs.map((t, i) => Math.abs(ours[i] - t)));
  expect(worst).toBeLessThanOrEqual(tolerance);
}

function expectNoWorse(ours: number, theirs: number) {
  expect(ours).toBeLessThanOrEqual(theirs + 1e-9 * Math.abs(theirs));
}

const logisticCases = fixtures.cases.filter((c): c is LogisticCase => c.model === 'logistic');
const regressionCases = fixtures.cases.filter((c): c is RegressionCase => c.model !== 'logistic');

describe('logistic regression matches scikit-learn', () => {
  it.each(logisticCases.map((c) => [`${c.dataset} ${c.penalty} C=${c.C}${c.class_weight ? ' balanced' : ''}`, c] as const))('%s', async (_, c) => {
    const { train, test } = design(c.dataset);
    expect(train.classes).toEqual(c.classes);
    const fit = await fitLogistic(train, { penalty: c.penalty, C: c.C ?? undefined, l1_ratio: c.l1_ratio ?? undefined, class_weight: c.class_weight, tol: 1e-10, max_iter: 10_000 });
    expect(fit.warnings).toEqual([]);
    const theirs = [...c.coef.flat(), ...c.intercept];
    expectClose([...fit.coef, ...fit.intercept], theirs, 1e-4 * Math.hypot(...theirs));
    expectClose(predictProbabilities(fit, test), c.predictions.flat(), 1e-4);
    expectNoWorse(fit.lossHistory.at(-1)!, c.objective);
  });
});

describe('linear regression matches scikit-learn', () => {
  const penalties: Record<RegressionCase['model'], LinearPenalty> = { linear: 'none', ridge: 'l2', lasso: 'l1', elasticnet: 'elasticnet' };
  const runs = regressionCases.flatMap((c) => (c.model === 'linear' || c.model === 'ridge' ? (['cholesky', 'cg'] as const) : (['auto'] as const)).map((solver) => [`${c.dataset} ${c.model} alpha=${c.alpha} ${solver}`, c, solver] as const));
  it.each(runs)('%s', async (_, c, solver) => {
    const { train, test } = design(c.dataset);
    const fit = await fitLinear(train, { penalty: penalties[c.model], alpha: c.alpha, l1_ratio: c.l1_ratio ?? undefined, tol: 1e-12, max_iter: 100_000, solver });
    expect(fit.converged).toBe(true);
    expect(fit.warnings).toEqual([]);
    const theirs = [...c.coef, c.intercept];
    expectClose([...fit.coef, ...fit.intercept], theirs, 1e-4 * Math.hypot(...theirs));
    expectClose(predictValues(fit, test), c.predictions, 1e-4 * Math.max(...c.predictions.map(Math.abs)));
    expectNoWorse(fit.lossHistory.at(-1)!, c.objective);
  });
});
