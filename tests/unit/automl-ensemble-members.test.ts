/**
 * The search's ensemble members: the best candidate of each kind, the full rung first, then kinds
 * that stopped on a lower rung (halving ranks kinds on a share of the rows); never kNN; within the
 * budget's share, counting a lower-rung member's fits at the full rung's rows; none unless the
 * first was validated on the full rung.
 */
import { describe, expect, it } from 'vitest';
import { ensembleMembers, ensembleSeconds, fullRungSeconds, type MemberLimits } from '../../src/core/automl/ensemble-members';
import type { TrialEntry } from '../../src/core/automl/types';

// Three rungs of 1,422, 4,266 and 12,800 rows, on one fold (a holdout), as letter's search.
const rungs = [
  { rows: 1_422, folds: 1 },
  { rows: 4_266, folds: 1 },
  { rows: 12_800, folds: 1 },
];
const limits: MemberLimits = { rungs, lowerIsBetter: false, parallel: 1 };

let index = 0;
const entry = (kind: string, rung: number, score: number | undefined, seconds: number, params: TrialEntry['params'] = {}): TrialEntry => ({
  index: index++,
  kind,
  params,
  rung,
  rows: rungs[rung].rows,
  score,
  seconds,
});

describe('ensemble members', () => {
  const boosting = entry('hist_gradient_boosting', 2, 0.9616, 6.8, { learning_rate: 0.184 });
  const boosting2 = entry('hist_gradient_boosting', 2, 0.96, 14.5);
  const knn = entry('knn', 1, 0.9019, 1.5);
  const forest = entry('random_forest', 1, 0.9147, 2.1);
  const forestLow = entry('random_forest', 0, 0.8194, 1.2);
  const mlp = entry('mlp', 0, 0.83, 3);
  const logistic = entry('logistic_regression', 0, 0.7, 0.5);
  const failed = entry('gaussian_nb', 1, undefined, 0.2);
  const all = [logistic, mlp, forestLow, failed, knn, forest, boosting2, boosting];

  it('take the best of each kind, the full rung first, then the higher rung, then the score; never kNN, never a failed one', () => {
    expect(ensembleMembers(all, limits).map((e) => e.index)).toEqual([boosting.index, forest.index, mlp.index]);
  });

  it("count a lower rung's seconds at the full rung's rows and folds", () => {
    expect(fullRungSeconds(boosting, rungs)).toBe(6.8);
    expect(fullRungSeconds(forest, rungs)).toBeCloseTo((2.1 * 12_800) / 4_266, 12);
    expect(fullRungSeconds(mlp, rungs)).toBeCloseTo((3 * 12_800) / 1_422, 12);
    expect(ensembleSeconds([boosting, forest], { ...limits, parallel: 2 })).toBeCloseTo((6.8 + (2.1 * 12_800) / 4_266) / 2, 12);
  });

  it("leave out a member whose full-rung fits would pass the budget's share, and take the next kind that fits", () => {
    // Boosting 6.8 s + the forest's 6.3 s fit in 15 s; the network's 27 s would not, the logistic regression's 4.5 s would.
    const chosen = ensembleMembers(all, { ...limits, seconds: 15 });
    expect(chosen.map((e) => e.kind)).toEqual(['hist_gradient_boosting', 'random_forest']);
    expect(ensembleMembers(all, { ...limits, seconds: 18 }).map((e) => e.kind)).toEqual(['hist_gradient_boosting', 'random_forest', 'logistic_regression']);
  });

  it('are none when no model was validated on the full rung', () => {
    expect(ensembleMembers([forest, mlp, logistic], limits)).toEqual([]);
  });

  it('rank lower scores first for a loss', () => {
    const a = entry('mlp', 2, 0.3, 1);
    const b = entry('logistic_regression', 2, 0.2, 1);
    expect(ensembleMembers([a, b], { ...limits, lowerIsBetter: true }).map((e) => e.kind)).toEqual(['logistic_regression', 'mlp']);
  });
});
