/** Numeric statistics over a column's present values; callers drop the NaN (missing) cells first. */
import { countPresent, gather } from '../arrays';
import { quantilesInPlace } from '../profile/quantiles';

/**
 * The values (at `rows`, else all) that are not NaN, in a new array (a loop: TypedArray.filter is
 * many times slower on large columns).
 */
export function presentValues(values: Float64Array, rows?: Int32Array): Float64Array {
  const picked = rows ? gather(values, rows) : values;
  const present = new Float64Array(countPresent(picked));
  for (let i = 0, k = 0; i < picked.length; i++) if (picked[i] === picked[i]) present[k++] = picked[i];
  return present;
}

/**
 * The q-quantiles (each q in [0, 1]) of values without NaN, with linear interpolation between ranks
 * (numpy's default method), by selection on a copy rather than a sort.
 */
export function quantiles(values: Float64Array, qs: readonly number[]): number[] {
  return quantilesInPlace(values.slice(), qs);
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Population variance (ddof = 0), as numpy's var and scikit-learn's scalers use. */
export function variance(values: ArrayLike<number>): number {
  const m = mean(values);
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - m) ** 2;
  return squares / values.length;
}

export function minMax(values: Float64Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}
