/** Steps that choose columns and rows, or change a column's kind. */
import { describe, expect, it } from 'vitest';
import { castKind } from '../../src/core/steps/cast-kind';
import { dropColumns } from '../../src/core/steps/drop-columns';
import { filterRows } from '../../src/core/steps/filter-rows';
import { selectColumns } from '../../src/core/steps/select-columns';
import { codedColumn } from '../../src/core/table/kinds';
import { cellText, getColumn, type CategoricalColumn, type Table } from '../../src/core/table/table';

const context = { target: 'y' };

function people(): Table {
  return {
    rowCount: 5,
    columns: [
      { name: 'age', kind: 'numeric', values: Float64Array.from([30, NaN, 12, 45, 9]) },
      codedColumn('city', ['Oslo', 'Bergen', '', 'Oslo', 'Tromsø'], new Set()),
      codedColumn('member', ['yes', 'no', 'yes', '', 'no'], new Set()),
      { name: 'joined', kind: 'date', values: Float64Array.from([Date.UTC(2020, 0, 1), Date.UTC(2021, 5, 1), NaN, Date.UTC(2019, 2, 3), Date.UTC(2022, 1, 1)]) },
      { name: 'note', kind: 'text', values: ['likes skiing', null, 'new here', 'Skiing coach', 'x'] },
      { name: 'y', kind: 'numeric', values: Float64Array.from([1, 0, 1, 0, 1]) },
    ],
    rowIds: Int32Array.from([10, 11, 12, 13, 14]),
  };
}

const names = (t: Table) => t.columns.map((c) => c.name);
const column = (t: Table, name: string) => Array.from({ length: t.rowCount }, (_, r) => cellText(getColumn(t, name), r));

describe('select_columns and drop_columns', () => {
  it('keeps the chosen columns and the target, in table order, also on prediction tables without it', () => {
    const state = selectColumns.fit(people(), { columns: ['note', 'age'] }, context);
    expect(names(selectColumns.apply(people(), state))).toEqual(['age', 'note', 'y']);
    const prediction = { ...people(), columns: people().columns.filter((c) => c.name !== 'y') };
    expect(names(selectColumns.apply(prediction, state))).toEqual(['age', 'note']);
    expect(names(selectColumns.apply(people(), selectColumns.fit(people(), {}, context)))).toEqual(names(people()));
  });

  it('drops the chosen columns, never the target, and nothing when none are chosen', () => {
    expect(names(dropColumns.apply(people(), dropColumns.fit(people(), { columns: ['city', 'note'] }, context)))).toEqual(['age', 'member', 'joined', 'y']);
    expect(names(dropColumns.apply(people(), dropColumns.fit(people(), {}, context)))).toEqual(names(people()));
    expect(() => dropColumns.fit(people(), { columns: ['y'] }, context)).toThrow('Step "Drop columns": column "y" is the target, which preprocessing steps leave alone');
  });

  it('names a chosen column that is not in the data', () => {
    expect(() => selectColumns.fit(people(), { columns: ['agee'] }, context)).toThrow('Step "Select columns": column "agee" is not in the data');
    expect(() => dropColumns.fit(people(), { columns: ['agee'] }, context)).toThrow('Step "Drop columns": column "agee" is not in the data');
  });
});

describe('filter_rows', () => {
  const kept = (params: Record<string, string>) => {
    const out = filterRows.apply(people(), filterRows.fit(people(), params, context));
    return Array.from(out.rowIds ?? []);
  };

  it('compares numeric columns as numbers; a missing cell meets only "is missing"', () => {
    expect(kept({ column: 'age', operator: '>=', value: '12' })).toEqual([10, 12, 13]);
    expect(kept({ column: 'age', operator: '<', value: '12' })).toEqual([14]);
    expect(kept({ column: 'age', operator: '!=', value: '30' })).toEqual([12, 13, 14]);
    expect(kept({ column: 'age', operator: '==', value: '45.0' })).toEqual([13]);
    expect(kept({ column: 'age', operator: 'is missing', value: '' })).toEqual([11]);
    expect(kept({ column: 'age', operator: 'is not missing', value: '' })).toEqual([10, 12, 13, 14]);
  });

  it('compares categories, booleans and text as text, and dates as dates', () => {
    expect(kept({ column: 'city', operator: '==', value: 'Oslo' })).toEqual([10, 13]);
    expect(kept({ column: 'city', operator: '>', value: 'Oslo' })).toEqual([14]); // "Tromsø" sorts after "Oslo"
    expect(kept({ column: 'member', operator: '==', value: 'no' })).toEqual([11, 14]);
    expect(kept({ column: 'note', operator: 'contains', value: 'skiing' })).toEqual([10]); // case matters
    expect(kept({ column: 'joined', operator: '<', value: '2020-06-01' })).toEqual([10, 13]);
  });

  it('keeps the other columns aligned with the kept rows', () => {
    const out = filterRows.apply(people(), filterRows.fit(people(), { column: 'city', operator: '==', value: 'Oslo' }, context));
    expect(column(out, 'note')).toEqual(['likes skiing', 'Skiing coach']);
    expect(column(out, 'y')).toEqual(['1', '0']);
  });

  it('refuses a value the column cannot compare, an empty column choice and the target', () => {
    expect(() => filterRows.fit(people(), { column: 'age', operator: '>', value: 'old' }, context)).toThrow(
      'Step "Filter rows": column "age" is numeric, so the value must be a number; found "old"',
    );
    expect(() => filterRows.fit(people(), { column: 'joined', operator: '>', value: 'June' }, context)).toThrow(/must be a date such as 2024-01-31/);
    expect(() => filterRows.fit(people(), {}, context)).toThrow('Step "Filter rows": choose a column');
    expect(() => filterRows.fit(people(), { column: 'y', operator: '==', value: '1' }, context)).toThrow(/"y" is the target/);
  });
});

