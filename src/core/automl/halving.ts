/**
 * Successive halving (Jamieson & Talwalkar 2016; scikit-learn's HalvingRandomSearchCV) with the
 * training rows as the resource. A bracket of n candidates is evaluated on a small share of each
 * fold's training rows; the best ⌈n/η⌉ go on to η times the rows, and so on up to the full fold.
 * Rungs: shares η^−R … η^−1, 1, where R is the largest number (at most MAX_RUNGS − 1) that leaves the
 * smallest rung MIN_RUNG_ROWS rows. Below 3,000 training rows per fold there is one rung of rows:
 * every candidate is evaluated on all its rows, which is cheap there, and small samples would rank
 * noise. Where the folds are dealt more than once (small sets), the repeated deals are a last rung
 * of their own: every candidate is scored on the first deal, and only the best third on the others,
 * whose scores the repeats sharpen where it matters, between the candidates in contention.
 */

/** Each rung keeps the best third of the one below and gives it three times the rows. */
export const ETA = 3;
/** The smallest rung trains on at least this many rows. */
export const MIN_RUNG_ROWS = 1000;
export const MAX_RUNGS = 4;

/** Each rung's share of the training rows, smallest first; the last is 1. */
export function rungShares(rows: number, eta = ETA, minRows = MIN_RUNG_ROWS, maxRungs = MAX_RUNGS): number[] {
  let below = 0;
  while (below + 1 < maxRungs && rows / eta ** (below + 1) >= minRows) below++;
  return Array.from({ length: below + 1 }, (_, r) => eta ** (r - below));
}

export interface Rung {
  /** The share of each fold's training rows it trains on. */
  share: number;
  /** How many of the validation plan's folds it scores on (its first ones: the first deal, or all deals). */
  folds: number;
}

/**
 * The rungs of a search on folds of `rows` training rows: the rungs of rows on the first deal's `k`
 * folds, then, when the plan deals `folds` > k in all, one on every deal with all the rows.
 */
export function searchRungs(rows: number, k: number, folds: number): Rung[] {
  const byRows = rungShares(rows).map((share) => ({ share, folds: k }));
  return folds > k ? [...byRows, { share: 1, folds }] : byRows;
}

/** How many of `count` candidates go on to the next rung. */
export function survivors(count: number, eta = ETA): number {
  return Math.ceil(count / eta);
}

/** Candidates evaluated on each rung of a bracket of `n`: n, ⌈n/η⌉, ⌈n/η²⌉ … */
export function bracketSizes(n: number, rungs: number, eta = ETA): number[] {
  const sizes = [n];
  while (sizes.length < rungs) sizes.push(survivors(sizes[sizes.length - 1], eta));
  return sizes;
}

export interface RungResult {
  index: number;
  /** Absent when the candidate failed: it never goes on. */
  score?: number;
}

/**
 * The `count` best of a rung's results, by score (ties: the lower candidate number), as candidate
 * numbers in that order. Failed candidates are never promoted.
 */
export function promote(results: readonly RungResult[], count: number, lowerIsBetter: boolean): number[] {
  const sign = lowerIsBetter ? 1 : -1;
  return results
    .filter((r): r is Required<RungResult> => r.score !== undefined && Number.isFinite(r.score))
    .sort((a, b) => sign * (a.score - b.score) || a.index - b.index)
    .slice(0, count)
    .map((r) => r.index);
}

/** A plan's rungs in words, smallest first: "5 folds of 1,067 rows → 5 folds of 3,200 rows". */
export function rungsText(rungs: readonly { rows: number; folds: number }[]): string {
  return rungs.map((r) => `${r.folds} fold${r.folds === 1 ? '' : 's'} of ${r.rows.toLocaleString('en')} rows`).join(' → ');
}
