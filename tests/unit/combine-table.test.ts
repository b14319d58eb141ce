/** Appending and joining tables, checked against a plain row-by-row computation over the cells' text. */
import { describe, expect, it } from 'vitest';
import { appendTables, joinTables, type JoinKey } from '../../src/core/table/combine';
import { tableFromStrings } from '../../src/core/table/kinds';
import { seededRng } from '../../src/core/random';
import { cellText, type Table } from '../../src/core/table/table';

/** A table typed as a file would be, from a header and rows of cells. */
function table(header: string[], rows: string[][]): Table {
  return tableFromStrings(header, header.map((_, c) => rows.map((r) => r[c]))).table;
}

/** Rows as records of display text ('' where missing). */
function records(t: Table): Record<string, string>[] {
  return Array.from({ length: t.rowCount }, (_, r) => Object.fromEntries(t.columns.map((c) => [c.name, cellText(c, r)])));
}

/** The join as a nested loop over records: keys equal as text, or as numbers when `numeric`. */
function naiveJoin(left: Record<string, string>[], right: Record<string, string>[], keys: JoinKey[], how: 'inner' | 'left', rightColumns: [string, string][], numeric = false) {
  const same = (a: string, b: string) => a !== '' && b !== '' && (numeric ? Number(a.trim()) === Number(b.trim()) && !Number.isNaN(Number(b.trim())) : a === b);
  const out: Record<string, string>[] = [];
  for (const l of left) {
    const found = right.filter((r) => keys.every((k) => same(l[k.left], r[k.right])));
    const pad = (r?: Record<string, string>) => ({ ...l, ...Object.fromEntries(rightColumns.map(([from, to]) => [to, r ? r[from] : ''])) });
    if (found.length) for (const r of found) out.push(pad(r));
    else if (how === 'left') out.push(pad());
  }
  return out;
}

function randomRows(seed: number, n: number, keys: number, withMissing: boolean) {
  const rng = seededRng(seed);
  return Array.from({ length: n }, () => [withMissing && rng() < 0.1 ? '' : String(Math.floor(rng() * keys)), ['red', 'green', 'blue'][Math.floor(rng() * 3)], (rng() * 100).toFixed(2)]);
}

describe('joinTables', () => {
  const left = table(['id', 'colour', 'b'], randomRows(1, 60, 12, true));
  const right = table(['id', 'shade', 'b'], randomRows(2, 25, 15, true));
  const keys = [{ left: 'id', right: 'id' }];

  for (const how of ['inner', 'left'] as const) {
    it(`${how} join equals a nested loop, with duplicate and missing keys on both sides`, () => {
      const { table: joined, report } = joinTables(left, right, { keys, how, suffix: '_right' });
      const expected = naiveJoin(records(left), records(right), keys, how, [['shade', 'shade'], ['b', 'b_right']]);
      expect(records(joined)).toEqual(expected);
      expect(joined.columns.map((c) => c.name)).toEqual(['id', 'colour', 'b', 'shade', 'b_right']);
      expect(report.rows).toBe(expected.length);
      expect(report.renamed).toEqual([{ from: 'b', to: 'b_right' }]);
      const leftKeys = records(left).map((r) => r.id);
      const rightKeys = records(right).map((r) => r.id);
      const count = (k: string) => rightKeys.filter((x) => x === k && k !== '').length;
      expect(report.unmatchedLeft).toBe(leftKeys.filter((k) => count(k) === 0).length);
      expect(report.multiplied).toBe(leftKeys.filter((k) => count(k) > 1).length);
      expect(report.missingKeys).toBe(leftKeys.filter((k) => k === '').length);
      expect(report.unmatchedRight).toBe(rightKeys.filter((k) => k === '' || !leftKeys.includes(k)).length);
      expect(report.multiplied).toBeGreaterThan(0);
      expect(report.missingKeys).toBeGreaterThan(0);
    });
  }

  it('matches composite keys named differently on each side', () => {
    const l = table(['a', 'b', 'v'], [['1', 'x', '10'], ['1', 'y', '11'], ['2', 'x', '12'], ['3', 'z', '13']]);
    const r = table(['k1', 'k2', 'w'], [['1', 'y', 'p'], ['2', 'x', 'q'], ['2', 'x', 'r'], ['1', 'z', 's']]);
    const pairs = [{ left: 'a', right: 'k1' }, { left: 'b', right: 'k2' }];
    const { table: joined } = joinTables(l, r, { keys: pairs, how: 'left', suffix: '_r' });
    expect(records(joined)).toEqual(naiveJoin(records(l), records(r), pairs, 'left', [['w', 'w']]));
    expect(records(joined).map((x) => x.w)).toEqual(['', 'p', 'q', 'r', '']);
  });

  it('compares a numeric key with a text key by number, and says so', () => {
    const l = table(['id', 'v'], [['1', 'a'], ['2', 'b'], ['3', 'c'], ['4', 'd']]);
    const r = table(['id', 'w'], [['01', 'one'], ['2.0', 'two'], ['x', 'nope'], ['3', 'three'], ['b', 'nope']]);
    expect(r.columns[0].kind).toBe('categorical');
    const { table: joined, report } = joinTables(l, r, { keys: [{ left: 'id', right: 'id' }], how: 'inner', suffix: '_r' });
    expect(records(joined)).toEqual(naiveJoin(records(l), records(r), [{ left: 'id', right: 'id' }], 'inner', [['w', 'w']], true));
    expect(records(joined).map((x) => x.w)).toEqual(['one', 'two', 'three']);
    expect(report.keyKinds).toEqual([{ left: 'id', right: 'id', leftKind: 'numeric', rightKind: 'categorical', comparedAs: 'number' }]);
    expect(report.unmatchedRight).toBe(2);
  });

  it('refuses a number key against a date key, and a key that is not a column', () => {
    const l = table(['k', 'v'], [['1', 'a'], ['2', 'b']]);
    const r = table(['k', 'w'], [['2024-01-01', 'a'], ['2024-01-02', 'b']]);
    expect(r.columns[0].kind).toBe('date');
    expect(() => joinTables(l, r, { keys: [{ left: 'k', right: 'k' }], how: 'inner', suffix: '_r' })).toThrow(/Cannot join "k" \(numeric\) with "k" \(date\)/);
    expect(() => joinTables(l, r, { keys: [{ left: 'k', right: 'nope' }], how: 'inner', suffix: '_r' })).toThrow(/Join key "nope" is not a column of the right input \(columns: k, w\)/);
  });

  it('keeps suffixing until a right column name is free', () => {
    const l = table(['k', 'v', 'v_r'], [['1', 'a', 'b']]);
    const r = table(['k', 'v'], [['1', 'c']]);
    const { table: joined, report } = joinTables(l, r, { keys: [{ left: 'k', right: 'k' }], how: 'inner', suffix: '_r' });
    expect(joined.columns.map((c) => c.name)).toEqual(['k', 'v', 'v_r', 'v_r_r']);
    expect(records(joined)).toEqual([{ k: '1', v: 'a', v_r: 'b', v_r_r: 'c' }]);
    expect(report.renamed).toEqual([{ from: 'v', to: 'v_r_r' }]);
  });
});

