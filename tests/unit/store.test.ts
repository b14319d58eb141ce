import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GateVerdict } from '../../src/core/pipeline/gate';
import type { ModelInfo } from '../../src/core/bundle/model-info';
import { closeStudioDb, DB_NAME, DB_VERSION, openStudioDb, type ModelRecordV1 } from '../../src/store/db';
import {
  deleteModel,
  getBundle,
  getModel,
  listModels,
  promoteModel,
  promotionBlocker,
  restoreModel,
  rollBack,
  rollbackTarget,
  saveModel,
  StorageFullError,
  updateModel,
  PromotionRefusedError,
} from '../../src/store/models';

const PASSED: GateVerdict = { passed: true, checks: [{ metric: 'accuracy', op: '≥', threshold: 0.9, value: 0.97, passed: true }] };
const FAILED: GateVerdict = { passed: false, checks: [{ metric: 'accuracy', op: '≥', threshold: 0.99, value: 0.97, passed: false }] };
const NO_GATE: GateVerdict = { passed: true, checks: [] };

function info(name: string, gate: GateVerdict = PASSED, pipeline = 'Predict species'): ModelInfo {
  return {
    name,
    task: 'classification',
    target: 'species',
    modelKind: 'logistic_regression',
    pipeline,
    metrics: { accuracy: 0.97, f1_macro: 0.96 },
    gate,
    lineage: {
      datasetName: 'penguins.csv',
      datasetSha256: 'ab'.repeat(32),
      seed: 42,
      backend: 'wasm',
      appVersion: '0.1.0',
      createdAt: '2026-11-27T12:00:00.000Z',
      seconds: 1.5,
    },
    inputSchema: [{ name: 'island', kind: 'categorical', categories: ['Biscoe', 'Dream'] }],
    createdAt: '2026-11-27T12:00:00.000Z',
    datasetName: 'penguins.csv',
    sha256: 'cd'.repeat(32),
  };
}

const at = (iso: string) => new Date(`2026-11-27T${iso}:00Z`);

beforeEach(() => {
  // A fresh, empty IndexedDB for every test.
  globalThis.indexedDB = new IDBFactory();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await closeStudioDb();
});

/** A version-1 database, as the walking skeleton left it, holding the given records. */
async function makeV1Database(records: ModelRecordV1[]): Promise<void> {
  const v1 = await openDB(DB_NAME, 1, {
    upgrade(db) {
      const models = db.createObjectStore('models', { keyPath: 'id' });
      models.createIndex('savedAt', 'savedAt');
    },
  });
  for (const r of records) await v1.put('models', r);
  v1.close();
}

function v1Record(id: string, savedAt: string, target = 'species'): ModelRecordV1 {
  return {
    id,
    // Version 1's ModelInfo: no pipeline, gate, lineage, input schema or sha-256.
    info: {
      name: `Logistic regression → ${target} (penguins.csv)`,
      task: 'classification',
      target,
      modelKind: 'logistic_regression',
      metrics: { accuracy: 0.95 },
      createdAt: savedAt,
      datasetName: 'penguins.csv',
    },
    bundle: new Uint8Array([80, 75, 3, 4, id.length]),
    savedAt,
  };
}

