/** The rich profile's statistics, each checked against an independent computation. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/csv/parse';
import { describeColumn } from '../../src/core/profile/column';
import { pearson, correlationMatrix } from '../../src/core/profile/correlation';
import { profileDataset, profileParts } from '../../src/core/profile/dataset';
import { countFloats } from '../../src/core/profile/distinct';
import { quantilesInPlace } from '../../src/core/profile/quantiles';
import { tableFromStrings } from '../../src/core/table/kinds';
import type { Table } from '../../src/core/table/table';

/** A small deterministic generator (mulberry32), so that failures reproduce. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** numpy.quantile(method='linear') from a fully sorted copy. */
function referenceQuantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

const table = (columns: Record<string, string[]>): Table => tableFromStrings(Object.keys(columns), Object.values(columns)).table;

describe('quantilesInPlace', () => {
  const qs = [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1];
  it('matches a sorted-array reference on random data, with and without ties', () => {
    const next = random(7);
    for (const n of [1, 2, 3, 10, 101, 1000, 5003]) {
      for (const ties of [false, true]) {
        const values = Array.from({ length: n }, () => (ties ? Math.floor(next() * 5) : next() * 200 - 100));
        const got = quantilesInPlace(Float64Array.from(values), qs);
        qs.forEach((q, i) => expect(got[i], `n=${n} ties=${ties} q=${q}`).toBeCloseTo(referenceQuantile(values, q), 12));
      }
    }
  });
  it('handles sorted, reversed and constant input, and gives NaN when empty', () => {
    const up = Array.from({ length: 999 }, (_, i) => i);
    expect(quantilesInPlace(Float64Array.from(up), [0.25, 0.5])).toEqual([249.5, 499]);
    expect(quantilesInPlace(Float64Array.from(up.reverse()), [0.5, 1])).toEqual([499, 998]);
    expect(quantilesInPlace(new Float64Array(50_000).fill(3), [0.1, 0.9])).toEqual([3, 3]);
    expect(quantilesInPlace(new Float64Array(0), [0.5])).toEqual([NaN]);
  });
});

describe('countFloats', () => {
  it('counts distinct values and missing cells like a Set would, with 0 and -0 alike', () => {
    const next = random(3);
    const values = Float64Array.from({ length: 20_000 }, (_, i) => (i % 13 === 0 ? NaN : Math.round(next() * 3000) / 10));
    values[1] = 0;
    values[2] = -0;
    const present = Array.from(values).filter((v) => !Number.isNaN(v));
    expect(countFloats(values)).toEqual({ missing: values.length - present.length, distinct: new Set(present).size });
  });
  it('stops counting distinct values at stopAt, and still counts every missing cell', () => {
    const values = Float64Array.from({ length: 10_000 }, (_, i) => (i % 10 === 9 ? NaN : i));
    expect(countFloats(values, 0, 500)).toEqual({ missing: 1000, distinct: 500, atLeast: true });
    expect(countFloats(values, 0, 9000)).toEqual({ missing: 1000, distinct: 9000, atLeast: true });
    expect(countFloats(values, 0, 9001)).toEqual({ missing: 1000, distinct: 9000 });
  });
  it('returns value counts, most frequent first, when there are few values', () => {
    expect(countFloats(Float64Array.from([2, 1, 2, NaN, 3, 2, 1]), 5)).toEqual({
      missing: 1,
      distinct: 3,
      values: [{ value: 2, count: 3 }, { value: 1, count: 2 }, { value: 3, count: 1 }],
    });
  });
});

