import { describe, expect, it } from 'vitest';
import {
  booleanCategories,
  codedColumn,
  dateColumn,
  numericColumn,
  parseDate,
  parseNumber,
  tableFromStrings,
} from '../../src/core/table/kinds';
import { cellText, type Column } from '../../src/core/table/table';

const kindsOf = (columns: Record<string, string[]>) =>
  tableFromStrings(Object.keys(columns), Object.values(columns)).table.columns.map((c) => c.kind);

function only<K extends Column['kind']>(column: Column, kind: K): Column & { kind: K } {
  expect(column.kind).toBe(kind);
  return column as Column & { kind: K };
}

describe('parseNumber', () => {
  it('reads plain decimal numbers', () => {
    expect(['1', '-2.5', '+3', '.5', '5.', '1e3', '-1.5E-2', ' 7 ', '0', '08123'].map(parseNumber)).toEqual([
      1, -2.5, 3, 0.5, 5, 1000, -0.015, 7, 0, 8123,
    ]);
  });
  it('refuses what is not one', () => {
    for (const s of ['', '  ', 'abc', '1,000', '1 000', 'Infinity', '-Infinity', '1e999', '0x1F', '0b101', '0o17', 'NaN', '-', '12a']) {
      expect(parseNumber(s), s).toBeNaN();
    }
  });
});

describe('parseDate', () => {
  it('reads ISO-like dates and date-times as epoch ms UTC', () => {
    expect(parseDate('2024-01-31')).toBe(Date.UTC(2024, 0, 31));
    expect(parseDate('2024/01/31')).toBe(Date.UTC(2024, 0, 31));
    expect(parseDate('2024-1-5')).toBe(Date.UTC(2024, 0, 5));
    expect(parseDate('2024-01-31T10:00:00Z')).toBe(Date.UTC(2024, 0, 31, 10));
    expect(parseDate('2024-01-31 10:00')).toBe(Date.UTC(2024, 0, 31, 10));
    expect(parseDate('2024-01-31T10:00:00.25+02:00')).toBe(Date.UTC(2024, 0, 31, 8, 0, 0, 250));
    expect(parseDate('2024-01-31T10:00:00-0530')).toBe(Date.UTC(2024, 0, 31, 15, 30));
    expect(parseDate('0050-06-01')).toBe(new Date('0050-06-01T00:00:00Z').getTime());
  });
  it('refuses impossible dates and other text', () => {
    for (const s of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-01-31T24:00', '2024-01/31', '31/01/2024', '20240131', 'Jan 31 2024', '']) {
      expect(parseDate(s), s).toBeNaN();
    }
  });
});

