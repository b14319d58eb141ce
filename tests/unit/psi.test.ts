/** PSI against hand-computed values, the binning convention on exact edges, and the drift levels. */
import { describe, expect, it } from 'vitest';
import { binOf, binShares, categoryShares, driftLevel, populationStabilityIndex, SHARE_FLOOR } from '../../src/core/predict/psi';
import type { CategoricalColumn } from '../../src/core/table/table';

describe('populationStabilityIndex', () => {
  it('matches the formula worked by hand', () => {
    // (0.7 − 0.5)·ln(0.7/0.5) = 0.2 · 0.3364722366 = 0.0672944473
    // (0.3 − 0.5)·ln(0.3/0.5) = −0.2 · −0.5108256238 = 0.1021651248
    // sum = 0.1694595721
    expect(populationStabilityIndex([0.5, 0.5], [0.7, 0.3])).toBeCloseTo(0.1694595721, 9);
  });

  it('floors an empty training bin instead of going infinite', () => {
    // bin 0: equal shares → 0
    // bin 1: (0.4 − 0.5)·ln(0.4/0.5) = −0.1 · −0.2231435513 = 0.0223143551
    // bin 2: e = 0 is floored to 1e-4: (0.1 − 0.0001)·ln(0.1/0.0001) = 0.0999 · 6.9077552790 = 0.6900847524
    // sum = 0.7123991075
    expect(SHARE_FLOOR).toBe(1e-4);
    expect(populationStabilityIndex([0.5, 0.5, 0], [0.5, 0.4, 0.1])).toBeCloseTo(0.7123991075, 9);
  });

  it('is 0 for identical distributions, also with bins empty on both sides', () => {
    expect(populationStabilityIndex([0.2, 0, 0.8], [0.2, 0, 0.8])).toBe(0);
  });

  it('refuses bins that do not line up', () => {
    expect(() => populationStabilityIndex([0.5, 0.5], [1])).toThrow(/same bins/);
  });
});

describe('driftLevel', () => {
  it('follows the 0.1 / 0.25 rule of thumb', () => {
    expect(driftLevel(0)).toBe('none');
    expect(driftLevel(0.0999)).toBe('none');
    expect(driftLevel(0.1)).toBe('moderate');
    expect(driftLevel(0.25)).toBe('moderate');
    expect(driftLevel(0.2501)).toBe('major');
  });
});

describe('binShares', () => {
  it('puts a value on an edge in the bin below it and skips missing values', () => {
    const edges = [1, 2, 3];
    expect([0, 1, 1.5, 2, 3, 3.5].map((v) => binOf(v, edges))).toEqual([0, 0, 1, 1, 2, 3]);
    // bins: {0, 1} {1.5, 2} {3} {3.5} over 6 present values (NaN skipped)
    expect(binShares(Float64Array.from([0, 1, 1.5, 2, 3, 3.5, NaN]), edges)).toEqual([2 / 6, 2 / 6, 1 / 6, 1 / 6]);
  });

  it('has one bin without edges and all zeros without values', () => {
    expect(binShares(Float64Array.from([4, 5]), [])).toEqual([1]);
    expect(binShares(Float64Array.from([NaN]), [0])).toEqual([0, 0]);
  });
});

describe('categoryShares', () => {
  it('follows the training order and pools unseen categories in a last bucket', () => {
    const column: CategoricalColumn = { name: 'c', kind: 'categorical', categories: ['b', 'a', 'z'], codes: Int32Array.from([0, 1, 1, 2, -1]) };
    // a: 2, b: 1, unseen (z): 1, over 4 present cells
    expect(categoryShares(column, ['a', 'b'])).toEqual([0.5, 0.25, 0.25]);
  });
});
