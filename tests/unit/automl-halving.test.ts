/**
 * The successive-halving schedule: rung sizes from the training rows (η = 3, at least 1,000 rows on
 * the smallest rung, at most four rungs), how many candidates each rung keeps, and which ones.
 */
import { describe, expect, it } from 'vitest';
import { bracketSizes, promote, rungShares, rungsText, searchRungs, survivors } from '../../src/core/automl/halving';

describe('rung shares', () => {
  it('is one full rung below three thousand rows: every candidate sees all its rows', () => {
    expect(rungShares(96)).toEqual([1]);
    expect(rungShares(2999)).toEqual([1]);
  });

  it('adds a rung each time the rows allow a third of them to stay at 1,000 or more', () => {
    // 3,000 / 3 = 1,000 rows: two rungs. 9,000 / 9 = 1,000: three. 27,000 / 27 = 1,000: four.
    expect(rungShares(3000)).toEqual([1 / 3, 1]);
    expect(rungShares(8999)).toEqual([1 / 3, 1]);
    expect(rungShares(9000)).toEqual([1 / 9, 1 / 3, 1]);
    expect(rungShares(27_000)).toEqual([1 / 27, 1 / 9, 1 / 3, 1]);
  });

  it('stops at four rungs however many rows there are', () => {
    expect(rungShares(10_000_000)).toEqual([1 / 27, 1 / 9, 1 / 3, 1]);
  });

  it('follows η, the smallest rung and the rung cap it is given', () => {
    expect(rungShares(1000, 2, 100, 10)).toEqual([1 / 8, 1 / 4, 1 / 2, 1]);
    expect(rungShares(1000, 2, 100, 2)).toEqual([1 / 2, 1]);
  });
});

describe('how many go on', () => {
  it('keeps the best third, rounded up, so that a rung is never empty', () => {
    expect([1, 2, 3, 4, 9, 10, 27].map((n) => survivors(n))).toEqual([1, 1, 1, 2, 3, 4, 9]);
  });

  it('gives a bracket of n candidates n, ⌈n/3⌉, ⌈n/9⌉ … on its rungs', () => {
    expect(bracketSizes(27, 4)).toEqual([27, 9, 3, 1]);
    expect(bracketSizes(20, 3)).toEqual([20, 7, 3]);
    expect(bracketSizes(12, 1)).toEqual([12]);
  });
});

describe('which go on', () => {
  const results = [
    { index: 0, score: 0.8 },
    { index: 1, score: 0.9 },
    { index: 2 }, // failed
    { index: 3, score: 0.9 },
    { index: 4, score: 0.7 },
    { index: 5, score: Number.NaN },
  ];

  it('takes the highest scores when higher is better, the lower candidate number first on a tie', () => {
    expect(promote(results, 2, false)).toEqual([1, 3]);
    expect(promote(results, 3, false)).toEqual([1, 3, 0]);
  });

  it('takes the lowest when lower is better (a loss, an error)', () => {
    expect(promote(results, 2, true)).toEqual([4, 0]);
  });

  it('never promotes a failed candidate, even when fewer are left than asked for', () => {
    expect(promote(results, 10, false)).toEqual([1, 3, 0, 4]);
  });
});

describe('rungs of rows and of repeated deals', () => {
  it('scores on the first deal of folds while rows grow, then on every deal for the last rung when the folds are dealt again', () => {
    expect(searchRungs(96, 5, 15)).toEqual([
      { share: 1, folds: 5 },
      { share: 1, folds: 15 },
    ]);
    expect(searchRungs(96, 5, 5)).toEqual([{ share: 1, folds: 5 }]);
    expect(searchRungs(9000, 1, 1)).toEqual([
      { share: 1 / 9, folds: 1 },
      { share: 1 / 3, folds: 1 },
      { share: 1, folds: 1 },
    ]);
  });

  it('reads as folds and rows per rung', () => {
    expect(rungsText([{ rows: 96, folds: 5 }, { rows: 96, folds: 15 }])).toBe('5 folds of 96 rows → 15 folds of 96 rows');
    expect(rungsText([{ rows: 1067, folds: 1 }, { rows: 3200, folds: 1 }])).toBe('1 fold of 1,067 rows → 1 fold of 3,200 rows');
  });
});
