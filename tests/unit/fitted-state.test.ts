/** A fitted step's state as readable lines: checked on states the real steps fit, and on hand-made shapes. */
import { describe, expect, it } from 'vitest';
import { describeFittedState } from '../../src/core/pipeline/fitted-state';
import { impute } from '../../src/core/steps/impute';
import { oneHot } from '../../src/core/steps/one-hot';
import { codedColumn } from '../../src/core/table/kinds';
import type { Table } from '../../src/core/table/table';

describe('describeFittedState', () => {
  it('flattens records to dotted keys, lists to a few items with how many more, numbers to four significant digits', () => {
    const lines = describeFittedState({
      numeric: { income: 52341.678, age: 37 },
      categorical: { city: 'Oslo', note: '' },
      columns: { colour: Array.from({ length: 15 }, (_, i) => `c${i}`) },
      flag: true,
      means: new Float64Array([0.123456, 2]),
      none: {},
    });
    expect(lines).toEqual([
      { key: 'numeric.income', value: '52340' },
      { key: 'numeric.age', value: '37' },
      { key: 'categorical.city', value: 'Oslo' },
      { key: 'categorical.note', value: '""' },
      { key: 'columns.colour', value: 'c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11 … (+3 more)' },
      { key: 'flag', value: 'yes' },
      { key: 'means', value: '0.1235, 2' },
      { key: 'none', value: '—' },
    ]);
  });

  it('a step that learns nothing (an empty state, or none) has no lines', () => {
    expect(describeFittedState({})).toEqual([]);
    expect(describeFittedState(undefined)).toEqual([]);
    expect(describeFittedState(null)).toEqual([]);
  });

  it('cuts a large state at 40 lines, the last saying how many were left out', () => {
    const state = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`col${i}`, i]));
    const lines = describeFittedState(state);
    expect(lines).toHaveLength(40);
    expect(lines[38]).toEqual({ key: 'col38', value: '38' });
    expect(lines[39]).toEqual({ key: '…', value: '61 more values' });
  });

  it("reads what impute and one-hot encode fit on a table: the fill values and the categories kept", () => {
    const table: Table = {
      rowCount: 4,
      columns: [
        { name: 'x', kind: 'numeric', values: Float64Array.from([1, 2, NaN, 10]) },
        codedColumn('city', ['Oslo', 'Rome', 'Oslo', ''], new Set([''])),
      ],
    };
    const context = { target: 'y' };
    expect(describeFittedState(impute.fit(table, { numeric: 'median' }, context))).toEqual(
      expect.arrayContaining([
        { key: 'numeric.x', value: '2' },
        { key: 'categorical.city', value: 'Oslo' },
      ]),
    );
    expect(describeFittedState(oneHot.fit(table, {}, context))).toEqual(expect.arrayContaining([{ key: 'columns.city', value: 'Oslo, Rome' }]));
  });
});

