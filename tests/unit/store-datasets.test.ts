import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeStudioDb, DB_NAME, openStudioDb, type DatasetRecord } from '../../src/store/db';
import {
  addDataset,
  DatasetStorageFullError,
  deleteDataset,
  DuplicateDatasetError,
  findDatasetByHash,
  getDataset,
  getDatasetFile,
  lastActiveDataset,
  listDatasets,
  markActive,
  restoreDataset,
  updateDataset,
} from '../../src/store/datasets';
import { loadOpenPipeline } from '../../src/store/pipelines';

const PENGUINS = 'species,bill\nAdelie,39.1\nGentoo,NA\n';

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function record(id: string, name: string, text: string, addedAt: string): Promise<DatasetRecord> {
  return {
    id,
    name,
    size: new TextEncoder().encode(text).length,
    sha256: await sha256(text),
    addedAt,
    target: 'species',
    rows: text.trim().split('\n').length - 1,
    dialect: { delimiter: ',', quoteChar: '"', escapeChar: '"', header: true, encoding: 'UTF-8', bom: false, lineEnding: 'LF' },
    overrides: {},
    schema: [
      { name: 'species', kind: 'categorical', categories: ['Adelie', 'Gentoo'] },
      { name: 'bill', kind: 'numeric' },
    ],
  };
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await closeStudioDb();
});

