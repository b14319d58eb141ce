/**
 * Distinct values of a Float64Array in O(n) with one open-addressing hash table sized to the
 * column: a Set of a million boxed numbers, or sorting a copy, costs several times more.
 * NaN is missing and is not a value; -0 and 0 are the same value.
 */

export interface FloatCounts {
  missing: number;
  distinct: number;
  /** Set when counting stopped at `stopAt` distinct values: there are at least `distinct`. */
  atLeast?: true;
  /** Each distinct value with its count, most frequent first, when there are at most `keepUpTo` of them. */
  values?: { value: number; count: number }[];
}

/** A 32-bit hash of a double from its two words (0 for both zeros, so that -0 === 0 hashes alike). */
function hashDouble(words: Uint32Array, i: number, v: number): number {
  if (v === 0) return 0;
  let h = Math.imul(words[2 * i] ^ 0x9e3779b9, 0x85ebca6b) ^ words[2 * i + 1];
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return h ^ (h >>> 16);
}

/**
 * `stopAt`: stop counting distinct values there (the missing count stays exact). A table sized for
 * that many stays in cache, where one sized for a million random values does not.
 */
function countMissing(values: Float64Array, from: number): number {
  let missing = 0;
  for (let i = from; i < values.length; i++) if (values[i] !== values[i]) missing++;
  return missing;
}

export function countFloats(values: Float64Array, keepUpTo = 0, stopAt = Infinity): FloatCounts {
  const n = values.length;
  // Room for every value at load factor ≤ 1/2. Slots hold the values themselves (NaN: empty), so
  // a probe is one memory access rather than two.
  let size = 16;
  while (size < 2 * Math.min(n, stopAt)) size *= 2;
  const mask = size - 1;
  const slots = new Float64Array(size).fill(NaN);
  // Counts only when they may be returned.
  const counts = keepUpTo > 0 ? new Int32Array(size) : null;
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  let missing = 0;
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) {
      missing++;
      continue;
    }
    let at = hashDouble(words, i, v) & mask;
    for (;;) {
      const held = slots[at];
      if (held !== held) {
        // -0 is stored as 0, so that both read back as the one value they are.
        slots[at] = v === 0 ? 0 : v;
        if (counts) counts[at] = 1;
        distinct++;
        if (distinct >= stopAt) return { missing: missing + countMissing(values, i + 1), distinct, atLeast: true };
        break;
      }
      if (held === v) {
        if (counts) counts[at]++;
        break;
      }
      at = (at + 1) & mask;
    }
  }
  if (!counts || distinct > keepUpTo) return { missing, distinct };
  const kept: { value: number; count: number }[] = [];
  for (let at = 0; at < size; at++) if (slots[at] === slots[at]) kept.push({ value: slots[at], count: counts[at] });
  kept.sort((a, b) => b.count - a.count || a.value - b.value);
  return { missing, distinct, values: kept };
}
