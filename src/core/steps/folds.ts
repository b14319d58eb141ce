/** Seeded k-fold assignment, for steps fitted out-of-fold. */
import { gather, groupByKey, range } from '../arrays';
import { seededRng, shuffleInPlace } from '../random';

/**
 * Each row's fold 0…k−1, from a seeded shuffle. With `groups` (class indices, −1 for rows without
 * one) the folds are stratified: rows are dealt round-robin class by class, so every fold holds
 * about the same share of each class, as scikit-learn's StratifiedKFold aims for.
 */
export function assignFolds(rowCount: number, k: number, seed: number, groups?: Int32Array): Int32Array {
  const order = shuffleInPlace(range(rowCount), seededRng(seed));
  // Class by class, each class in shuffled order (a stable grouping, not a sort that may reorder ties).
  const dealt = groups ? gather(order, groupByKey(gather(groups, order), rowCount).order) : order;
  const folds = new Int32Array(rowCount);
  for (let i = 0; i < rowCount; i++) folds[dealt[i]] = i % k;
  return folds;
}