describe('store: datasets', () => {
  it('stamps the time of adding when the record has none', async () => {
    const { addedAt, ...rest } = await record('a', 'penguins.csv', PENGUINS, '');
    expect(addedAt).toBe('');
    const before = Date.now();
    const stored = await addDataset(rest, new Blob([PENGUINS]));
    expect(Date.parse(stored.addedAt)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(stored.addedAt)).toBeLessThanOrEqual(Date.now());
    expect((await getDataset('a'))?.addedAt).toBe(stored.addedAt);
  });

  it('adds datasets with their original bytes, lists them in order of adding, and keeps them across a reopen', async () => {
    const b = await record('b', 'second.csv', 'x,y\n1,2\n', '2026-11-27T10:00:02.000Z');
    const a = await record('a', 'penguins.csv', PENGUINS, '2026-11-27T10:00:01.000Z');
    await addDataset(b, new Blob(['x,y\n1,2\n']));
    await addDataset(a, new Blob([PENGUINS], { type: 'text/csv' }));
    await closeStudioDb();

    const listed = await listDatasets();
    expect(listed.map((d) => d.name)).toEqual(['penguins.csv', 'second.csv']);
    expect(listed[0]).toEqual(a);
    const file = await getDatasetFile('a');
    expect(await file?.text()).toBe(PENGUINS);
    // The hash is the bytes' sha-256, computed independently here.
    expect((await findDatasetByHash(await sha256(PENGUINS)))?.id).toBe('a');
  });

  it('refuses the same content twice, naming the dataset it already is, and writes nothing', async () => {
    await addDataset(await record('a', 'penguins.csv', PENGUINS, '2026-11-27T10:00:01.000Z'), new Blob([PENGUINS]));
    const again = await record('c', 'copy of penguins.csv', PENGUINS, '2026-11-27T10:00:03.000Z');
    const error = await addDataset(again, new Blob([PENGUINS])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateDatasetError);
    expect((error as DuplicateDatasetError).existing.id).toBe('a');
    expect((error as Error).message).toBe('This file is already in the Datasets list as "penguins.csv"');
    expect((await listDatasets()).map((d) => d.id)).toEqual(['a']);
    expect(await getDatasetFile('c')).toBeUndefined();
  });

  it('renames, records overrides and the active dataset without touching the file', async () => {
    await addDataset(await record('a', 'penguins.csv', PENGUINS, '2026-11-27T10:00:01.000Z'), new Blob([PENGUINS]));
    await addDataset(await record('b', 'other.csv', 'x\n1\n', '2026-11-27T10:00:02.000Z'), new Blob(['x\n1\n']));
    expect(await lastActiveDataset()).toBeUndefined();

    const renamed = await updateDataset('a', { name: 'Penguins 2007' });
    expect(renamed.name).toBe('Penguins 2007');
    await updateDataset('a', { overrides: { kinds: { bill: 'text' }, excluded: ['species'], missingTokens: ['NA'], dialect: { delimiter: ';' } } });
    await markActive('a', new Date('2026-11-27T11:00:00.000Z'));
    await markActive('b', new Date('2026-11-27T11:00:05.000Z'));
    expect((await lastActiveDataset())?.id).toBe('b');
    await markActive('a');

    await closeStudioDb();
    const a = await getDataset('a');
    expect(a?.name).toBe('Penguins 2007');
    expect(a?.overrides).toEqual({ kinds: { bill: 'text' }, excluded: ['species'], missingTokens: ['NA'], dialect: { delimiter: ';' } });
    expect((await lastActiveDataset())?.id).toBe('a');
    expect(await (await getDatasetFile('a'))?.text()).toBe(PENGUINS);
    await expect(updateDataset('gone', { name: 'x' })).rejects.toThrow('This dataset is no longer in the list');
  });

  it('deletes a dataset with its file, and undoes the deletion exactly', async () => {
    const a = await record('a', 'penguins.csv', PENGUINS, '2026-11-27T10:00:01.000Z');
    await addDataset(a, new Blob([PENGUINS]));
    const deleted = await deleteDataset('a');
    expect(deleted?.record).toEqual(a);
    expect(await listDatasets()).toEqual([]);
    expect(await getDatasetFile('a')).toBeUndefined();
    // Deleted content may be added again.
    expect(await findDatasetByHash(a.sha256)).toBeUndefined();

    await restoreDataset(deleted as NonNullable<typeof deleted>);
    expect(await listDatasets()).toEqual([a]);
    expect(await (await getDatasetFile('a'))?.text()).toBe(PENGUINS);
    expect(await deleteDataset('nothing')).toBeUndefined();
  });

  it('storage full: a clear message, nothing half-written, nothing stored before lost', async () => {
    await addDataset(await record('a', 'penguins.csv', PENGUINS, '2026-11-27T10:00:01.000Z'), new Blob([PENGUINS]));
    const add = FakeObjectStore.prototype.add;
    vi.spyOn(FakeObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'datasetFiles') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return add.call(this, value, key);
    });
    const big = 'x\n' + '1\n'.repeat(1_500_000);
    const error = await addDataset(await record('big', 'big.csv', big, '2026-11-27T10:00:02.000Z'), new Blob([big])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetStorageFullError);
    expect((error as Error).message).toMatch(/^Browser storage is full: the dataset "big.csv" \(3\.0 MB\) could not be stored\. Nothing already stored was lost/);

    vi.restoreAllMocks();
    expect((await listDatasets()).map((d) => d.id)).toEqual(['a']);
    expect(await getDataset('big')).toBeUndefined();
    expect(await (await getDatasetFile('a'))?.text()).toBe(PENGUINS);
  });

  it('upgrades a version-3 database: its stores and data stay, the datasets stores are added', async () => {
    const v3 = await openDB(DB_NAME, 3, {
      upgrade(db) {
        db.createObjectStore('models', { keyPath: 'id' }).createIndex('savedAt', 'savedAt');
        db.createObjectStore('bundles', { keyPath: 'id' });
        db.createObjectStore('pipelines', { keyPath: 'id' });
        db.createObjectStore('pipelineVersions', { keyPath: 'id' }).createIndex('pipelineName', 'pipelineName');
        db.createObjectStore('runs', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
      },
    });
    await v3.put('pipelines', { id: 'current', spec: { name: 'kept' }, datasetName: 'penguins.csv', savedAt: '2026-11-27T09:00:00.000Z' });
    v3.close();

    const db = await openStudioDb();
    expect(db.version).toBe(4);
    expect([...db.objectStoreNames]).toEqual(expect.arrayContaining(['datasets', 'datasetFiles', 'models', 'runs']));
    expect([...db.transaction('datasets').store.indexNames]).toEqual(['sha256']);
    db.close();
    expect((await loadOpenPipeline())?.datasetName).toBe('penguins.csv');
    await addDataset(await record('a', 'penguins.csv', PENGUINS, '2026-11-27T10:00:01.000Z'), new Blob([PENGUINS]));
    expect(await listDatasets()).toHaveLength(1);
  });
});
