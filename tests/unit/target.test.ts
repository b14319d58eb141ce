/** Which column to predict: the suggestion with its reason, and what predicting each column means. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/csv/parse';
import { tableFromStrings } from '../../src/core/table/kinds';
import { suggestTarget, targetOptions } from '../../src/core/table/target';
import type { Table } from '../../src/core/table/table';

const table = (columns: Record<string, string[]>): Table => tableFromStrings(Object.keys(columns), Object.values(columns)).table;
const rows = (at: (i: number) => string, n = 40) => Array.from({ length: n }, (_, i) => at(i));
const numbers = rows((i) => String((i * 7.3) % 19));
const classes = rows((i) => ['a', 'b', 'c'][i % 3]);

describe('suggestTarget', () => {
  it("prefers the dataset's known target when the table has it", () => {
    const t = table({ a: numbers, Label: classes, z: numbers });
    expect(suggestTarget(t, 'z')).toEqual({ target: 'z', reason: "the dataset's known target", known: true });
    expect(suggestTarget(t, 'missing')).toEqual({ target: 'Label', reason: 'a column named like a label', known: false });
  });

  it('takes names that say target, then words of names targets often have, then a lone y', () => {
    expect(suggestTarget(table({ outcome: numbers, b: classes })).target).toBe('outcome');
    expect(suggestTarget(table({ Survived: rows((i) => String(i % 2)), Pclass: rows((i) => String(1 + (i % 3))), Fare: numbers }))).toEqual({ target: 'Survived', reason: 'a column named "Survived", as targets often are', known: false });
    // diamonds: price beats its width column y.
    expect(suggestTarget(table({ carat: numbers, price: numbers, x: numbers, y: numbers, z: numbers })).target).toBe('price');
    expect(suggestTarget(table({ SalePrice: numbers, LotArea: numbers, Street: classes })).reason).toBe('a column named "SalePrice", as targets often are');
    expect(suggestTarget(table({ is_fraud: classes, amount: numbers, merchant: classes }))).toMatchObject({ target: 'is_fraud', reason: 'its name says "fraud"' });
    expect(suggestTarget(table({ x: numbers, y: numbers, colour: classes })).target).toBe('y');
  });

  it('otherwise a categorical column with few classes, the last or first before others', () => {
    expect(suggestTarget(table({ mass: numbers, sex: rows((i) => (i % 2 ? 'male' : 'female')), year: rows((i) => String(2007 + (i % 3))) }))).toEqual({
      target: 'sex',
      reason: 'a categorical column with 2 classes',
      known: false,
    });
    expect(suggestTarget(table({ species: classes, island: classes, mass: numbers }))).toMatchObject({ target: 'species', reason: 'a categorical column with 3 classes, the first column' });
    // Missing values make a column a less likely target.
    expect(suggestTarget(table({ a: classes, b: classes.map((c, i) => (i === 3 ? '' : c)), c: numbers })).target).toBe('a');
    expect(suggestTarget(table({ a: numbers, b: numbers, c: numbers }))).toMatchObject({ target: 'c', reason: 'a number (regression), the last column' });
  });

  it('never suggests an id, a date, free text or a constant, and falls back to the last column when nothing else is left', () => {
    const id = rows((i) => String(i + 1));
    const when = rows((i) => `2023-01-${String(1 + (i % 28)).padStart(2, '0')}`);
    const prose = rows((i) => `a few words about row ${i} and more`, 120);
    expect(suggestTarget(table({ kind: classes, amount: numbers, id })).target).toBe('kind');
    expect(suggestTarget(table({ kind: classes, amount: numbers, customer_id: rows((i) => `C${i}`) })).target).toBe('kind');
    expect(suggestTarget(table({ kind: classes, amount: numbers, when })).target).toBe('kind');
    expect(suggestTarget(table({ kind: classes, amount: numbers, same: rows(() => 'x') })).target).toBe('kind');
    expect(suggestTarget(table({ kind: rows((i) => ['a', 'b'][i % 2], 120), notes: prose })).target).toBe('kind');
    expect(suggestTarget(table({ id, when }))).toEqual({ target: 'when', reason: 'the last column (no column looks like a target)', known: false });
  });
});

describe('suggestTarget on the shared datasets', () => {
  const dir = new URL('../../../shared/datasets/', import.meta.url);
  const manifest = JSON.parse(readFileSync(new URL('MANIFEST.json', dir), 'utf8')) as { datasets: { name: string; file: string; target: string }[] };

  it('suggests the known target of every one of them, without being told', async () => {
    const suggested: Record<string, string> = {};
    for (const d of manifest.datasets) {
      const { table: t } = await parseCsv(new Uint8Array(readFileSync(new URL(d.file, dir))));
      suggested[d.name] = suggestTarget(t).target;
    }
    expect(suggested).toEqual(Object.fromEntries(manifest.datasets.map((d) => [d.name, d.target])));
  });
});

describe('targetOptions', () => {
  it('gives each column its task, the classes of a classification, and why dates, text and constants cannot be targets', () => {
    const n = 60;
    const t = table({
      species: rows((i) => ['a', 'b', 'c'][i % 3], n),
      codes: rows((i) => String(i % 4), n),
      mass: rows((i) => String(i / 7), n),
      when: rows((i) => `2023-02-${String(1 + (i % 28)).padStart(2, '0')}`, n),
      notes: rows((i) => `note number ${i}`, n),
      same: rows(() => 'x', n),
    });
    expect(targetOptions(t)).toEqual([
      { name: 'species', task: 'classification', classes: 3 },
      { name: 'codes', task: 'classification', classes: 4 },
      { name: 'mass', task: 'regression' },
      { name: 'when', unusable: 'dates' },
      { name: 'notes', unusable: 'free text' },
      { name: 'same', unusable: 'one value only' },
    ]);
  });
});