describe('kind inference', () => {
  it('numeric: every non-missing value is a number; 0/1 stay numeric', () => {
    expect(kindsOf({ a: ['1', '2.5', '-3'], b: ['0', '1', '1'], c: ['1', 'NA', ''] })).toEqual(['numeric', 'numeric', 'numeric']);
    const c = only(tableFromStrings(['c'], [['1', 'NA', '', '-', '?']]).table.columns[0], 'numeric');
    expect(Array.from(c.values)).toEqual([1, NaN, NaN, NaN, NaN]);
  });

  it('boolean: one pair of words, any case, false first', () => {
    expect(kindsOf({ a: ['yes', 'no'], b: ['TRUE', 'FALSE', ''], c: ['T', 'F'], d: ['y', 'n', 'y'] })).toEqual(['boolean', 'boolean', 'boolean', 'boolean']);
    const col = only(codedColumn('b', ['Yes', 'No', 'Yes', ''], new Set()), 'boolean');
    expect(col.categories).toEqual(['No', 'Yes']);
    expect(Array.from(col.codes)).toEqual([1, 0, 1, -1]);
  });

  it('boolean: a column holding only one word still gets both, in its case', () => {
    expect(booleanCategories(['Yes'])).toEqual(['No', 'Yes']);
    expect(booleanCategories(['FALSE'])).toEqual(['FALSE', 'TRUE']);
    expect(booleanCategories(['t'])).toEqual(['f', 't']);
    expect(booleanCategories(['N'])).toEqual(['N', 'Y']);
  });

  it('boolean: not for mixed pairs, three values or two spellings of one value', () => {
    expect(booleanCategories(['yes', 'f'])).toBeNull();
    expect(booleanCategories(['yes', 'Yes'])).toBeNull();
    expect(booleanCategories(['yes', 'no', 'maybe'])).toBeNull();
    expect(booleanCategories(['1', '0'])).toBeNull();
    expect(kindsOf({ a: ['yes', 'no', 'maybe'] })).toEqual(['categorical']);
  });

  it('date: ISO-like dates, missing tokens allowed', () => {
    expect(kindsOf({ a: ['2024-01-31', '2024-02-01T10:00:00Z', 'NA', ''], b: ['2024/01/31', 'soon'] })).toEqual(['date', 'categorical']);
    const d = dateColumn('a', ['2024-01-31', ''], new Set());
    expect(d && cellText(d, 0)).toBe('2024-01-31T00:00:00.000Z');
  });

  it('categorical: few distinct values, categories sorted by code unit', () => {
    const col = only(codedColumn('c', ['b', 'a', 'B', 'b', '', '10', '9'], new Set()), 'categorical');
    expect(col.categories).toEqual(['10', '9', 'B', 'a', 'b']);
    expect(Array.from(col.codes)).toEqual([4, 3, 2, 4, -1, 0, 1]);
  });

  it('categorical up to 50 distinct values, or up to half the non-missing cells; text beyond', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `id${i}`);
    expect(kindsOf({ a: ids(50) })).toEqual(['categorical']);
    expect(kindsOf({ a: ids(51) })).toEqual(['text']);
    // 60 distinct among 120 cells: half, so categorical.
    expect(kindsOf({ a: [...ids(60), ...ids(60)] })).toEqual(['categorical']);
    expect(kindsOf({ a: [...ids(61), ...ids(59)] })).toEqual(['text']);
    // Missing cells do not count towards the share.
    expect(kindsOf({ a: [...ids(60), ...ids(60), ...Array<string>(100).fill('')] })).toEqual(['categorical']);
    const text = only(tableFromStrings(['a'], [[...ids(51), '']]).table.columns[0], 'text');
    expect(text.values.at(-1)).toBeNull();
  });

  it('an all-missing column is categorical with no categories', () => {
    const { table } = tableFromStrings(['n', 'empty'], [['1', '2'], ['', ' ']]);
    const col = only(table.columns[1], 'categorical');
    expect(col.categories).toEqual([]);
    expect(Array.from(col.codes)).toEqual([-1, -1]);
  });
});

describe('missing-value tokens', () => {
  it('are missing in categorical columns when the file uses them in numeric ones', () => {
    const { table, missingTokens } = tableFromStrings(['mass', 'sex'], [['3750', 'NA', '4000'], ['male', 'NA', 'female']]);
    expect(missingTokens).toEqual(['NA']);
    const sex = only(table.columns[1], 'categorical');
    expect(sex.categories).toEqual(['female', 'male']);
    expect(Array.from(sex.codes)).toEqual([1, -1, 0]);
  });

  it('stay categories when no numeric column uses them', () => {
    const { table, missingTokens } = tableFromStrings(['n', 'answer'], [['1', '2', ''], ['?', 'no idea', 'NA']]);
    expect(missingTokens).toEqual([]);
    expect(only(table.columns[1], 'categorical').categories).toEqual(['?', 'NA', 'no idea']);
  });

  it('count only from columns that are numeric in the end', () => {
    // "-" in a column that turns out categorical is a value there, not a missing marker.
    const { missingTokens, table } = tableFromStrings(['code', 'grade'], [['a', '-', 'b'], ['x', '-', 'y']]);
    expect(missingTokens).toEqual([]);
    expect(only(table.columns[1], 'categorical').categories).toEqual(['-', 'x', 'y']);
  });

  it('are listed in a fixed order and include those of date columns', () => {
    const { missingTokens } = tableFromStrings(['a', 'b'], [['1', 'null', '?'], ['2024-01-01', 'N/A', '']]);
    expect(missingTokens).toEqual(['N/A', 'null', '?']);
  });

  it('numericColumn leaves tokens it met out when the column is not numeric', () => {
    const used = new Set<string>();
    expect(numericColumn('x', ['1', 'NA', 'abc'], used)).toBeNull();
    expect(used.size).toBe(0);
  });
});

describe('parseDate fast path', () => {
  it('agrees with Date.UTC on plain ISO dates across centuries and leap years', () => {
    for (const s of ['1970-01-01', '2024-02-29', '2000-02-29', '1900-03-01', '0001-01-01', '1969-12-31', '2399-12-31', '2024-12-31']) {
      const [y, m, d] = s.split('-').map(Number);
      const expected = new Date(0);
      expected.setUTCFullYear(y, m - 1, d);
      expected.setUTCHours(0, 0, 0, 0);
      expect(parseDate(s), s).toBe(expected.getTime());
    }
  });

  it('refuses impossible plain dates', () => {
    for (const s of ['2023-02-29', '1900-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-01-00']) expect(parseDate(s), s).toBeNaN();
  });
});
