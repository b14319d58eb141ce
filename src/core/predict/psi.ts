/**
 * Population stability index: how far a feature's distribution in a prediction file has moved
 * from its distribution in the training rows, over the same bins.
 */
import type { CategoricalColumn } from '../table/table';
import type { DriftLevel } from './report';

/**
 * Shares are floored at 0.01 % before the logarithm: a bin that is empty on one side would otherwise
 * make the index infinite, and one empty bin among ten says little on its own. Equal floored shares
 * contribute exactly 0, so bins empty on both sides cost nothing.
 */
export const SHARE_FLOOR = 1e-4;

/** PSI = Σ (a − e) · ln(a / e) over bins, with each share floored at SHARE_FLOOR. */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[]): number {
  if (expected.length !== actual.length) throw new Error(`PSI needs the same bins on both sides (${expected.length} vs ${actual.length})`);
  let psi = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i], SHARE_FLOOR);
    const a = Math.max(actual[i], SHARE_FLOOR);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

/** The usual rule of thumb: below 0.1 stable, 0.1 to 0.25 worth watching, above 0.25 a real shift. */
export function driftLevel(psi: number): DriftLevel {
  if (psi < 0.1) return 'none';
  return psi <= 0.25 ? 'moderate' : 'major';
}

/** Bin index: v ≤ edges[0] → 0, edges[i − 1] < v ≤ edges[i] → i, v > the last edge → edges.length. */
export function binOf(value: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function toShares(counts: number[], total: number): number[] {
  return counts.map((c) => (total ? c / total : 0));
}

/** Share of the non-missing values per bin (edges.length + 1 bins); all zeros when every value is missing. */
export function binShares(values: Float64Array, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let total = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    counts[binOf(v, edges)]++;
    total++;
  }
  return toShares(counts, total);
}

/**
 * Share of the non-missing cells per training category, in the order given, plus a last "unseen"
 * bucket for every category training never had (its training share is 0).
 */
export function categoryShares(column: CategoricalColumn, trained: readonly string[]): number[] {
  const slot = new Map(trained.map((c, i) => [c, i]));
  const slotOfCode = column.categories.map((c) => slot.get(c) ?? trained.length);
  const counts = new Array<number>(trained.length + 1).fill(0);
  let total = 0;
  for (const code of column.codes) {
    if (code < 0) continue;
    counts[slotOfCode[code]]++;
    total++;
  }
  return toShares(counts, total);
}
