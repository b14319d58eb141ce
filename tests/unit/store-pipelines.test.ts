import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffPipelines, formatParam } from '../../src/app/pipeline-diff';
import { PIPELINE_FORMAT, PIPELINE_VERSION, type PipelineSpec } from '../../src/core/pipeline/spec';
import { closeStudioDb, DB_NAME, DB_VERSION, openStudioDb } from '../../src/store/db';
import {
  addPipelineVersion,
  clearOpenPipeline,
  getPipelineVersion,
  latestPipelineVersion,
  listPipelineVersions,
  loadOpenPipeline,
  saveOpenPipeline,
} from '../../src/store/pipelines';
import { getBundle, listModels } from '../../src/store/models';

function spec(name = 'Predict species', learningRate = 0.03): PipelineSpec {
  return {
    format: PIPELINE_FORMAT,
    version: PIPELINE_VERSION,
    name,
    task: 'classification',
    target: 'species',
    nodes: [
      { id: 'source', kind: 'source', params: {} },
      { id: 'impute', kind: 'impute', params: { strategy: 'median' } },
      { id: 'split', kind: 'split', params: { test_fraction: 0.2, seed: 42 } },
      { id: 'model', kind: 'logistic_regression', params: { learning_rate: learningRate, epochs: 100 } },
      { id: 'evaluate', kind: 'evaluate', params: {} },
    ],
    edges: [
      { from: 'source', to: 'impute' },
      { from: 'impute', to: 'split' },
      { from: 'split', to: 'model' },
      { from: 'model', to: 'evaluate' },
    ],
  };
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

afterEach(async () => {
  await closeStudioDb();
});

describe('store: the pipeline, version and run stores (schema version 3 on)', () => {
  it('creates the pipeline, version and run stores', async () => {
    const db = await openStudioDb();
    expect(DB_VERSION).toBe(4);
    expect([...db.objectStoreNames].sort()).toEqual(['bundles', 'datasetFiles', 'datasets', 'models', 'pipelineVersions', 'pipelines', 'runs']);
    const tx = db.transaction(['pipelineVersions', 'runs', 'pipelines']);
    expect([...tx.objectStore('pipelineVersions').indexNames]).toEqual(['pipelineName']);
    expect([...tx.objectStore('runs').indexNames]).toEqual(['createdAt']);
    expect(tx.objectStore('pipelines').keyPath).toBe('id');
    db.close();
  });

  it('migrates a version-2 database and keeps its models and bundles', async () => {
    const v2 = await openDB(DB_NAME, 2, {
      upgrade(db) {
        const models = db.createObjectStore('models', { keyPath: 'id' });
        models.createIndex('savedAt', 'savedAt');
        models.createIndex('pipeline', 'pipeline');
        db.createObjectStore('bundles', { keyPath: 'id' });
      },
    });
    const model = {
      id: 'm1',
      info: { name: 'kept', pipeline: 'Predict species' },
      name: 'kept',
      notes: 'a note',
      stage: 'production',
      pipeline: 'Predict species',
      version: 4,
      savedAt: '2026-11-27T10:00:00.000Z',
      gate: { passed: true, checks: [] },
      size: 3,
    };
    await v2.put('models', model);
    await v2.put('bundles', { id: 'm1', bytes: new Uint8Array([7, 8, 9]) });
    v2.close();

    const db = await openStudioDb();
    expect(db.version).toBe(DB_VERSION);
    expect(await db.get('models', 'm1')).toEqual(model);
    expect([...((await db.get('bundles', 'm1'))?.bytes ?? [])]).toEqual([7, 8, 9]);
    expect(await db.count('pipelines')).toBe(0);
    expect(await db.count('pipelineVersions')).toBe(0);
    expect(await db.count('runs')).toBe(0);
    db.close();

    expect((await listModels()).map((m) => [m.id, m.stage, m.version])).toEqual([['m1', 'production', 4]]);
    expect([...((await getBundle('m1')) ?? [])]).toEqual([7, 8, 9]);
  });
});

describe('store: the open pipeline (autosave)', () => {
  it('round-trips the open pipeline with its dataset name', async () => {
    expect(await loadOpenPipeline()).toBeUndefined();
    await saveOpenPipeline(spec(), 'penguins.csv');
    await closeStudioDb();
    const saved = await loadOpenPipeline();
    expect(saved?.spec).toEqual(spec());
    expect(saved?.datasetName).toBe('penguins.csv');
    expect(Number.isNaN(Date.parse(saved?.savedAt ?? ''))).toBe(false);
  });

  it('migrates a pipeline stored by version 1: logistic regression loses its epoch settings, keeps C and class weights', async () => {
    const old = spec();
    old.version = 1;
    old.nodes[3].params = { C: 0.5, class_weight: 'balanced', learning_rate: 0.03, epochs: 100, batch_size: 0, schedule: 'cosine', optimizer: 'adam', validation_fraction: 0, patience: 0 };
    await saveOpenPipeline(old, 'penguins.csv');
    const loaded = await loadOpenPipeline();
    expect(loaded?.spec.version).toBe(PIPELINE_VERSION);
    expect(loaded?.spec.nodes[3].params).toEqual({ C: 0.5, class_weight: 'balanced' });
    const version = await addPipelineVersion(old);
    expect((await getPipelineVersion(version.id))?.spec.nodes[3].params).toEqual({ C: 0.5, class_weight: 'balanced' });
  });

  it('keeps only the latest write, and a copy (later edits of the object do not leak in)', async () => {
    const s = spec();
    await saveOpenPipeline(s, 'penguins.csv');
    await saveOpenPipeline(spec('Predict species', 0.01), null);
    s.name = 'changed afterwards';
    const saved = await loadOpenPipeline();
    expect(saved?.spec.nodes.find((n) => n.id === 'model')?.params.learning_rate).toBe(0.01);
    expect(saved?.datasetName).toBeNull();
    await clearOpenPipeline();
    expect(await loadOpenPipeline()).toBeUndefined();
  });
});

describe('store: pipeline versions', () => {
  it('numbers versions 1, 2, 3 within each pipeline name', async () => {
    const a1 = await addPipelineVersion(spec('A'), { note: '  first  ', createdAt: '2026-11-27T10:00:00.000Z' });
    const b1 = await addPipelineVersion(spec('B'));
    const a2 = await addPipelineVersion(spec('A', 0.01), { changes: ['model.learning_rate 0.03 → 0.01'] });
    const a3 = await addPipelineVersion(spec('A', 0.02));
    expect([a1.version, a2.version, a3.version, b1.version]).toEqual([1, 2, 3, 1]);
    expect(a1.note).toBe('first');
    expect(a1.createdAt).toBe('2026-11-27T10:00:00.000Z');
    expect((await listPipelineVersions('A')).map((v) => v.version)).toEqual([1, 2, 3]);
    expect((await listPipelineVersions('B')).map((v) => v.version)).toEqual([1]);
    expect((await latestPipelineVersion('A'))?.id).toBe(a3.id);
    expect(await latestPipelineVersion('none')).toBeUndefined();
    expect((await getPipelineVersion(a2.id))?.changes).toEqual(['model.learning_rate 0.03 → 0.01']);
  });

  it('gives concurrent snapshots distinct numbers', async () => {
    const made = await Promise.all([1, 2, 3, 4].map(() => addPipelineVersion(spec('C'))));
    expect(made.map((v) => v.version).sort()).toEqual([1, 2, 3, 4]);
  });

  it('keeps a snapshot, not the live object', async () => {
    const s = spec('D');
    const v = await addPipelineVersion(s);
    s.nodes[3].params.learning_rate = 5;
    expect((await getPipelineVersion(v.id))?.spec.nodes[3].params.learning_rate).toBe(0.03);
  });
});

describe('diffPipelines', () => {
  it('is empty for equal pipelines', () => {
    expect(diffPipelines(spec(), spec())).toEqual([]);
  });

  it('names a changed parameter with its old and new value', () => {
    expect(diffPipelines(spec('P', 0.03), spec('P', 0.01))).toEqual(['model.learning_rate 0.03 → 0.01']);
  });

  it('lists nodes added and removed, connections, kinds, and parameters set or unset', () => {
    const before = spec();
    const after = spec();
    after.nodes = after.nodes.filter((n) => n.id !== 'impute');
    after.nodes.push({ id: 'scale', kind: 'standard_scale', params: {} });
    after.edges = [
      { from: 'source', to: 'scale' },
      { from: 'scale', to: 'split' },
      { from: 'split', to: 'model' },
      { from: 'model', to: 'evaluate' },
    ];
    const model = after.nodes.find((n) => n.id === 'model');
    if (!model) throw new Error('no model');
    model.kind = 'mlp';
    model.params = { learning_rate: 0.03, hidden: ['a', 'b'] };
    expect(diffPipelines(before, after)).toEqual([
      'added node scale (standard_scale)',
      'removed node impute (impute)',
      'model kind logistic_regression → mlp',
      'model.epochs 100 → (unset)',
      'model.hidden (unset) → [a, b]',
      'connected source → scale',
      'connected scale → split',
      'disconnected source → impute',
      'disconnected impute → split',
    ]);
  });

  it('notes a new target, task or name', () => {
    const after = { ...spec('Other'), target: 'island', task: 'regression' as const };
    expect(diffPipelines(spec(), after)).toEqual(['name Predict species → Other', 'target species → island', 'task classification → regression']);
  });

  it('formats values readably', () => {
    expect([formatParam(''), formatParam(true), formatParam(['x']), formatParam(undefined), formatParam(0.5)]).toEqual(['""', 'true', '[x]', '(unset)', '0.5']);
  });
});
