import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../src/engine/protocol';
import { closeStudioDb, DB_NAME, DB_VERSION, openStudioDb } from '../../src/store/db';
import { deleteModel, getModel, listModels, saveModel } from '../../src/store/models';

function info(name: string): ModelInfo {
  return {
    name,
    task: 'classification',
    target: 'species',
    modelKind: 'logistic_regression',
    metrics: { accuracy: 0.97, f1_macro: 0.96 },
    createdAt: '2026-11-27T12:00:00.000Z',
    datasetName: 'penguins.csv',
  };
}

beforeEach(() => {
  // A fresh, empty IndexedDB for every test.
  globalThis.indexedDB = new IDBFactory();
});

afterEach(async () => {
  await closeStudioDb();
});

describe('store: schema', () => {
  it('creates the models store with a savedAt index at the current version', async () => {
    const db = await openStudioDb();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames]).toContain('models');
    const tx = db.transaction('models');
    expect(tx.store.keyPath).toBe('id');
    expect([...tx.store.indexNames]).toContain('savedAt');
    db.close();
  });

  it('reopening at the current version runs no migration and keeps the data', async () => {
    // A database at the current version, as an earlier session left it.
    const first = await openStudioDb();
    await first.put('models', { id: 'kept', info: info('kept'), bundle: new Uint8Array([1, 2, 3]), savedAt: '2026-01-01T00:00:00.000Z' });
    first.close();
    const again = await openStudioDb();
    expect((await again.get('models', 'kept'))?.info.name).toBe('kept');
    again.close();
  });

  it('refuses to open a database from a newer version of the app', async () => {
    const newer = await openDB(DB_NAME, DB_VERSION + 1);
    newer.close();
    await expect(openStudioDb()).rejects.toThrow();
  });
});

describe('store: models', () => {
  it('saves, lists (newest first), gets and deletes models', async () => {
    expect(await listModels()).toEqual([]);
    const a = await saveModel(info('a'), new Uint8Array([1, 2, 3]), new Date('2026-11-27T10:00:00Z'));
    const b = await saveModel(info('b'), new Uint8Array([4, 5]), new Date('2026-11-27T11:00:00Z'));
    expect(a.id).not.toBe(b.id);

    const listed = await listModels();
    expect(listed.map((m) => m.info.name)).toEqual(['b', 'a']);
    expect(listed[0].savedAt).toBe('2026-11-27T11:00:00.000Z');

    const got = await getModel(a.id);
    expect(got?.info).toEqual(info('a'));
    expect(got?.bundle).toBeInstanceOf(Uint8Array);
    expect([...(got?.bundle ?? [])]).toEqual([1, 2, 3]);

    await deleteModel(a.id);
    expect(await getModel(a.id)).toBeUndefined();
    expect((await listModels()).map((m) => m.info.name)).toEqual(['b']);
  });

  it('stores only the bytes of a view, not its whole buffer', async () => {
    const buffer = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const saved = await saveModel(info('view'), buffer.subarray(2, 5));
    const got = await getModel(saved.id);
    expect(got?.bundle.byteLength).toBe(3);
    expect(got?.bundle.buffer.byteLength).toBe(3);
    expect([...(got?.bundle ?? [])]).toEqual([1, 2, 3]);
  });

  it('survives a new connection (as after a page reload)', async () => {
    const saved = await saveModel(info('persisted'), new Uint8Array(1024).fill(7));
    await closeStudioDb();
    const got = await getModel(saved.id);
    expect(got?.bundle.length).toBe(1024);
    expect(got?.bundle.every((x) => x === 7)).toBe(true);
  });

  it('deleting an unknown id is harmless', async () => {
    await expect(deleteModel('nope')).resolves.toBeUndefined();
  });
});
