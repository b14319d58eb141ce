/**
 * Loops that build, gather and group typed arrays. On arrays of millions of rows V8's built-ins that
 * take a callback (TypedArray.from(source, map), filter, sort with a comparator) run 10–30 times
 * slower than a plain loop, Array.from makes a JS array of them, and spreading one into a call
 * (push(...rows), Math.max(...values)) overflows the stack: the run and predict paths use these.
 */

type TypedArray = Float64Array | Float32Array | Int32Array | Uint8Array;

/** `array` with element i set to at(i). */
export function filled<T extends TypedArray>(array: T, at: (i: number) => number): T {
  for (let i = 0; i < array.length; i++) array[i] = at(i);
  return array;
}

/** 0, 1, … n − 1. */
export function range(n: number): Int32Array {
  return filled(new Int32Array(n), (i) => i);
}

/** The elements of `values` at `rows`, in that order, in an array of the same type. */
export function gather<T extends TypedArray>(values: T, rows: ArrayLike<number>): T {
  const out = new (values.constructor as new (length: number) => T)(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

/** How many of `values` are not NaN. */
export function countPresent(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  return n;
}

/**
 * Positions 0 … n−1 grouped by key: keys ascending, each group in position order (a stable
 * counting sort, linear in n for the few keys classes and folds have). Group g is
 * `order.subarray(starts[g], starts[g + 1])`. Without keys, one group of all.
 */
export function groupByKey(keys: ArrayLike<number> | null, n: number): { order: Int32Array; starts: Int32Array } {
  if (keys === null) return { order: range(n), starts: Int32Array.of(0, n) };
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(keys[i], (counts.get(keys[i]) ?? 0) + 1);
  const sortedKeys = Int32Array.from(counts.keys()).sort();
  const starts = new Int32Array(sortedKeys.length + 1);
  const next = new Map<number, number>();
  sortedKeys.forEach((key, g) => {
    next.set(key, starts[g]);
    starts[g + 1] = starts[g] + (counts.get(key) as number);
  });
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const at = next.get(keys[i]) as number;
    order[at] = i;
    next.set(keys[i], at + 1);
  }
  return { order, starts };
}
