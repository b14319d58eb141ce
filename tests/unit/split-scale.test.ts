/**
 * Splits of millions of rows (the issue: `push(...bucket)` overflowed the stack at 500,000 rows):
 * stratified and random splits, folds and fixed splits read from a 2,000,000-entry index file, checked
 * for their sizes, disjointness, coverage and class ratios, counted independently here.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTestRows } from '../../src/cli/test-rows';
import { fixedSplit, foldRows, RowIndexError, splitRows, type RowSplit } from '../../src/core/pipeline/split';
import { seededRng } from '../../src/core/random';

const N = 2_000_000;

/** Rows 0 … n−1 of classes 0, 1, 2 in shares of about 70 %, 25 % and 5 %, shuffled by a seeded generator. */
function skewedClasses(n: number): Int32Array {
  const rng = seededRng(11);
  const classes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng();
    classes[i] = u < 0.7 ? 0 : u < 0.95 ? 1 : 2;
  }
  return classes;
}

const allRows = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/** Where two lists first differ ('none' when equal): a deep toEqual of millions of entries takes seconds. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number | 'none' {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return 'none';
}

/** Each side strictly ascending, no row on both, and every row of `rows` on one side. */
function expectPartition(split: RowSplit, rows: Int32Array, size: number): void {
  const side = new Uint8Array(size);
  for (const [array, mark] of [[split.train, 1], [split.test, 2]] as const) {
    for (let i = 0; i < array.length; i++) {
      if (i > 0 && array[i] <= array[i - 1]) throw new Error(`not ascending at ${i}`);
      if (side[array[i]] !== 0) throw new Error(`row ${array[i]} is on both sides`);
      side[array[i]] = mark;
    }
  }
  let covered = 0;
  for (const r of rows) if (side[r] !== 0) covered++;
  expect(covered).toBe(rows.length);
  expect(split.train.length + split.test.length).toBe(rows.length);
}

describe('a split of 2,000,000 rows', () => {
  const classes = skewedClasses(N);
  const rows = allRows(N);

  it('stratified: each class gives round(n × 0.2) test rows, so the test side keeps the class ratios', () => {
    const split = splitRows(rows, classes, { test_fraction: 0.2, stratify: true, seed: 42 });
    expectPartition(split, rows, N);
    const perClass = [0, 0, 0];
    for (const c of classes) perClass[c]++;
    const inTest = [0, 0, 0];
    for (const r of split.test) inTest[classes[r]]++;
    expect(inTest).toEqual(perClass.map((n) => Math.round(n * 0.2)));
    expect(split.test.length).toBe(inTest[0] + inTest[1] + inTest[2]);
    // The same seed gives the same rows; another seed other rows.
    expect(firstDifference(splitRows(rows, classes, { test_fraction: 0.2, stratify: true, seed: 42 }).test, split.test)).toBe('none');
    expect(firstDifference(splitRows(rows, classes, { test_fraction: 0.2, stratify: true, seed: 7 }).test, split.test)).not.toBe('none');
  });

  it('random: round(N × fraction) test rows drawn from every part of the table', () => {
    const split = splitRows(rows, classes, { test_fraction: 0.3, stratify: false, seed: 1 });
    expectPartition(split, rows, N);
    expect(split.test.length).toBe(Math.round(N * 0.3));
    // A uniform draw puts about 30 % of each tenth of the table on the test side (±1 % of it).
    const tenths = new Array<number>(10).fill(0);
    for (const r of split.test) tenths[Math.floor(r / (N / 10))]++;
    for (const t of tenths) expect(Math.abs(t / (N / 10) - 0.3)).toBeLessThan(0.01);
  });

  it('of labelled rows that are not 0 … n−1: returns those row ids', () => {
    const labelled = Int32Array.from({ length: N / 2 }, (_, i) => 2 * i + 1);
    const split = splitRows(labelled, null, { test_fraction: 0.2, stratify: false, seed: 3 });
    expectPartition(split, labelled, N);
    expect(split.test.filter((r) => r % 2 === 0).length).toBe(0);
  });

  it('into 5 stratified folds: every fold holds a fifth of each class, give or take one row', () => {
    const fold = foldRows(rows, classes, 5, 9);
    const counts = Array.from({ length: 5 }, () => [0, 0, 0]);
    for (let i = 0; i < N; i++) counts[fold[i]][classes[i]]++;
    const perClass = [0, 1, 2].map((c) => counts.reduce((n, f) => n + f[c], 0));
    for (const f of counts) for (const c of [0, 1, 2]) expect(Math.abs(f[c] - perClass[c] / 5)).toBeLessThanOrEqual(1);
  });
});

