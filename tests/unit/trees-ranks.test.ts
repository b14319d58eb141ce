/**
 * The bucket index over sorted thresholds (ranks.ts) counts the values below a number exactly as a
 * plain count does: on spread and clustered thresholds, for the thresholds themselves, their nearest
 * neighbours on either side, values far outside and ±∞; and it declines arrays its buckets cannot
 * split finely enough.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketIndex, countBelowOne } from '../../src/core/models/trees/ranks';

/** The next double above (or below, step −1) a finite x. */
function adjacent(x: number, step: 1 | -1): number {
  if (x === 0) return step * Number.MIN_VALUE;
  const bits = new BigInt64Array(Float64Array.of(x).buffer);
  bits[0] += BigInt(x > 0 ? step : -step);
  return new Float64Array(bits.buffer)[0];
}

function plainCount(sorted: Float64Array, v: number): number {
  let n = 0;
  for (const t of sorted) if (t < v) n++;
  return n;
}

describe('the bucket index over thresholds', () => {
  it('counts the thresholds below any value exactly as a plain count', () => {
    // Values spread over a range of any scale and offset, some on a grid of eighths (exact ties with bucket edges).
    const spread = fc.tuple(fc.constantFrom(1e-9, 1, 1e9), fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.array(fc.oneof(fc.integer({ min: 0, max: 1e6 }).map((k) => k / 1e4), fc.integer({ min: 0, max: 800 }).map((k) => k / 8)), { minLength: 8, maxLength: 300 }));
    const thresholds = spread.map(([scale, offset, units]) => units.map((u) => offset + scale * u));
    let indexed = 0;
    fc.assert(
      fc.property(thresholds, fc.array(fc.double({ noNaN: true }), { maxLength: 50 }), (list, extra) => {
        const sorted = Float64Array.from(new Set(list.map((t) => t + 0))).sort();
        const index = bucketIndex(sorted);
        if (!index) return;
        indexed++;
        const probes = [...sorted, ...sorted.map((t) => adjacent(t, 1)), ...sorted.map((t) => adjacent(t, -1)), ...extra, Infinity, -Infinity, 1e308, -1e308, 0, -0];
        for (const v of probes) expect(countBelowOne(index, v)).toBe(plainCount(sorted, v));
      }),
      { numRuns: 200 },
    );
    // Most of those arrays are spread enough to be indexed: the property is not vacuous.
    expect(indexed).toBeGreaterThan(100);
  });

  it('declines too few values, infinite ends and clusters a bucket cannot split', () => {
    expect(bucketIndex(Float64Array.of(1, 2, 3))).toBeNull();
    expect(bucketIndex(Float64Array.of(-Infinity, 1, 2, 3, 4, 5, 6, 7))).toBeNull();
    expect(bucketIndex(Float64Array.of(1, 2, 3, 4, 5, 6, 7, Infinity))).toBeNull();
    // Seven values within 1e-9 of each other and one a million away share the first bucket.
    expect(bucketIndex(Float64Array.of(0, 1e-12, 2e-12, 3e-12, 4e-12, 5e-12, 6e-12, 1e6))).toBeNull();
    expect(bucketIndex(Float64Array.from({ length: 40 }, (_, k) => k * 0.5))).not.toBeNull();
  });
});
