/**
 * How the leaderboard ranks, and which candidate wins: the simplest (lowest number) within one
 * standard error of the best score, the best itself on a holdout.
 */
import { describe, expect, it } from 'vitest';
import { rankEntries, simplestNearBest } from '../../src/core/automl/leaderboard';
import type { TrialEntry } from '../../src/core/automl/types';

const entry = (index: number, score: number | undefined, std: number, rung = 0): TrialEntry => ({ index, kind: `k${index}`, params: {}, rung, rows: 100, score, std, seconds: 1, ...(score === undefined ? { error: 'failed' } : {}) });

describe('the leaderboard', () => {
  it('ranks higher rungs first, then by score (ties: the lower number), failed candidates last by number', () => {
    const entries = [entry(4, undefined, 0), entry(0, 0.9, 0.01), entry(1, 0.95, 0.01), entry(2, 0.8, 0.01, 1), entry(3, 0.9, 0.01), entry(5, undefined, 0, 1)];
    expect(rankEntries(entries, false).map((e) => e.index)).toEqual([2, 1, 0, 3, 4, 5]);
    expect(rankEntries(entries, true).map((e) => e.index)).toEqual([2, 0, 3, 1, 4, 5]);
  });
});

describe('the winner', () => {
  // Best: candidate 3 at 0.95 ± 0.04 over 4 folds: one standard error is 0.04 / √4 = 0.02, so 0.93 and up are as good.
  const entries = [entry(3, 0.95, 0.04), entry(1, 0.92, 0.01), entry(2, 0.93, 0.05), entry(5, 0.94, 0.01)];

  it('is the lowest-numbered candidate within one standard error of the best', () => {
    expect(simplestNearBest(entries, false, 4).index).toBe(2);
    // With 16 folds the standard error is 0.01: only 0.94 and up, of which candidate 3 is the lowest number.
    expect(simplestNearBest(entries, false, 16).index).toBe(3);
  });

  it('takes lower as better for losses', () => {
    const losses = [entry(3, 0.2, 0.08), entry(1, 0.25, 0.02), entry(2, 0.23, 0.01)];
    // Best 0.2 ± 0.08 / √4 = 0.04: up to 0.24, so candidate 2 (0.23), not 1 (0.25).
    expect(simplestNearBest(losses, true, 4).index).toBe(2);
  });

  it('is the best on a holdout, whose one fold gives no standard error', () => {
    expect(simplestNearBest(entries, false, 1).index).toBe(3);
  });
});