describe('describeColumn', () => {
  it('gives count, missing, mean, sample std, min, max and quantiles of a numeric column', () => {
    const d = describeColumn(table({ x: ['2', '4', '4', 'NA', '4', '5', '5', '7', '9.5'] }).columns[0]);
    const present = [2, 4, 4, 4, 5, 5, 7, 9.5];
    const mean = present.reduce((a, b) => a + b) / 8;
    const std = Math.sqrt(present.reduce((a, v) => a + (v - mean) ** 2, 0) / 7);
    expect(d).toMatchObject({ count: 8, missing: 1, distinct: 5 });
    expect(d.stats?.mean).toBeCloseTo(mean, 12);
    expect(d.stats?.std).toBeCloseTo(std, 12);
    expect(d.stats?.min).toBe(2);
    expect(d.stats?.max).toBe(9.5);
    for (const q of d.stats?.quantiles ?? []) expect(q.value).toBeCloseTo(referenceQuantile(present, q.p), 12);
    const h = d.histogram;
    expect(h?.counts.reduce((a, b) => a + b)).toBe(8);
    expect(h?.edges[0]).toBe(2);
    expect(h?.edges.at(-1)).toBe(9.5);
  });
  it('lists the top categories with counts, and bars for whole numbers with few values', () => {
    const cat = describeColumn(table({ c: ['b', 'a', 'b', '', 'c', 'b', 'a'] }).columns[0]);
    expect(cat).toMatchObject({ count: 6, missing: 1, distinct: 3, otherCount: 0 });
    expect(cat.top).toEqual([{ value: 'b', count: 3 }, { value: 'a', count: 2 }, { value: 'c', count: 1 }]);
    const codes = describeColumn(table({ n: ['1', '3', '3', '1', '3', '2'] }).columns[0]);
    expect(codes.top).toEqual([{ value: '3', count: 3 }, { value: '1', count: 2 }, { value: '2', count: 1 }]);
    expect(codes.histogram).toBeUndefined();
  });
});

describe('inferred types', () => {
  const rows = 60;
  const infer = (values: string[]) => describeColumn(table({ c: values }).columns[0]).inferred;
  it('tells integers, continuous numbers, row numbers and numeric codes apart', () => {
    expect(infer(Array.from({ length: rows }, (_, i) => String(i * 7 % 50)))).toMatchObject({ type: 'integer', confidence: 1 });
    expect(infer(Array.from({ length: rows }, (_, i) => String(i / 3)))).toMatchObject({ type: 'continuous' });
    const ids = infer(Array.from({ length: rows }, (_, i) => String(1000 + ((i * 37) % rows))));
    expect(ids.type).toBe('identifier');
    expect(ids.confidence).toBeGreaterThan(0.9);
    const codes = infer(Array.from({ length: rows }, (_, i) => String(1 + (i % 3))));
    expect(codes).toMatchObject({ type: 'categorical', suggestKind: 'categorical' });
    expect(codes.reason).toMatch(/3 distinct whole numbers/);
    expect(infer(Array.from({ length: rows }, (_, i) => String(i % 2)))).toMatchObject({ type: 'boolean' });
  });
  it('tells categories, identifiers and free text apart, and dates and booleans', () => {
    expect(infer(Array.from({ length: rows }, (_, i) => ['red', 'green', 'blue'][i % 3]))).toMatchObject({ type: 'categorical' });
    const uuids = infer(Array.from({ length: rows }, (_, i) => `${(i * 2654435761 >>> 0).toString(16)}-4a1b-9c2d`));
    expect(uuids.type).toBe('identifier');
    expect(infer(Array.from({ length: rows }, (_, i) => `the parcel number ${i} came late`))).toMatchObject({ type: 'text' });
    expect(infer(['2024-01-01', '2024-02-03', ''])).toMatchObject({ type: 'datetime', confidence: 1 });
    expect(infer(['yes', 'no', 'yes'])).toMatchObject({ type: 'boolean', confidence: 1 });
  });
  it('reads numbers with stray text as numeric, confidence the share of numbers', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i === 10 || i === 20 ? 'n/k' : String(i + 0.5)));
    expect(infer(values)).toMatchObject({ type: 'continuous', confidence: 0.98 });
  });
});

