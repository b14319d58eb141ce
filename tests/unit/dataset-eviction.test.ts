import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/csv/parse';
import { closeStudioDb } from '../../src/store/db';
import { addDataset, deleteDataset, getDatasetFile } from '../../src/store/datasets';
import { tableBytes } from '../../src/engine/eviction';
import {
  activateDataset,
  DatasetNotLoadedError,
  ensureResident,
  forgetDataset,
  loadedDataset,
  loadedDatasets,
  onEvicted,
  putDataset,
  residentDataset,
  setLibraryBudget,
  usePipeline,
  useStoredFiles,
} from '../../src/engine/library';
import { applyColumnOverrides } from '../../src/engine/overrides';
import type { DatasetOverrides } from '../../src/core/csv/read-options';
import type { Table } from '../../src/core/table/table';

/** Three files of about the same size (numbers, a category and a text column). */
function csv(seed: number): string {
  const rows = Array.from({ length: 200 }, (_, i) => `${i * seed},${(i * seed) % 7 === 0 ? 'NA' : (i / seed).toFixed(3)},${['red', 'green', 'blue'][i % 3]},note ${i}`);
  return ['zip,size,colour,note', ...rows].join('\n') + '\n';
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A dataset as the page adds one: stored in IndexedDB with its file, and parsed into the engine's
 * library (independently here: parseCsv and the overrides, not the engine's reader).
 */
async function add(id: string, text: string, overrides: DatasetOverrides = {}): Promise<Table> {
  const hash = await sha256(text);
  const parsed = await parseCsv(text, { missingTokens: overrides.missingTokens });
  const table = applyColumnOverrides(parsed.table, overrides);
  await addDataset(
    { id, name: `${id}.csv`, size: text.length, sha256: hash, target: 'colour', rows: table.rowCount, dialect: { delimiter: ',', quoteChar: '"', escapeChar: '"', header: true, encoding: 'UTF-8', bom: false, lineEnding: 'LF' }, overrides, schema: [] },
    new Blob([text]),
  );
  putDataset({ id, name: `${id}.csv`, sha256: hash, table, readAs: JSON.stringify(overrides) });
  return table;
}

function isResident(id: string): boolean {
  try {
    loadedDataset(id);
    return true;
  } catch (error) {
    if (error instanceof DatasetNotLoadedError) return false;
    throw error;
  }
}

// As the app lends it to the worker: the store's reader of dataset files.
useStoredFiles(getDatasetFile);

const evicted: string[] = [];
const stopListening = onEvicted((id) => evicted.push(id));

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  evicted.length = 0;
});

afterEach(async () => {
  for (const d of loadedDatasets()) forgetDataset(d.id);
  usePipeline([]);
  await closeStudioDb();
});

describe('evicting parsed datasets', () => {
  it('lets the least recently used go past the budget, keeps the active one, and reads an evicted one again from storage', async () => {
    const bytes = tableBytes((await parseCsv(csv(3))).table);
    // Room for two of the three tables.
    setLibraryBudget(Math.round(bytes * 2.5));
    const a = await add('a', csv(3));
    activateDataset('a');
    const b = await add('b', csv(5));
    expect(evicted).toEqual([]);
    const c = await add('c', csv(7));
    // 'a' is the oldest but active; 'b' is the least recently used of the others.
    expect(evicted).toEqual(['b']);
    expect([isResident('a'), isResident('b'), isResident('c')]).toEqual([true, false, true]);
    // Still listed, with its shape, so the page does not parse it again itself.
    expect(loadedDatasets().find((d) => d.id === 'b')).toEqual({ id: 'b', name: 'b.csv', sha256: await sha256(csv(5)), rows: 200, columns: 4, active: false });

    // The current pipeline reads 'b': it comes back, and 'c' (now least recently used) goes.
    usePipeline(['b', undefined]);
    const readAgain: string[] = [];
    await ensureResident(['b', undefined], (name) => readAgain.push(name));
    // Only the evicted one is read again (the active 'a' is held).
    expect(readAgain).toEqual(['b.csv']);
    expect(evicted).toEqual(['b', 'c']);
    const reread = loadedDataset('b');
    expect(reread.table).not.toBe(b);
    expect(reread.table).toEqual(b);
    expect(reread.sha256).toBe(await sha256(csv(5)));
    expect(loadedDataset('a').table).toBe(a);

    // 'c' comes back on its own use; the pipeline's 'b' and the active 'a' stay pinned, so the
    // budget is exceeded rather than evicting what is in use.
    expect((await residentDataset('c')).table).toEqual(c);
    expect(evicted).toEqual(['b', 'c']);
    expect([isResident('a'), isResident('b'), isResident('c')]).toEqual([true, true, true]);
  });

  it('reads an evicted dataset again with the overrides it was read with', async () => {
    const overrides: DatasetOverrides = { missingTokens: ['NA'], kinds: { zip: 'categorical' }, excluded: ['note'] };
    setLibraryBudget(0);
    const table = await add('x', csv(3), overrides);
    expect(table.columns.map((c) => `${c.name}:${c.kind}`)).toEqual(['zip:categorical', 'size:numeric', 'colour:categorical']);
    await add('y', csv(5));
    // A budget of nothing: everything but the one just read goes.
    expect(evicted).toEqual(['x']);
    const [first, second] = await Promise.all([residentDataset('x'), residentDataset('x')]);
    // One read for both callers.
    expect(second.table).toBe(first.table);
    expect(first.table).toEqual(table);
    expect(first.readAs).toBe(JSON.stringify(overrides));
    expect(evicted).toEqual(['x', 'y']);
  });

  it('keeps the tables of files that are not stored, and says which stored file is missing', async () => {
    setLibraryBudget(0);
    const text = csv(11);
    const unstored = (await parseCsv(text)).table;
    putDataset({ id: 'scratch', name: 'scratch.csv', sha256: await sha256(text), table: unstored }, { stored: false });
    await add('gone', csv(13));
    await add('other', csv(17));
    expect(evicted).toEqual(['gone']);
    expect(loadedDataset('scratch').table).toBe(unstored);
    await deleteDataset('gone');
    await expect(residentDataset('gone')).rejects.toThrow('The stored file of gone.csv is missing; delete the dataset and add the file again');
    // Unknown ids are left to fail where they are used, with the library's own error.
    await expect(ensureResident(['nothere'])).resolves.toBeUndefined();
    await expect(residentDataset('nothere')).rejects.toThrow(DatasetNotLoadedError);
  });

  it('stops telling a listener once it unsubscribed', async () => {
    stopListening();
    setLibraryBudget(0);
    await add('p', csv(3));
    await add('q', csv(5));
    expect(isResident('p')).toBe(false);
    expect(evicted).toEqual([]);
  });
});
