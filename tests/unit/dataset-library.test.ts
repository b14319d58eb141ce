import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/csv/parse';
import { cellText, type ColumnKind, type Table } from '../../src/core/table/table';
import {
  activateDataset,
  DatasetNotLoadedError,
  forgetDataset,
  loadedDataset,
  loadedDatasets,
  putDataset,
  renameDataset,
} from '../../src/engine/library';
import { applyColumnOverrides } from '../../src/engine/overrides';
import { csvRefusal } from '../../src/app/files';

const CSV = 'zip,size,city,label\n1001,2.5,Oslo,a\n1002,3,Bergen,b\n1001,4.5,Oslo,a\n';

async function table(): Promise<Table> {
  return (await parseCsv(CSV)).table;
}

function kinds(t: Table): Record<string, string> {
  return Object.fromEntries(t.columns.map((c) => [c.name, c.kind]));
}

describe("the engine's dataset library", () => {
  it('holds datasets by id, serves the active one when no id is given, and says which one is missing', async () => {
    const t = await table();
    expect(() => loadedDataset().table).toThrow(DatasetNotLoadedError);
    expect(() => loadedDataset().table).toThrow('Load a CSV file first');
    putDataset({ id: 'a', name: 'a.csv', sha256: 'aa', table: t });
    putDataset({ id: 'b', name: 'b.csv', sha256: 'bb', table: { rowCount: 0, columns: [] } });
    // Parsed but not active yet.
    expect(() => loadedDataset().table).toThrow(DatasetNotLoadedError);
    expect(loadedDataset('a').table).toBe(t);
    activateDataset('b');
    expect(loadedDataset().table.rowCount).toBe(0);
    renameDataset('a', 'renamed.csv');
    expect(loadedDatasets()).toEqual([
      { id: 'a', name: 'renamed.csv', sha256: 'aa', rows: 3, columns: 4, active: false },
      { id: 'b', name: 'b.csv', sha256: 'bb', rows: 0, columns: 0, active: true },
    ]);
    const error = (() => {
      try {
        loadedDataset('gone');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.name).toBe('DatasetNotLoadedError');
    expect(error?.message).toMatch(/The dataset gone is not loaded/);
    expect(() => activateDataset('gone')).toThrow(DatasetNotLoadedError);
    forgetDataset('b');
    expect(() => loadedDataset().table).toThrow(DatasetNotLoadedError);
    forgetDataset('a');
    expect(loadedDatasets()).toEqual([]);
  });
});

describe('column overrides', () => {
  it('casts kinds with the cast-kind step and leaves excluded columns out', async () => {
    const t = await table();
    expect(kinds(t)).toEqual({ zip: 'numeric', size: 'numeric', city: 'categorical', label: 'categorical' });
    const out = applyColumnOverrides(t, { kinds: { zip: 'categorical', city: 'text' }, excluded: ['size'] });
    expect(kinds(out)).toEqual({ zip: 'categorical', city: 'text', label: 'categorical' });
    const zip = out.columns[0];
    expect([0, 1, 2].map((r) => cellText(zip, r))).toEqual(['1001', '1002', '1001']);
    expect(zip.kind === 'categorical' && [...zip.categories].sort()).toEqual(['1001', '1002']);
    // The input is not changed.
    expect(kinds(t).size).toBe('numeric');
  });

  it('skips overrides of columns the file does not have, and refuses a kind the cast cannot make', async () => {
    const t = await table();
    expect(applyColumnOverrides(t, { kinds: { nothere: 'text' }, excluded: ['gone'] })).toBe(t);
    expect(() => applyColumnOverrides(t, { kinds: { city: 'numeric' } })).toThrow(/should hold numbers, found "Oslo"/);
    // A kind no cast makes, as a newer version of the studio might have stored.
    expect(() => applyColumnOverrides(t, { kinds: { zip: 'integer' as ColumnKind } })).toThrow(/cannot be read as integer yet \(possible: numeric, categorical, boolean, date, text\)/);
  });
});

describe('files that are not tables', () => {
  it('are refused by name with what they are', () => {
    expect(csvRefusal({ name: 'Sales Q3.XLSX' })).toMatch(/spreadsheet workbook.*save the sheet as CSV/);
    expect(csvRefusal({ name: 'data.json' })).toMatch(/JSON file/);
    expect(csvRefusal({ name: 'photo.jpeg' })).toMatch(/image or a document/);
    expect(csvRefusal({ name: 'data.csv.gz' })).toMatch(/archive/);
    expect(csvRefusal({ name: 'data.csv' })).toBeNull();
    expect(csvRefusal({ name: 'data.tsv' })).toBeNull();
    expect(csvRefusal({ name: 'notes.txt' })).toBeNull();
  });
});
