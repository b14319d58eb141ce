/**
 * The contract every registered step kind keeps (scikit-learn's estimator checks, in spirit):
 * plain-JSON state, train-only fitting, the target left alone, inputs not mutated, prediction
 * tables without the target, and a clear error for a column that is gone.
 */
import { describe, expect, it } from 'vitest';
import { defaultParams, paramProblems } from '../../src/core/params';
import { fitStep } from '../../src/core/pipeline/transform';
import type { ParamValue } from '../../src/core/pipeline/spec';
import { stepKinds } from '../../src/core/steps/registry';
import { codedColumn } from '../../src/core/table/kinds';
import { getColumn, takeRows, type CategoricalColumn, type Column, type Table } from '../../src/core/table/table';

const context = { target: 'y' };

function fixture(): Table {
  const columns: Column[] = [
    { name: 'x', kind: 'numeric', values: Float64Array.from([1, 2, NaN, 4, 5, 6, 7, 8, 0, 3, 2, 1]) },
    { name: 'z', kind: 'numeric', values: Float64Array.from([10, 12, 9, 30, 11, 10, 14, 50, 13, 12, 11, 10]) },
    codedColumn('color', ['red', 'blue', 'red', '', 'green', 'blue', 'red', 'blue', 'green', 'red', 'blue', 'green'], new Set()),
    codedColumn('flag', ['yes', 'no', 'no', 'yes', '', 'no', 'yes', 'no', 'yes', 'no', 'yes', 'no'], new Set()),
    { name: 'd', kind: 'date', values: Float64Array.from({ length: 12 }, (_, i) => Date.UTC(2024, 0, 1 + 9 * i, i)) },
    {
      name: 't',
      kind: 'text',
      values: ['good cheap', 'bad', 'good good', null, 'cheap and bad', 'fine', 'good', 'bad value', 'value', 'good', 'bad', 'cheap'],
    },
    codedColumn('y', ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'b', 'a', 'b', 'a'], new Set()),
  ];
  return { rowCount: 12, columns };
}

/** Rows 9–11 are test rows: what they hold must not reach any fitted state. */
const isTrain = Uint8Array.from({ length: 12 }, (_, r) => (r < 9 ? 1 : 0));

function perturbTestRows(table: Table): Table {
  const columns = table.columns.map((c): Column => {
    switch (c.kind) {
      case 'numeric':
      case 'date':
        return { ...c, values: c.values.map((v, r) => (r < 9 || c.name === 'y' ? v : v * 1000 + 7)) };
      case 'categorical':
      case 'boolean':
        if (c.name === 'y') return c;
        return { ...c, categories: [...c.categories, 'unseen'], codes: c.codes.map((code, r) => (r < 9 ? code : c.categories.length)) };
      case 'text':
        return { ...c, values: c.values.map((v, r) => (r < 9 ? v : 'novel words only here')) };
    }
  });
  return { ...table, columns };
}

/** Parameters that have no usable default (a column to act on). */
const PARAMS: Record<string, Record<string, ParamValue>> = {
  filter_rows: { column: 'x', operator: '>', value: '1' },
  cast_kind: { column: 'color', to: 'text' },
  drop_columns: { columns: ['z'] },
  hash_columns: { columns: ['color', 't', 'x'], salt: 'pepper' },
  select_columns: { columns: ['x', 'color'] },
};

const paramsOf = (kind: string) => PARAMS[kind] ?? {};

/** A table as plain data, for deep comparison. */
function snapshot(table: Table) {
  return {
    rowCount: table.rowCount,
    columns: table.columns.map((c) => ({ ...c, values: 'values' in c ? Array.from(c.values as ArrayLike<unknown>) : undefined, codes: 'codes' in c ? Array.from(c.codes) : undefined })),
  };
}

function strictJson(state: unknown): string {
  return JSON.stringify(state, (_key, value) => {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`state holds ${value}`);
    if (ArrayBuffer.isView(value)) throw new Error('state holds a typed array');
    return value;
  });
}

const labels = (table: Table) => {
  const y = getColumn(table, 'y') as CategoricalColumn;
  return Array.from(y.codes, (code) => y.categories[code]);
};

const withoutColumn = (table: Table, name: string): Table => ({ ...table, columns: table.columns.filter((c) => c.name !== name) });