describe('store: schema and migrations', () => {
  it('creates the registry stores and indexes at the current version', async () => {
    const db = await openStudioDb();
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBe(4);
    expect([...db.objectStoreNames].sort()).toEqual(['bundles', 'datasetFiles', 'datasets', 'models', 'pipelineVersions', 'pipelines', 'runs']);
    const tx = db.transaction(['models', 'bundles']);
    expect(tx.objectStore('models').keyPath).toBe('id');
    expect([...tx.objectStore('models').indexNames].sort()).toEqual(['pipeline', 'savedAt']);
    expect(tx.objectStore('bundles').keyPath).toBe('id');
    db.close();
  });

  it('migrates a version-1 database: bytes move to bundles, records get names, stages and versions', async () => {
    await makeV1Database([
      v1Record('b', '2026-11-27T11:00:00.000Z'),
      v1Record('a', '2026-11-27T10:00:00.000Z'),
      v1Record('c', '2026-11-27T12:00:00.000Z', 'island'),
    ]);

    const db = await openStudioDb();
    expect(db.version).toBe(DB_VERSION);
    const a = await db.get('models', 'a');
    expect(a).toMatchObject({
      id: 'a',
      name: 'Logistic regression → species (penguins.csv)',
      notes: '',
      stage: 'none',
      pipeline: 'Predict species',
      version: 1,
      savedAt: '2026-11-27T10:00:00.000Z',
      gate: { passed: false, checks: [] },
      size: 5,
    });
    expect(a?.info.pipeline).toBe('Predict species');
    expect(a?.info.inputSchema).toEqual([]);
    expect(a?.info.lineage.datasetName).toBe('penguins.csv');
    expect(a && 'bundle' in a).toBe(false);
    // Versions count within each pipeline, in order of saving.
    expect((await db.get('models', 'b'))?.version).toBe(2);
    expect((await db.get('models', 'c'))).toMatchObject({ pipeline: 'Predict island', version: 1 });
    expect([...((await db.get('bundles', 'a'))?.bytes ?? [])]).toEqual([80, 75, 3, 4, 1]);
    expect(await db.count('bundles')).toBe(3);
    db.close();

    // The migrated models work with the registry: listed, and a new save is the next version.
    expect((await listModels()).map((m) => m.id)).toEqual(['c', 'b', 'a']);
    const next = await saveModel(info('new'), new Uint8Array([1]), { savedAt: at('13:00') });
    expect(next.version).toBe(3);
    // A migrated model has no gate verdict: it cannot go to production.
    await expect(promoteModel('a')).rejects.toThrow(/no validation gate/);
  });

  it('migrates an empty version-1 database', async () => {
    await makeV1Database([]);
    const db = await openStudioDb();
    expect(db.version).toBe(DB_VERSION);
    expect(await db.count('models')).toBe(0);
    db.close();
  });

  it('reopening at the current version keeps the data', async () => {
    const saved = await saveModel(info('kept'), new Uint8Array([1, 2, 3]));
    await closeStudioDb();
    expect((await getModel(saved.id))?.name).toBe('kept');
    expect([...((await getBundle(saved.id)) ?? [])]).toEqual([1, 2, 3]);
  });

  it('refuses to open a database from a newer version of the app', async () => {
    const newer = await openDB(DB_NAME, DB_VERSION + 1);
    newer.close();
    await expect(openStudioDb()).rejects.toThrow();
  });
});