describe('appendTables', () => {
  const a = table(['x', 'g', 'only_a'], [['1', 'red', 'p'], ['2', 'blue', 'q']]);
  const b = table(['g', 'x'], [['green', '3'], ['red', '']]);
  const c = table(['x', 'g'], [['n/a', 'blue'], ['5', 'green']]);

  it('stacks rows matching columns by name, and leaves out (or keeps) columns not in every input', () => {
    const common = appendTables([a, b, c], 'common');
    expect(common.table.columns.map((col) => col.name)).toEqual(['x', 'g']);
    const expected = [...records(a), ...records(b), ...records(c)].map((r) => ({ x: r.x, g: r.g }));
    expect(records(common.table)).toEqual(expected);
    expect(common.report).toEqual({ rowsIn: [2, 2, 2], differing: [{ name: 'only_a', missingFrom: [1, 2] }], reconciled: [] });
    const g = common.table.columns[1];
    expect(g.kind === 'categorical' && [...g.categories].sort()).toEqual(['blue', 'green', 'red']);

    const all = appendTables([a, b, c], 'all');
    expect(records(all.table).map((r) => r.only_a)).toEqual(['p', 'q', '', '', '', '']);
    expect(all.table.rowIds).toBeUndefined();
  });

  it('stacks a column typed differently as categories of its text, and reports it', () => {
    const numeric = table(['code', 'y'], [['1', 'a'], ['2', 'b']]);
    const labels = table(['code', 'y'], [['A7', 'a'], ['', 'b']]);
    const { table: stacked, report } = appendTables([numeric, labels], 'common');
    expect(report.reconciled).toEqual([{ name: 'code', kinds: ['numeric', 'categorical'], as: 'categorical' }]);
    expect(stacked.columns[0].kind).toBe('categorical');
    expect(records(stacked).map((r) => r.code)).toEqual(['1', '2', 'A7', '']);
  });

  it('unions the categories of booleans and categories into one dictionary', () => {
    const flags = table(['f'], [['true'], ['false']]);
    const words = table(['f'], [['maybe'], ['true']]);
    expect(flags.columns[0].kind).toBe('boolean');
    const { table: stacked } = appendTables([flags, words], 'common');
    expect(stacked.columns[0].kind).toBe('categorical');
    expect(records(stacked).map((r) => r.f)).toEqual(['true', 'false', 'maybe', 'true']);
  });
});
