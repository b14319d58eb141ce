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