describe('store: models and their files', () => {
  it('saves, lists (newest first), gets and deletes models; versions count per pipeline', async () => {
    expect(await listModels()).toEqual([]);
    const a = await saveModel(info('a'), new Uint8Array([1, 2, 3]), { savedAt: at('10:00') });
    const b = await saveModel(info('b'), new Uint8Array([4, 5]), { savedAt: at('11:00') });
    const other = await saveModel(info('other', PASSED, 'Predict island'), new Uint8Array([6]), { savedAt: at('12:00') });
    expect(a.id).not.toBe(b.id);
    expect([a.version, b.version, other.version]).toEqual([1, 2, 1]);
    expect(b).toMatchObject({ name: 'b', notes: '', stage: 'none', pipeline: 'Predict species', gate: PASSED, size: 2 });

    const listed = await listModels();
    expect(listed.map((m) => m.name)).toEqual(['other', 'b', 'a']);
    expect(listed[1].savedAt).toBe('2026-11-27T11:00:00.000Z');
    expect(listed[0]).not.toHaveProperty('bundle');

    expect((await getModel(a.id))?.info).toEqual(info('a'));
    const bytes = await getBundle(a.id);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...(bytes ?? [])]).toEqual([1, 2, 3]);

    const removed = await deleteModel(a.id);
    expect(removed?.record.id).toBe(a.id);
    expect(await getModel(a.id)).toBeUndefined();
    expect(await getBundle(a.id)).toBeUndefined();
    expect((await listModels()).map((m) => m.name)).toEqual(['other', 'b']);
  });

  it('stores only the bytes of a view, not its whole buffer', async () => {
    const buffer = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const saved = await saveModel(info('view'), buffer.subarray(2, 5));
    const got = await getBundle(saved.id);
    expect(got?.byteLength).toBe(3);
    expect(got?.buffer.byteLength).toBe(3);
    expect([...(got ?? [])]).toEqual([1, 2, 3]);
  });

  it('renames and keeps notes', async () => {
    const saved = await saveModel(info('x'), new Uint8Array([1]));
    await updateModel(saved.id, { name: '  Penguins, tuned  ' });
    await updateModel(saved.id, { notes: 'Trained on the 2007–2009 data.' });
    expect(await getModel(saved.id)).toMatchObject({ name: 'Penguins, tuned', notes: 'Trained on the 2007–2009 data.' });
    await expect(updateModel(saved.id, { name: '   ' })).rejects.toThrow(/needs a name/);
    await expect(updateModel('gone', { notes: 'x' })).rejects.toThrow(/no longer stored/);
  });

  it('deleting an unknown id is harmless', async () => {
    await expect(deleteModel('nope')).resolves.toBeUndefined();
  });

  it('undo: a deleted model comes back with its record and its bytes', async () => {
    const saved = await saveModel(info('undo me'), new Uint8Array([7, 7, 7]));
    await updateModel(saved.id, { notes: 'keep' });
    const removed = await deleteModel(saved.id);
    expect(removed).toBeDefined();
    if (!removed) return;
    await restoreModel(removed);
    expect(await getModel(saved.id)).toMatchObject({ name: 'undo me', notes: 'keep', version: 1 });
    expect([...((await getBundle(saved.id)) ?? [])]).toEqual([7, 7, 7]);
  });
});

describe('store: atomic writes', () => {
  it('a failing bundle write (asynchronous abort) leaves no model record', async () => {
    const kept = await saveModel(info('kept'), new Uint8Array([1]));
    // An orphan file already under the id: adding the bundle fails with a ConstraintError,
    // after the model record's write was already requested in the same transaction.
    const db = await openStudioDb();
    await db.put('bundles', { id: 'clash', bytes: new Uint8Array([0]) });
    db.close();

    await expect(saveModel(info('half'), new Uint8Array([2, 2]), { id: 'clash' })).rejects.toThrow();
    expect(await getModel('clash')).toBeUndefined();
    expect((await listModels()).map((m) => m.name)).toEqual(['kept']);
    expect([...((await getBundle(kept.id)) ?? [])]).toEqual([1]);
  });

  it('a bundle that cannot be stored (DataCloneError) leaves no model record', async () => {
    // Weights whose buffer was handed to another thread (detached): they cannot be cloned into the store.
    const weights = new Uint8Array([3, 3]);
    structuredClone(weights.buffer, { transfer: [weights.buffer] });
    expect(weights.byteLength).toBe(0);
    await expect(saveModel(info('uncloneable'), weights)).rejects.toThrow(/could not be cloned/);
    expect(await listModels()).toEqual([]);
    const db = await openStudioDb();
    expect(await db.count('bundles')).toBe(0);
    db.close();
  });

  it('QuotaExceededError: a clear message, nothing half-written, nothing stored before lost', async () => {
    const before = await saveModel(info('before'), new Uint8Array([1, 2, 3]));
    const add = FakeObjectStore.prototype.add;
    vi.spyOn(FakeObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'bundles') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return add.call(this, value, key);
    });

    const error = await saveModel(info('too big'), new Uint8Array(5_000_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toMatch(/^Browser storage is full: .*the model "too big" \(5\.0 MB\).*free space by deleting models or exporting them/);

    vi.restoreAllMocks();
    const listed = await listModels();
    expect(listed.map((m) => m.name)).toEqual(['before']);
    expect([...((await getBundle(before.id)) ?? [])]).toEqual([1, 2, 3]);
  });
});

