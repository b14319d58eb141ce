/**
 * What the tree fits refuse, with a message naming the feature or row, before any work is done:
 * shapes that disagree, infinite numbers (a NaN is a missing value and welcome, but ±∞ is almost
 * always a parsing or division accident, and a threshold next to it would mean nothing), category
 * codes outside the feature's categories, targets that are not numbers, and a classification whose
 * training rows hold a single class. A feature that is entirely missing is fine: it never splits.
 */
import type { TrainingSet } from '../data';

/** Checks the set and returns its number of classes (0 for regression). */
export function checkTrainingSet(data: TrainingSet, model: string): number {
  const { rows, columns, features, y } = data;
  if (rows < 2) throw new Error(`${model} needs at least 2 training rows; there ${rows === 1 ? 'is 1' : `are ${rows}`}.`);
  if (columns.length === 0) throw new Error(`${model} needs at least one feature.`);
  if (features.length !== columns.length) throw new Error(`The training set describes ${features.length} features but holds ${columns.length} columns.`);
  if (y.length !== rows) throw new Error(`The training set has ${rows} rows but ${y.length} targets.`);
  columns.forEach((column, j) => {
    const name = features[j].name;
    if (column.length !== rows) throw new Error(`Feature "${name}" has ${column.length} values for ${rows} rows.`);
    const categories = features[j].categories?.length;
    for (let r = 0; r < rows; r++) {
      const v = column[r];
      if (v !== v) continue;
      if (categories === undefined) {
        if (v === Infinity || v === -Infinity) throw new Error(`Feature "${name}" is ${v > 0 ? '+' : '−'}infinite at training row ${r + 1}. Replace infinite values or mark them missing before training a tree model.`);
      } else if (!(Number.isInteger(v) && v >= 0 && v < categories)) {
        throw new Error(`Feature "${name}" has category code ${v} at training row ${r + 1}; it has ${categories} categories (codes 0 to ${categories - 1}).`);
      }
    }
  });
  if (data.task === 'regression') {
    for (let r = 0; r < rows; r++) if (!Number.isFinite(y[r])) throw new Error(`The target is ${y[r]} at training row ${r + 1}; a regression target must be a finite number.`);
    return 0;
  }
  const classes = data.classes?.length ?? 0;
  if (classes < 2) throw new Error(`A classifier needs at least two classes; the training set lists ${classes}.`);
  const counts = new Float64Array(classes);
  for (let r = 0; r < rows; r++) {
    const k = y[r];
    if (!(Number.isInteger(k) && k >= 0 && k < classes)) throw new Error(`The target at training row ${r + 1} is ${k}, not a class index below ${classes}.`);
    counts[k]++;
  }
  const present = counts.filter((c) => c > 0).length;
  if (present < 2) {
    const only = data.classes![counts.findIndex((c) => c > 0)];
    throw new Error(`Every training row is of class "${only}"; a classifier needs at least two classes among its training rows.`);
  }
  return classes;
}

/** scikit-learn's class_weight='balanced': n / (classes present × the class's count), per class. */
export function balancedClassWeights(y: Int32Array, classes: number): Float64Array {
  const counts = new Float64Array(classes);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  const present = counts.filter((c) => c > 0).length;
  return counts.map((c) => (c > 0 ? y.length / (present * c) : 0));
}

/** Per-row weights for class_weight='balanced', or undefined for equal weights. */
export function balancedWeights(y: Int32Array, classes: number, mode: 'none' | 'balanced'): Float64Array | undefined {
  if (mode === 'none') return undefined;
  const perClass = balancedClassWeights(y, classes);
  return Float64Array.from(y, (k) => perClass[k]);
}