describe('a fixed split from a 2,000,000-entry index file', () => {
  const rowCount = 2_500_000;

  it('reads the file into typed arrays and splits on exactly those rows', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'split-scale-'));
    const rng = seededRng(5);
    // Every fifth row a test row, the rest in a shuffled order as a file written by hand might have them.
    const test = Array.from({ length: rowCount / 5 }, (_, i) => 5 * i);
    const train = Array.from({ length: rowCount }, (_, i) => i).filter((i) => i % 5 !== 0);
    for (let i = train.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [train[i], train[j]] = [train[j], train[i]];
    }
    const file = join(dir, 'split.json');
    await writeFile(file, JSON.stringify({ test_indices: test, train_indices: train }));
    expect(test.length + train.length).toBeGreaterThanOrEqual(N);

    const fixed = await readTestRows(file);
    expect(fixed.test).toBeInstanceOf(Int32Array);
    expect(fixed.train).toBeInstanceOf(Int32Array);
    // Rows 1 and 2 have no target value: they are left out, and counted.
    const labelled = allRows(rowCount).filter((r) => r !== 1 && r !== 2);
    const split = fixedSplit(labelled, fixed, rowCount);
    expect(firstDifference(split.test, test)).toBe('none');
    const expectedTrain = Int32Array.from(train.filter((r) => r !== 1 && r !== 2)).sort();
    expect(firstDifference(split.train, expectedTrain)).toBe('none');
    expect(split.leftOut).toEqual({ unread: 0, unlabelled: 2 });
  });

  it('counts rows the reader left out: later indices move up one table row for each, and those rows are left out', () => {
    // Data rows 3 and 10 were not read: the table's row 3 is data row 4, its row 8 data row 10 + 1 = 11.
    const table = 20;
    const split = fixedSplit(allRows(table), { test: Int32Array.of(3, 4, 11, 21), unread: Int32Array.of(3, 10) }, table);
    expect(Array.from(split.test)).toEqual([3, 9, 19]);
    expect(split.leftOut).toEqual({ unread: 1, unlabelled: 0 });
    expect(split.train.length).toBe(table - 3);
  });

  it('names out-of-range, repeated and two-sided indices: the first five of each and their count', () => {
    const test = Int32Array.from({ length: N }, (_, i) => i);
    test[10] = 3_000_000;
    test[20] = 3_000_001;
    test[30] = 5;
    const train = Int32Array.of(7, 2_000_001);
    let error: unknown;
    try {
      fixedSplit(allRows(N), { test, train }, N);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RowIndexError);
    const message = (error as Error).message;
    expect(message).toContain("test rows: 2 row indices are beyond the file's 2,000,000 data rows, 0 to 1,999,999: 3000000, 3000001");
    expect(message).toContain('test rows: 1 row index is given more than once: 5');
    expect(message).toContain('training rows: 1 row index is test rows too: 7');
    expect(message).toContain('training rows: 1 row index is beyond');
  });

  it('lists five bad indices and the count when there are many', () => {
    const test = Int32Array.from({ length: 1000 }, (_, i) => 100 + i);
    expect(() => fixedSplit(allRows(50), { test }, 50)).toThrow("test rows: 1,000 row indices are beyond the file's 50 data rows, 0 to 49: 100, 101, 102, 103, 104, …");
  });
});