describe('store: stages', () => {
  it('promotes only through a passed gate with at least one check, and says why not', async () => {
    const failed = await saveModel(info('failing', FAILED), new Uint8Array([1]));
    const ungated = await saveModel(info('ungated', NO_GATE), new Uint8Array([1]));
    expect(promotionBlocker(failed)).toMatch(/failing cannot be promoted: it failed the validation gate \(accuracy 0\.97 is below 0\.99\)/);
    await expect(promoteModel(failed.id)).rejects.toBeInstanceOf(PromotionRefusedError);
    await expect(promoteModel(failed.id)).rejects.toThrow(/failed the validation gate/);
    await expect(promoteModel(ungated.id)).rejects.toThrow(/no validation gate/);
    expect((await listModels()).every((m) => m.stage === 'none')).toBe(true);
  });

  it('one production model per pipeline; the previous one can be rolled back to', async () => {
    const v1 = await saveModel(info('v1'), new Uint8Array([1]), { savedAt: at('10:00') });
    const v2 = await saveModel(info('v2'), new Uint8Array([2]), { savedAt: at('11:00') });
    const v3 = await saveModel(info('v3'), new Uint8Array([3]), { savedAt: at('12:00') });
    const elsewhere = await saveModel(info('other pipeline', PASSED, 'Predict island'), new Uint8Array([4]));
    await promoteModel(elsewhere.id, at('09:00'));

    await promoteModel(v1.id, at('10:30'));
    const { demoted } = await promoteModel(v2.id, at('11:30'));
    expect(demoted?.id).toBe(v1.id);
    await promoteModel(v3.id, at('12:30'));
    const stages = async () => Object.fromEntries((await listModels()).map((m) => [m.name, m.stage]));
    expect(await stages()).toEqual({ v1: 'none', v2: 'none', v3: 'production', 'other pipeline': 'production' });
    expect(rollbackTarget(await listModels(), 'Predict species')?.id).toBe(v2.id);

    // Each roll-back goes one version further back.
    expect((await rollBack('Predict species', at('13:00'))).restored.id).toBe(v2.id);
    expect(await stages()).toEqual({ v1: 'none', v2: 'production', v3: 'none', 'other pipeline': 'production' });
    expect((await rollBack('Predict species', at('13:10'))).restored.id).toBe(v1.id);
    expect(await stages()).toEqual({ v1: 'production', v2: 'none', v3: 'none', 'other pipeline': 'production' });
    await expect(rollBack('Predict species')).rejects.toThrow(/no earlier production version/);

    // Promoting again after roll-backs works as before.
    await promoteModel(v3.id, at('14:00'));
    expect(await stages()).toEqual({ v1: 'none', v2: 'none', v3: 'production', 'other pipeline': 'production' });
    expect(rollbackTarget(await listModels(), 'Predict species')?.id).toBe(v1.id);
  });

  it('undoing the deletion of a production model while another took its place restores it as a plain version', async () => {
    const a = await saveModel(info('a'), new Uint8Array([1]));
    const b = await saveModel(info('b'), new Uint8Array([2]));
    await promoteModel(a.id, at('10:00'));
    const removed = await deleteModel(a.id);
    await promoteModel(b.id, at('10:05'));
    if (!removed) throw new Error('nothing removed');
    const back = await restoreModel(removed);
    expect(back.stage).toBe('none');
    expect((await listModels()).filter((m) => m.stage === 'production').map((m) => m.name)).toEqual(['b']);
  });
});
