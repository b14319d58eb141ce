/** Binning: scikit-learn's bin edges bit for bit, the missing-value bin, and categorical bins. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binColumns, fitBinMapper, sortDoubles } from '../../src/core/models/trees/binning';
import { seededRng } from '../../src/core/random';

interface BinningFixture {
  rows: number;
  columns: Record<string, (number | null)[]>;
  edges: Record<string, Record<string, number[]>>;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/trees/binning.json', import.meta.url), 'utf8')) as BinningFixture;
const column = (values: (number | null)[]) => Float64Array.from(values, (v) => (v === null ? NaN : v));

describe('numeric bin edges', () => {
  const names = Object.keys(fixture.columns);
  const data = { rows: fixture.rows, columns: names.map((n) => column(fixture.columns[n])) };
  for (const maxBins of [255, 16]) {
    it(`equal scikit-learn's _BinMapper edges exactly with max_bins ${maxBins}`, () => {
      const mapper = fitBinMapper(data, names.map((name) => ({ name })), { maxBins, seed: 0 });
      names.forEach((name, j) => {
        expect([...mapper.edges[j]], name).toEqual(fixture.edges[String(maxBins)][name]);
        expect(mapper.nonMissingBins[j]).toBe(fixture.edges[String(maxBins)][name].length + 1);
      });
    });
  }

  it('put x in bin b when edge[b − 1] < x ≤ edge[b], and missing values in the bin after the last', () => {
    const values = Float64Array.of(1, 2, 2, 3, 5, NaN, 8);
    const mapper = fitBinMapper({ rows: 7, columns: [values] }, [{ name: 'x' }], { maxBins: 255, seed: 0 });
    expect([...mapper.edges[0]]).toEqual([1.5, 2.5, 4, 6.5]);
    expect([...binColumns(mapper, { rows: 4, columns: [Float64Array.of(1.5, 1.6, 6.5, 100)] })]).toEqual([0, 1, 3, 4]);
    expect([...binColumns(mapper, { rows: 7, columns: [values] })]).toEqual([0, 1, 1, 2, 3, 5, 4]);
  });

  it('give an entirely missing column no edges: every row in its missing-value bin', () => {
    const mapper = fitBinMapper({ rows: 3, columns: [Float64Array.of(NaN, NaN, NaN)] }, [{ name: 'empty' }], { maxBins: 255, seed: 0 });
    expect(mapper.edges[0].length).toBe(0);
    expect([...binColumns(mapper, { rows: 3, columns: [Float64Array.of(NaN, NaN, NaN)] })]).toEqual([1, 1, 1]);
  });

  it('learn from a seeded subsample above 200,000 rows: same seed, same edges', () => {
    const n = 210_000;
    const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453));
    const fit = (seed: number) => fitBinMapper({ rows: n, columns: [values] }, [{ name: 'u' }], { maxBins: 255, seed }).edges[0];
    expect(fit(3)).toEqual(fit(3));
    expect(fit(3)).not.toEqual(fit(4));
    // Quantiles of a uniform sample: the 128th of 255 bins' edge is near the median.
    expect(fit(3)[127]).toBeCloseTo(0.5, 1);
  });
});

describe('categorical bins', () => {
  it('give each category seen in training a bin, and unseen categories the missing-value bin', () => {
    const codes = Float64Array.of(0, 2, 2, NaN, 3);
    const mapper = fitBinMapper({ rows: 5, columns: [codes] }, [{ name: 'c', categories: ['a', 'b', 'c', 'd'] }], { maxBins: 255, seed: 0 });
    expect([...mapper.categoryBins[0]!]).toEqual([0, 3, 1, 2]);
    expect(mapper.nonMissingBins[0]).toBe(3);
    expect(mapper.categoryCounts[0]).toBe(4);
    expect([...binColumns(mapper, { rows: 5, columns: [codes] })]).toEqual([0, 1, 1, 3, 2]);
  });

  it('keep the most frequent max_bins categories and group the rarer ones with the missing values', () => {
    // Category c appears c + 1 times (ties impossible): with 4 bins, categories 6…9 keep theirs.
    const rows: number[] = [];
    for (let c = 0; c < 10; c++) for (let k = 0; k <= c; k++) rows.push(c);
    const names = Array.from({ length: 10 }, (_, c) => `c${c}`);
    const mapper = fitBinMapper({ rows: rows.length, columns: [Float64Array.from(rows)] }, [{ name: 'c', categories: names }], { maxBins: 4, seed: 0 });
    expect([...mapper.categoryBins[0]!]).toEqual([4, 4, 4, 4, 4, 4, 0, 1, 2, 3]);
    expect(mapper.nonMissingBins[0]).toBe(4);
  });
});

describe('sorting the sampled values', () => {
  it('orders numbers as the built-in sort does, −0 before 0, on arrays large enough for the radix sort', () => {
    const rng = seededRng(8);
    const special = [0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1];
    // Rounded values (many ties), magnitudes across the whole range, and the special values, in a buffer at an offset.
    const buffer = new Float64Array(150_001);
    const values = buffer.subarray(1);
    for (let i = 0; i < values.length; i++) {
      const kind = i % 3;
      values[i] = kind === 0 ? Math.round((rng() * 2 - 1) * 1e3) / 1e3 : kind === 1 ? (rng() - 0.5) * 10 ** Math.floor(rng() * 600 - 300) : special[i % special.length];
    }
    const expected = values.slice().sort();
    sortDoubles(values);
    expect(buffer[0]).toBe(0);
    // Written out so that −0 and 0 differ in the comparison.
    const written = (a: Float64Array) => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : v));
    expect(written(values)).toEqual(written(expected));
  });
});
