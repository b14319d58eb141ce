import { describe, expect, it } from 'vitest';
import { inferTask, LOAD_DISTINCT_CAP, profileTable } from '../../src/core/table/profile';
import { tableFromStrings } from '../../src/core/table/kinds';
import { getColumn, type Table } from '../../src/core/table/table';

const table = (columns: Record<string, string[]>): Table => tableFromStrings(Object.keys(columns), Object.values(columns)).table;
const task = (values: string[]) => inferTask(table({ t: values }).columns[0]);

describe('profileTable', () => {
  it('counts missing cells and distinct non-missing values for every kind', () => {
    const t = table({
      num: ['1', '2', '2', 'NA', ''],
      when: ['2024-01-01', '2024-01-01', '', '2024-01-02', '2024-01-03'],
      cat: ['a', 'b', 'a', '', 'NA'],
      flag: ['yes', 'yes', '', 'yes', 'yes'],
    });
    // Built directly: five rows are too few to be inferred as text (more than 50 distinct values).
    const text = { name: 'text', kind: 'text' as const, values: ['x', 'y', null, 'x', 'z'] };
    const profiles = profileTable({ rowCount: 5, columns: [...t.columns, text] });
    expect(profiles).toEqual([
      { name: 'num', kind: 'numeric', missing: 2, unique: 2 },
      { name: 'when', kind: 'date', missing: 1, unique: 3 },
      { name: 'cat', kind: 'categorical', missing: 2, unique: 2 },
      // "no" is listed as a category but never used.
      { name: 'flag', kind: 'boolean', missing: 1, unique: 1 },
      { name: 'text', kind: 'text', missing: 1, unique: 3 },
    ]);
  });

  it('stops counting distinct numbers at the load cap and says so; missing cells stay exact', () => {
    const rows = LOAD_DISTINCT_CAP + 5_000;
    const values = Float64Array.from({ length: rows }, (_, i) => (i === rows - 1 ? NaN : i / 7));
    expect(profileTable({ rowCount: rows, columns: [{ name: 'x', kind: 'numeric', values }] })).toEqual([
      { name: 'x', kind: 'numeric', missing: 1, unique: LOAD_DISTINCT_CAP, uniqueAtLeast: true },
    ]);
  });
});

describe('inferTask', () => {
  it('classification for categorical and boolean columns', () => {
    expect(task(['a', 'b', 'a'])).toBe('classification');
    expect(task(['yes', 'no'])).toBe('classification');
  });
  it('classification for numbers with at most 10 distinct integers', () => {
    expect(task(['0', '1', '1', 'NA'])).toBe('classification');
    expect(task(Array.from({ length: 100 }, (_, i) => String(i % 10)))).toBe('classification');
  });
  it('regression for other numbers', () => {
    expect(task(Array.from({ length: 100 }, (_, i) => String(i % 11)))).toBe('regression');
    expect(task(['1', '2', '2.5'])).toBe('regression');
  });
  it('refuses dates and free text as targets', () => {
    expect(() => task(['2024-01-01', '2024-02-01'])).toThrow(/Column "t" holds dates and cannot be the target/);
    const ids = Array.from({ length: 60 }, (_, i) => `id ${i}`);
    expect(() => inferTask(getColumn(table({ notes: ids }), 'notes'))).toThrow(/holds free text and cannot be the target/);
  });
});
