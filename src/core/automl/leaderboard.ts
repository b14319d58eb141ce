/** How a leaderboard ranks its candidates: the search, the page and the CLI show them alike. tfjs-free. */
import type { TrialEntry } from './types';

/** Whether `a` ranks above `b` on the same rung: its score, then the lower candidate number. Both must have scores. */
export function ranksAbove(a: TrialEntry, b: TrialEntry, lowerIsBetter: boolean): boolean {
  const [x, y] = [a.score as number, b.score as number];
  return (lowerIsBetter ? x < y : x > y) || (x === y && a.index < b.index);
}

/** Scored candidates first, the higher rungs first (more rows: a surer score), best first; failed or stopped ones last, by number. */
export function rankEntries(entries: Iterable<TrialEntry>, lowerIsBetter: boolean): TrialEntry[] {
  return [...entries].sort((a, b) => {
    if ((a.score === undefined) !== (b.score === undefined)) return a.score === undefined ? 1 : -1;
    if (a.score === undefined) return a.index - b.index;
    return b.rung - a.rung || (ranksAbove(a, b, lowerIsBetter) ? -1 : 1);
  });
}

/**
 * The one-standard-error rule (Breiman et al. 1984; Hastie, Tibshirani & Friedman, §7.10): among
 * scored candidates, the simplest whose score is within one standard error (the best's deviation
 * over its `folds` independent folds, over √folds) of the best. Simplest is the lowest candidate
 * number: each kind's defaults come first, cheapest kind first, so the proposed pipeline's own model
 * stays unless another is better by more than the folds' noise. One fold (a holdout): the best.
 */
export function simplestNearBest(entries: readonly TrialEntry[], lowerIsBetter: boolean, folds: number): TrialEntry {
  const best = entries.reduce((b, e) => (ranksAbove(e, b, lowerIsBetter) ? e : b));
  const margin = folds > 1 ? (best.std ?? 0) / Math.sqrt(folds) : 0;
  const bound = (best.score as number) + (lowerIsBetter ? margin : -margin);
  const near = entries.filter((e) => (lowerIsBetter ? (e.score as number) <= bound : (e.score as number) >= bound));
  return near.reduce((a, b) => (b.index < a.index ? b : a));
}
