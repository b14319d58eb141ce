/** Each data-quality warning fires on a small table made to show it, and not on a clean one. */
import { describe, expect, it } from 'vitest';
import { profileDataset } from '../../src/core/profile/dataset';
import { findDuplicateRows } from '../../src/core/quality/duplicates';
import { LEAKAGE_THRESHOLD, leakageScores } from '../../src/core/quality/leakage';
import type { QualityWarning, WarningKind } from '../../src/core/quality/warning';
import { tableFromStrings } from '../../src/core/table/kinds';
import type { Table } from '../../src/core/table/table';

const N = 80;
const table = (columns: Record<string, string[]>): Table => tableFromStrings(Object.keys(columns), Object.values(columns)).table;
const col = (f: (i: number) => string | number) => Array.from({ length: N }, (_, i) => String(f(i)));

/** Deterministic noise in [0, 1). */
const noise = (i: number, salt = 1) => (((i + 1) * 2654435761 * salt) >>> 0) / 4294967296;

/** A clean table: two informative-but-noisy numbers, a category, and a balanced target. */
function clean(): Record<string, string[]> {
  return {
    height: col((i) => (150 + 40 * noise(i, 3)).toFixed(1)),
    weight: col((i) => (50 + 30 * noise(i, 5)).toFixed(1)),
    colour: col((i) => ['red', 'green', 'blue'][Math.floor(noise(i, 7) * 3)]),
    label: col((i) => (noise(i, 11) < 0.5 ? 'a' : 'b')),
  };
}

const warnings = (columns: Record<string, string[]>, target = 'label') => profileDataset(table(columns), target).warnings;
const ofKind = (list: QualityWarning[], kind: WarningKind) => list.filter((w) => w.kind === kind);

describe('a clean table', () => {
  it('raises no warning at all', () => {
    expect(warnings(clean())).toEqual([]);
  });
});

