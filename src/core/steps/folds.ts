/** Seeded k-fold assignment, for steps fitted out-of-fold. */
import { seededRng, shuffleInPlace } from '../random';

/**
 * Each row's fold 0…k−1, from a seeded shuffle. With `groups` (class indices, −1 for rows without
 * one) the folds are stratified: rows are dealt round-robin class by class, so every fold holds
 * about the same share of each class, as scikit-learn's StratifiedKFold aims for.
 */
export function assignFolds(rowCount: number, k: number, seed: number, groups?: Int32Array): Int32Array {
  const order = shuffleInPlace(Int32Array.from({ length: rowCount }, (_, i) => i), seededRng(seed));
  // Typed-array sort is not guaranteed stable; an explicit tie-break on shuffled position is.
  const dealt = groups ? Array.from(order.keys()).sort((a, b) => groups[order[a]] - groups[order[b]] || a - b).map((i) => order[i]) : order;
  const folds = new Int32Array(rowCount);
  dealt.forEach((row, i) => (folds[row] = i % k));
  return folds;
}