describe('the step registry', () => {
  it('has unique kinds, each with a title, a description and valid default parameters', () => {
    expect(new Set(stepKinds.map((s) => s.kind)).size).toBe(stepKinds.length);
    for (const step of stepKinds) {
      expect(step.title, step.kind).not.toBe('');
      expect(step.description, step.kind).not.toBe('');
      // A required column has no sensible default: the only problem a fresh node may show is asking for it.
      const required = Object.entries(step.params).filter(([, p]) => p.type === 'column' && p.required).map(([key]) => `${key}: choose a column`);
      expect(paramProblems(step.params, defaultParams(step.params)), step.kind).toEqual(required);
      expect(paramProblems(step.params, paramsOf(step.kind)), step.kind).toEqual([]);
    }
  });
});

describe.each(stepKinds.flatMap((s) => (s.fitRows ? [[s.kind, s, s.fitRows] as const] : [])))('%s, fitted in place (fitRows)', (kind, step, fitRows) => {
  it('learns from row positions of the whole table what fit learns from a copy of those rows', () => {
    const rows = Int32Array.of(8, 0, 3, 2, 1, 6, 5, 7, 4);
    expect(fitRows(fixture(), rows, paramsOf(kind), context)).toEqual(step.fit(takeRows(fixture(), rows), paramsOf(kind), context));
  });
});

describe.each(stepKinds.map((s) => [s.kind, s] as const))('%s', (kind, step) => {
  const train = () => takeRows(fixture(), [0, 1, 2, 3, 4, 5, 6, 7, 8]);

  it('fits a plain-JSON state (no NaN or Infinity) that round-trips and applies identically', () => {
    const state = step.fit(train(), paramsOf(kind), context);
    const revived = JSON.parse(strictJson(state));
    expect(revived).toEqual(state);
    expect(snapshot(step.apply(fixture(), revived))).toEqual(snapshot(step.apply(fixture(), state)));
  });

  it('learns from the training rows only', () => {
    const node = { id: 'n', kind, params: paramsOf(kind) };
    const before = fitStep(node, fixture(), isTrain, { target: 'y' });
    const after = fitStep(node, perturbTestRows(fixture()), isTrain, { target: 'y' });
    expect(after.state).toEqual(before.state);
  });

  it('leaves the target and its input alone, and transforms a prediction table without the target', () => {
    const table: Table = { ...fixture(), rowIds: Int32Array.from({ length: 12 }, (_, i) => i) };
    const untouched = snapshot(table);
    const state = step.fit(train(), paramsOf(kind), context);
    const out = step.apply(table, state);
    expect(snapshot(table)).toEqual(untouched);
    // Rows may be dropped (filter_rows), but each kept row keeps its own label.
    const kept = Array.from(out.rowIds ?? []);
    expect(labels(out)).toEqual(kept.map((r) => labels(table)[r]));
    const predicted = step.apply(withoutColumn(table, 'y'), state);
    expect(predicted.columns.map((c) => c.name)).toEqual(out.columns.map((c) => c.name).filter((n) => n !== 'y'));
  });

  it('names a column it needs but cannot find', () => {
    const state = step.fit(train(), paramsOf(kind), context);
    let needed = 0;
    for (const column of fixture().columns) {
      if (column.name === 'y') continue;
      let message = '';
      try {
        step.apply(withoutColumn(fixture(), column.name), state);
      } catch (e) {
        message = (e as Error).message;
      }
      if (message) expect(message).toBe(`Step "${step.title}": column "${column.name}" is not in the data`);
      if (message) needed++;
    }
    // Every kind acts on some column of the fixture, so some removal must be noticed.
    expect(needed).toBeGreaterThan(0);
  });

  const { fitTransform } = step;
  if (fitTransform) it('transforms its own training rows into the same columns as apply', () => {
    const fitted = fitTransform(train(), paramsOf(kind), context);
    const applied = step.apply(train(), step.fit(train(), paramsOf(kind), context));
    expect(fitted.state).toEqual(step.fit(train(), paramsOf(kind), context));
    expect(fitted.table.rowCount).toBe(9);
    expect(fitted.table.columns.map((c) => [c.name, c.kind])).toEqual(applied.columns.map((c) => [c.name, c.kind]));
  });
});