describe('each warning', () => {
  it('constant column → drop it', () => {
    const [w] = ofKind(warnings({ ...clean(), site: col(() => 'lab 1') }), 'constant');
    expect(w).toMatchObject({ columns: ['site'], severity: 'high', fix: { type: 'step', kind: 'drop_columns', params: { columns: ['site'] } } });
    expect(w.message).toContain('"lab 1"');
  });

  it('mostly missing column → impute below 95% missing, drop above', () => {
    const some = ofKind(warnings({ ...clean(), score: col((i) => (i % 3 === 0 ? String(noise(i)) : 'NA')) }), 'mostly_missing');
    expect(some).toHaveLength(1);
    expect(some[0].fix).toMatchObject({ kind: 'impute', params: { columns: ['score'], add_indicator: true } });
    const almostAll = ofKind(warnings({ ...clean(), score: col((i) => (i === 0 ? '1.5' : i === 1 ? '2.5' : 'NA')) }), 'mostly_missing');
    expect(almostAll[0]).toMatchObject({ severity: 'high', fix: { kind: 'drop_columns', params: { columns: ['score'] } } });
  });

  it('identifier-like column (row numbers, uuids) → drop it', () => {
    const ids = warnings({ ...clean(), row_id: col((i) => i + 1), uuid: col((i) => `${(noise(i, 13) * 1e9).toFixed(0)}-abcd`) });
    expect(ofKind(ids, 'identifier').map((w) => w.columns[0]).sort()).toEqual(['row_id', 'uuid']);
    expect(ofKind(ids, 'identifier')[0].fix).toMatchObject({ kind: 'drop_columns' });
  });

  it('duplicate rows → count, examples with row numbers, drop_duplicates', () => {
    const c = clean();
    for (const name of Object.keys(c)) {
      c[name][10] = c[name][3];
      c[name][20] = c[name][3];
      c[name][30] = c[name][7];
    }
    const [w] = ofKind(warnings(c), 'duplicates');
    expect(w.message).toMatch(/^3 rows repeat an earlier row/);
    expect(w.examples).toEqual([
      // A table not read from a file: rows named by their 1-based position.
      { row: 10, value: 'same as row 4' },
      { row: 20, value: 'same as row 4' },
      { row: 30, value: 'same as row 8' },
    ]);
    expect(w.fix).toEqual({ type: 'step', kind: 'drop_duplicates', params: {}, label: 'Drop duplicate rows' });
  });

  it('stray text in a numeric column → the cells and their rows', () => {
    const [w] = ofKind(warnings({ ...clean(), price: col((i) => (i === 4 ? 'n/k' : i === 9 ? 'about 3' : (noise(i, 17) * 10).toFixed(2))) }), 'stray_text');
    expect(w.columns).toEqual(['price']);
    expect(w.examples).toEqual([
      { row: 4, value: 'n/k' },
      { row: 9, value: 'about 3' },
    ]);
    expect(w.message).toContain('2 cells');
    expect(w.fix).toMatchObject({ type: 'step', kind: 'cast_kind', params: { column: 'price', to: 'numeric', invalid: 'missing' } });
  });

  it('numeric codes with few values → cast to categorical', () => {
    const [w] = ofKind(warnings({ ...clean(), grade: col((i) => 1 + Math.floor(noise(i, 19) * 4)) }), 'numeric_codes');
    expect(w.fix).toMatchObject({ kind: 'cast_kind', params: { column: 'grade', to: 'categorical' } });
  });

  it('high-cardinality categorical → target encoding', () => {
    // 40 categories, each used twice: categorical (at most half the cells distinct), not an identifier.
    const [w] = ofKind(warnings({ ...clean(), city: col((i) => `city ${i % 40}`) }), 'high_cardinality');
    expect(w).toMatchObject({ columns: ['city'], fix: { kind: 'target_encode', params: { columns: ['city'] } } });
  });

  it('extreme class imbalance → balanced class weights on the model', () => {
    const [w] = ofKind(warnings({ ...clean(), label: col((i) => (i % 40 === 0 ? 'fraud' : 'ok')) }), 'imbalance');
    expect(w.message).toContain('"fraud" has 2 rows against 78');
    expect(w.fix).toEqual({ type: 'model_param', param: 'class_weight', value: 'balanced', label: 'Use balanced class weights' });
    // 1 : 4 is imbalanced, but not extremely.
    expect(ofKind(warnings({ ...clean(), label: col((i) => (i % 5 === 0 ? 'x' : 'y')) }), 'imbalance')).toEqual([]);
  });

  it('leakage: a copy of the target (categorical and numeric) → drop it', () => {
    const c = clean();
    const [w] = ofKind(warnings({ ...c, label_copy: [...c.label] }), 'leakage');
    expect(w).toMatchObject({ columns: ['label_copy'], severity: 'high', fix: { kind: 'drop_columns', params: { columns: ['label_copy'] } } });
    const regression = { ...clean(), price: col((i) => (100 * noise(i, 23)).toFixed(2)) };
    const leaks = ofKind(warnings({ ...regression, price_again: [...regression.price] }, 'price'), 'leakage');
    expect(leaks.map((x) => x.columns[0])).toEqual(['price_again']);
  });
});

describe('leakageScores', () => {
  it('scores a target copy ~1, noise near chance, and an identifier (one group per row) no better than chance', () => {
    const c = clean();
    const t = table({ ...c, copy: [...c.label], id: col((i) => `id-${i}`) });
    const scores = Object.fromEntries(leakageScores(t, profileDataset(t).columns, 'label', 'classification').map((s) => [s.column, s.score]));
    expect(scores.copy).toBe(1);
    expect(scores.height).toBeLessThan(LEAKAGE_THRESHOLD);
    expect(scores.id).toBeUndefined(); // text: skipped
  });
});

describe('findDuplicateRows', () => {
  it('counts missing cells as equal and tells -0 from nothing else', () => {
    const t = table({ a: ['1', 'NA', '1', 'NA', '0', '-0'], b: ['x', '', 'x', '', 'y', 'y'] });
    expect(findDuplicateRows(t)).toEqual({ count: 3, examples: [{ row: 2, of: 0 }, { row: 3, of: 1 }, { row: 5, of: 4 }] });
  });
});
