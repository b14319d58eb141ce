/**
 * The candidates: each kind's defaults first, then random ones that depend on the seed and their
 * number alone; every drawn value is a valid parameter of its kind and inside its distribution.
 */
import { describe, expect, it } from 'vitest';
import { candidateAt } from '../../src/core/automl/sampler';
import { searchedKinds } from '../../src/core/automl/settings';
import type { SpaceContext } from '../../src/core/automl/space';
import { requireModelKind } from '../../src/core/models/kinds';
import { paramProblems } from '../../src/core/params';

const small: SpaceContext = { task: 'classification', rows: 96, fewestRows: 96 };
const large: SpaceContext = { task: 'classification', rows: 12_800, fewestRows: 1_422 };
const kinds = searchedKinds('classification');
const draw = (seed: number, from: number, to: number, context = large) => Array.from({ length: to - from }, (_, i) => candidateAt(from + i, kinds, seed, context));

describe('candidates', () => {
  it('are each kind with its defaults first, cheapest kind first', () => {
    expect(kinds).toEqual(['logistic_regression', 'gaussian_nb', 'hist_gradient_boosting', 'random_forest', 'knn', 'mlp']);
    expect(searchedKinds('regression')).toEqual(['linear_regression', 'hist_gradient_boosting', 'random_forest', 'knn', 'mlp']);
    const starts = draw(1, 0, kinds.length, small);
    expect(starts.map((c) => c.kind)).toEqual(kinds);
    // On a small set every default candidate is the kind's default pipeline model as it is, but for
    // the network's batches: a step of 256 rows costs about what one of 32 does.
    expect(starts.map((c) => c.params)).toEqual(kinds.map((k) => (k === 'mlp' ? { batch_size: 256 } : {})));
    // On a large one the network stops early and takes larger batches.
    expect(draw(1, 0, kinds.length)[5].params).toEqual({ batch_size: 256, epochs: 200, validation_fraction: 0.1, patience: 10 });
  });

  it('are the same for the same seed, whatever is drawn before them or in what order', () => {
    const forwards = draw(7, 0, 40);
    const backwards = Array.from({ length: 40 }, (_, i) => candidateAt(39 - i, kinds, 7, large)).reverse();
    expect(backwards).toEqual(forwards);
    expect(candidateAt(25, kinds, 7, large)).toEqual(forwards[25]);
  });

  it('differ with the seed', () => {
    const a = draw(1, kinds.length, 30).map((c) => JSON.stringify(c));
    const b = draw(2, kinds.length, 30).map((c) => JSON.stringify(c));
    expect(a.filter((x, i) => x === b[i]).length).toBeLessThan(3);
  });

  it('draw valid parameters of their kind, within the search ranges', () => {
    const candidates = [...draw(3, kinds.length, 400), ...draw(4, kinds.length, 200, small)];
    for (const c of candidates) expect(paramProblems(requireModelKind(c.kind).params, c.params), JSON.stringify(c)).toEqual([]);
    const values = (kind: string, name: string) => candidates.filter((c) => c.kind === kind).map((c) => c.params[name] as number);
    const within = (xs: number[], low: number, high: number) => xs.every((x) => x >= low && x <= high);
    expect(within(values('hist_gradient_boosting', 'learning_rate'), 0.01, 0.3)).toBe(true);
    expect(within(values('hist_gradient_boosting', 'max_leaf_nodes'), 15, 127)).toBe(true);
    expect(within(values('logistic_regression', 'C'), 1e-3, 1e2)).toBe(true);
    expect(within(values('mlp', 'learning_rate'), 3e-4, 1e-2)).toBe(true);
    expect(within(values('gaussian_nb', 'var_smoothing'), 1e-9, 1)).toBe(true);
    expect(new Set(draw(4, kinds.length, 200, small).filter((c) => c.kind === 'mlp').map((c) => c.params.batch_size))).toEqual(new Set([64, 128, 256]));
    // k never exceeds the rows of the smallest rung, where the fewest rows train.
    expect(within(values('knn', 'k'), 1, 50)).toBe(true);
    expect(within(draw(5, kinds.length, 300, { ...small, fewestRows: 8 }).filter((c) => c.kind === 'knn').map((c) => c.params.k as number), 1, 8)).toBe(true);
  });

  it('spread over the log scale: as many learning rates below 0.055 as above (its geometric middle)', () => {
    const rates = draw(9, kinds.length, 2000).filter((c) => c.kind === 'hist_gradient_boosting').map((c) => c.params.learning_rate as number);
    expect(rates.length).toBeGreaterThan(300);
    const below = rates.filter((r) => r < Math.sqrt(0.01 * 0.3)).length / rates.length;
    expect(below).toBeGreaterThan(0.42);
    expect(below).toBeLessThan(0.58);
  });

  it('pick kinds by their weights: boosting about twice as often as k-nearest neighbours', () => {
    const picked = draw(11, kinds.length, 3000).map((c) => c.kind);
    const share = (kind: string) => picked.filter((k) => k === kind).length / picked.length;
    // Weights: boosting 3, forest 2, network 2, logistic 1.5, kNN 1, naive Bayes 0.5 (10 in all).
    expect(share('hist_gradient_boosting')).toBeCloseTo(0.3, 1);
    expect(share('knn')).toBeCloseTo(0.1, 1);
    expect(share('gaussian_nb')).toBeCloseTo(0.05, 1);
  });
});
