/**
 * Input checks shared by the solvers. Bad input must end in a message that names the feature, row or
 * parameter: a single NaN would otherwise spread to every coefficient without a word.
 */
import type { FeatureColumns } from '../data';

function describe(value: number): string {
  return Number.isNaN(value) ? 'missing (NaN)' : value > 0 ? 'Infinity' : '-Infinity';
}

/** Every feature value finite, every column `rows` long. Names default to "feature 1", "feature 2", … */
export function checkFeatures(x: FeatureColumns, names?: readonly string[]): void {
  x.columns.forEach((column, j) => {
    const name = names?.[j] ?? `feature ${j + 1}`;
    if (column.length !== x.rows) throw new Error(`Feature '${name}' has ${column.length} values for ${x.rows} rows.`);
    // v·0 is 0 for every finite v and NaN for NaN and ±Infinity: one branch-free pass, then a search only when needed.
    let probe = 0;
    for (let i = 0; i < column.length; i++) probe += column[i] * 0;
    if (probe === 0) return;
    for (let i = 0; i < column.length; i++) {
      if (!Number.isFinite(column[i])) {
        throw new Error(
          `Feature '${name}' is ${describe(column[i])} at row ${i + 1}: linear models need finite numbers (impute missing values and remove infinities first).`,
        );
      }
    }
  });
}

export function checkFeatureCount(x: FeatureColumns, expected: number): void {
  if (x.columns.length !== expected) throw new Error(`The model was fitted on ${expected} features but was given ${x.columns.length}.`);
}

export function checkRange(name: string, value: number, min: number, max: number, { open = false } = {}): number {
  const inside = open ? value > min && value < max : value >= min && value <= max;
  if (!Number.isFinite(value) || !inside) {
    const interval = open ? `(${min}, ${max})` : `[${min}, ${max}]`;
    throw new Error(`Parameter ${name} must be a number in ${interval.replace('Infinity', '∞')}, not ${value}.`);
  }
  return value;
}

export function checkPositive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`Parameter ${name} must be a positive finite number, not ${value}.`);
  return value;
}

export function checkIterations(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`Parameter ${name} must be a whole number of at least 1, not ${value}.`);
  return value;
}
