/** Numeric statistics over a column's present values; callers drop the NaN (missing) cells first. */

export function presentValues(values: Float64Array): Float64Array {
  return values.filter((v) => !Number.isNaN(v));
}

/** A sorted copy: typed-array sort is numeric, unlike Array.prototype.sort. */
export function sorted(values: Float64Array): Float64Array {
  return values.slice().sort();
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

/** The q-quantile of sorted values with linear interpolation between ranks: numpy's default method. */
export function quantile(ascending: Float64Array, q: number): number {
  const at = q * (ascending.length - 1);
  const below = Math.floor(at);
  const above = Math.min(below + 1, ascending.length - 1);
  return ascending[below] + (at - below) * (ascending[above] - ascending[below]);
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