describe('Pearson correlation', () => {
  it('matches a hand computation, over rows where both are present', () => {
    // x̄ = 3, ȳ = 4, Σdxdy = 6, Σdx² = 10, Σdy² = 6: r = 6/√60.
    const x = Float64Array.from([1, 2, 3, 4, 5, NaN, 100]);
    const y = Float64Array.from([2, 4, 5, 4, 5, 80, NaN]);
    expect(pearson(x, y)).toBeCloseTo(6 / Math.sqrt(60), 12);
  });
  it('is ±1 for exact lines, null for a constant column, and symmetric in the matrix', () => {
    const t = table({ a: ['1', '2', '3', '4'], b: ['10', '8', '6', '4'], c: ['5', '5', '5', '5'], s: ['x', 'y', 'x', 'y'] });
    const { columns, matrix } = correlationMatrix(t);
    expect(columns).toEqual(['a', 'b', 'c']);
    expect(matrix[0][1]).toBeCloseTo(-1, 12);
    expect(matrix[1][0]).toBe(matrix[0][1]);
    expect(matrix[0][0]).toBe(1);
    expect(matrix[2]).toEqual([null, null, null]);
  });
  it('stays accurate for large offsets (epoch-sized values)', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5], (v) => 1.7e12 + v);
    const y = Float64Array.from([2, 4, 5, 4, 5], (v) => 1.7e12 + v);
    expect(pearson(x, y)).toBeCloseTo(6 / Math.sqrt(60), 9);
  });
});

describe('profileParts', () => {
  it('reports each column, then correlations and quality checks, and ends with the whole profile', () => {
    const t = table({ a: ['1', '2', '3'], b: ['x', 'y', 'x'] });
    const parts = profileParts(t, 'b');
    const phases: string[] = [];
    let next = parts.next();
    while (!next.done) {
      phases.push(`${next.value.done}/${next.value.total} ${next.value.phase}`);
      next = parts.next();
    }
    expect(phases).toEqual(['0/4 column "a"', '1/4 column "b"', '2/4 correlations', '3/4 quality checks']);
    const { ms: _ms, ...rest } = next.value;
    const { ms: _ms2, ...whole } = profileDataset(t, 'b');
    expect(rest).toEqual(whole);
  });
});

describe('a shared dataset against its manifest', () => {
  const root = new URL('../../../shared/datasets/', import.meta.url);
  const manifest = JSON.parse(readFileSync(new URL('MANIFEST.json', root), 'utf8')) as {
    datasets: { name: string; file: string; rows: number; target: string; class_counts?: Record<string, number>; missing_by_column: Record<string, number> }[];
  };
  for (const name of ['penguins', 'iris']) {
    it(`${name}: rows, missing cells per column and the target's class counts`, async () => {
      const d = manifest.datasets.find((x) => x.name === name);
      if (!d) throw new Error(`${name} is not in the manifest`);
      const { table: t } = await parseCsv(new Uint8Array(readFileSync(new URL(d.file, root))));
      const p = profileDataset(t, d.target);
      expect(p.rows).toBe(d.rows);
      for (const c of p.columns) expect(c.missing, c.name).toBe(d.missing_by_column[c.name] ?? 0);
      for (const c of p.columns) expect(c.count + c.missing, c.name).toBe(d.rows);
      expect(Object.fromEntries((p.target?.classes ?? []).map((c) => [c.value, c.count]))).toEqual(d.class_counts);
      // Real data, no planted problems: no leak, no constant or identifier column.
      expect(p.warnings.filter((w) => ['leakage', 'constant', 'identifier'].includes(w.kind))).toEqual([]);
      // pandas: iris.duplicated().sum() == 1 (row 142 repeats row 101); penguins has none. Under the
      // header line, data row r is on file line r + 2.
      expect(p.warnings.find((w) => w.kind === 'duplicates')?.examples ?? []).toEqual(name === 'iris' ? [{ row: 142, line: 144, value: 'same as line 103' }] : []);
    });
  }
});
