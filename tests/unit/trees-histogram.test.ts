/** Gradient histograms: the sums of a node's rows per feature and bin, and the subtraction trick. */
import { describe, expect, it } from 'vitest';
import { COUNT, FIELDS, G, H, histogramLayout, histogramSource, localHistograms, newHistogram, subtractHistogram, type Histogram } from '../../src/core/models/trees/histogram';
import { seededRng } from '../../src/core/random';

const rng = seededRng(17);
const n = 500;
const nonMissingBins = Int32Array.of(3, 7, 1, 12, 5);
const features = nonMissingBins.length;
const layout = histogramLayout(nonMissingBins);
// Each feature's bins run 0 … nonMissingBins (the last being its missing-value bin).
const binned = new Uint8Array(n * features);
for (let f = 0; f < features; f++) for (let i = 0; i < n; i++) binned[f * n + i] = Math.floor(rng() * (nonMissingBins[f] + 1));
const g = Float32Array.from({ length: n }, () => rng() - 0.5);
const h = Float32Array.from({ length: n }, () => rng());

/** The histogram summed the obvious way. */
function bruteForce(rows: ArrayLike<number>): Histogram {
  const out = newHistogram(layout.binStart[features] * FIELDS);
  for (const r of Array.from(rows)) {
    for (let f = 0; f < features; f++) {
      const k = (layout.binStart[f] + binned[f * n + r]) * FIELDS;
      out[k + G] += g[r];
      out[k + H] += h[r];
      out[k + COUNT]++;
    }
  }
  return out;
}

function histogramOf(rows: Uint32Array, start: number, end: number): Histogram {
  // Filled with garbage: building sets every number.
  const out = newHistogram(layout.binStart[features] * FIELDS).fill(7);
  localHistograms(histogramSource(layout, binned, n), rows).build(out, start, end, g, h);
  return out;
}

function expectClose(actual: Histogram, expected: Histogram): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 9);
}

describe('histograms', () => {
  it('hold each feature only its own bins, its missing-value bin last', () => {
    expect([...layout.binStart]).toEqual([0, 4, 12, 14, 27, 33]);
  });

  // In row order, as the brute force adds them: the same sums exactly.
  it("sum the root's rows per feature and bin", () => {
    const all = Uint32Array.from({ length: n }, (_, i) => i);
    expect(histogramOf(all, 0, n)).toEqual(bruteForce(all));
  });

  it("sum a node's rows, a stretch of the partition in any order", () => {
    const rows = Uint32Array.from({ length: n }, (_, i) => (i * 7919) % n);
    expect(histogramOf(rows, 120, 333)).toEqual(bruteForce(rows.subarray(120, 333)));
  });

  it("give the larger child as the parent's minus the smaller's", () => {
    const rows = Uint32Array.from({ length: n }, (_, i) => i);
    const parent = histogramOf(rows, 0, 400);
    const small = histogramOf(rows, 0, 150);
    subtractHistogram(parent, small);
    expectClose(parent, bruteForce(rows.subarray(150, 400)));
  });
});
