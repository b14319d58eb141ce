/** The drop_duplicates step: the fix the duplicate-rows warning offers. */
import { describe, expect, it } from 'vitest';
import { dropDuplicates } from '../../src/core/steps/drop-duplicates';
import { findStepKind } from '../../src/core/steps/registry';
import { tableFromStrings } from '../../src/core/table/kinds';
import { cellText, type Table } from '../../src/core/table/table';

const table = (columns: Record<string, string[]>): Table => ({
  ...tableFromStrings(Object.keys(columns), Object.values(columns)).table,
  rowIds: Int32Array.from(Object.values(columns)[0], (_, i) => i),
});
const rowsOf = (t: Table) => Array.from({ length: t.rowCount }, (_, r) => t.columns.map((c) => cellText(c, r)).join('|'));

const data = () =>
  table({
    x: ['1', '2', '1', '3', '1', 'NA', 'NA'],
    c: ['a', 'b', 'a', 'a', 'a', 'b', 'b'],
    y: ['p', 'q', 'p', 'p', 'q', 'p', 'p'],
  });

describe('drop_duplicates', () => {
  it('is registered', () => {
    expect(findStepKind('drop_duplicates')).toBe(dropDuplicates);
  });

  it('keeps the first of each group of identical rows (target included), and each kept row its source id', () => {
    const t = data();
    const out = dropDuplicates.apply(t, dropDuplicates.fit(t, {}, { target: 'y' }));
    // Row 2 repeats row 0; row 4 differs from row 0 only in its label; rows 5 and 6 (missing x) are equal.
    expect(Array.from(out.rowIds ?? [])).toEqual([0, 1, 3, 4, 5]);
    expect(rowsOf(out)).toEqual(['1|a|p', '2|b|q', '3|a|p', '1|a|q', '|b|p']);
  });

  it('compares only the chosen columns when some are chosen', () => {
    const t = data();
    const out = dropDuplicates.apply(t, dropDuplicates.fit(t, { columns: ['c'] }, { target: 'y' }));
    expect(Array.from(out.rowIds ?? [])).toEqual([0, 1]);
  });

  it('leaves a prediction file (no target column) whole', () => {
    const t = data();
    const state = dropDuplicates.fit(t, {}, { target: 'y' });
    const scoring: Table = { ...t, columns: t.columns.filter((c) => c.name !== 'y') };
    expect(dropDuplicates.apply(scoring, state)).toBe(scoring);
  });

  it('refuses the target as a compared column, by name', () => {
    expect(() => dropDuplicates.fit(data(), { columns: ['y'] }, { target: 'y' })).toThrow(/Step "Drop duplicate rows": column "y" is the target/);
  });

  it('returns the same table when nothing repeats', () => {
    const t = table({ x: ['1', '2', '3'], y: ['a', 'a', 'b'] });
    expect(dropDuplicates.apply(t, dropDuplicates.fit(t, {}, { target: 'y' }))).toBe(t);
  });
});
