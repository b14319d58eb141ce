import { describe, expect, it } from 'vitest';
import { bestIndexes } from '../../src/ui/shell/best';

describe('bestIndexes: the best values of a side-by-side row', () => {
  it('marks the highest where higher is better and the lowest where lower is better', () => {
    expect(bestIndexes([0.81, 0.93, 0.88], false)).toEqual([1]);
    expect(bestIndexes([0.81, 0.93, 0.88], true)).toEqual([0]);
  });

  it('marks every value that reaches the best when some, not all, tie', () => {
    expect(bestIndexes([0.9, 0.7, 0.9], false)).toEqual([0, 2]);
    expect(bestIndexes([2.5, 1.25, 1.25, 3], true)).toEqual([1, 2]);
  });

  it('marks none when every value ties: a tie has no best', () => {
    expect(bestIndexes([0.9, 0.9], false)).toEqual([]);
    expect(bestIndexes([0.9, 0.9, 0.9], true)).toEqual([]);
    expect(bestIndexes([0, -0], false)).toEqual([]);
  });

  it('never marks a missing or non-finite value, and they do not break a tie', () => {
    expect(bestIndexes([undefined, 0.4, NaN, 0.6], false)).toEqual([3]);
    expect(bestIndexes([undefined, 0.4, NaN, 0.6], true)).toEqual([1]);
    expect(bestIndexes([0.7, undefined, 0.7], false)).toEqual([]);
    expect(bestIndexes([Infinity, 3, 5], true)).toEqual([1]);
    expect(bestIndexes([-Infinity, 3, 5], false)).toEqual([2]);
  });

  it('marks none when at most one value is measured (nothing to beat)', () => {
    expect(bestIndexes([0.5, undefined], false)).toEqual([]);
    expect(bestIndexes([NaN, undefined], true)).toEqual([]);
    expect(bestIndexes([], false)).toEqual([]);
  });
});