describe('cast_kind', () => {
  const cast = (column: string, to: string) => castKind.apply(people(), castKind.fit(people(), { column, to }, context));

  it('reads numbers as categories and categories as text, keeping missing cells missing', () => {
    const out = cast('age', 'categorical');
    expect(getColumn(out, 'age').kind).toBe('categorical');
    expect(column(out, 'age')).toEqual(['30', '', '12', '45', '9']);
    const text = cast('city', 'text');
    expect(getColumn(text, 'city')).toMatchObject({ kind: 'text', values: ['Oslo', 'Bergen', null, 'Oslo', 'Tromsø'] });
  });

  it('reads booleans as 0/1 and dates as milliseconds since 1970', () => {
    expect(Array.from((getColumn(cast('member', 'numeric'), 'member') as { values: Float64Array }).values)).toEqual([1, 0, 1, NaN, 0]);
    expect((getColumn(cast('joined', 'numeric'), 'joined') as { values: Float64Array }).values[0]).toBe(Date.UTC(2020, 0, 1));
  });

  it('reads numeric-looking categories as numbers, and names a value that is not one', () => {
    const t: Table = { rowCount: 3, columns: [codedColumn('code', ['7', '', '12'], new Set())] };
    const state = castKind.fit(t, { column: 'code', to: 'numeric' }, context);
    expect(Array.from((getColumn(castKind.apply(t, state), 'code') as { values: Float64Array }).values)).toEqual([7, NaN, 12]);
    expect(() => cast('city', 'numeric')).toThrow('Step "Cast kind": column "city" should hold numbers, found "Oslo" (row 1)');
  });

  it('reads two-valued columns as booleans (false first) and refuses a third value', () => {
    const t: Table = {
      rowCount: 4,
      columns: [codedColumn('paid', ['Yes', 'No', '', 'Yes'], new Set()), codedColumn('side', ['left', 'right', 'left', ''], new Set()), codedColumn('size', ['S', 'M', 'L', 'S'], new Set())],
    };
    const asBoolean = (column: string) => getColumn(castKind.apply(t, castKind.fit(t, { column, to: 'boolean' }, context)), column) as CategoricalColumn;
    expect(asBoolean('paid')).toMatchObject({ kind: 'boolean', categories: ['No', 'Yes'] });
    expect(Array.from(asBoolean('paid').codes)).toEqual([1, 0, -1, 1]);
    expect(asBoolean('side').categories).toEqual(['left', 'right']);
    expect(() => asBoolean('size')).toThrow('Step "Cast kind": column "size" holds 3 different values ("S", "M", "L"…); a boolean holds two');
  });

  it('reads date strings as dates, stopping at a non-date unless it should become missing', () => {
    const t: Table = { rowCount: 3, columns: [codedColumn('day', ['2024-01-31', 'soon', ''], new Set())] };
    const dates = (invalid: string) => Array.from((getColumn(castKind.apply(t, castKind.fit(t, { column: 'day', to: 'date', invalid }, context)), 'day') as { values: Float64Array }).values);
    expect(dates('missing')).toEqual([Date.UTC(2024, 0, 31), NaN, NaN]);
    expect(() => dates('stop')).toThrow('Step "Cast kind": column "day" should hold dates, found "soon" (row 2)');
  });

  it('turns stray text into missing cells when asked, in categorical and text columns alike', () => {
    const t: Table = {
      rowCount: 4,
      columns: [codedColumn('price', ['7.5', 'n/k', '', '12'], new Set()), { name: 'note', kind: 'text', values: ['3', 'about 3', null, '-2e1'] }],
    };
    const numbers = (column: string) => {
      const state = castKind.fit(t, { column, to: 'numeric', invalid: 'missing' }, context);
      return Array.from((getColumn(castKind.apply(t, state), column) as { values: Float64Array }).values);
    };
    expect(numbers('price')).toEqual([7.5, NaN, NaN, 12]);
    expect(numbers('note')).toEqual([3, NaN, NaN, -20]);
  });
});
