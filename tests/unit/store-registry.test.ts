import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GateVerdict } from '../../src/core/pipeline/gate';
import { filterAndSort, metricKeys } from '../../src/app/registry';
import type { ModelRecord } from '../../src/store/db';
import { requestPersistence, storageInfo } from '../../src/store/storage';

const GATE: GateVerdict = { passed: true, checks: [] };

function record(id: string, over: { name?: string; notes?: string; savedAt?: string; metrics?: Record<string, number>; stage?: 'none' | 'production'; version?: number }): ModelRecord {
  return {
    id,
    name: over.name ?? id,
    notes: over.notes ?? '',
    stage: over.stage ?? 'none',
    pipeline: 'Predict species',
    version: over.version ?? 1,
    savedAt: over.savedAt ?? '2026-11-27T10:00:00.000Z',
    gate: GATE,
    size: 10,
    info: {
      name: id,
      task: 'classification',
      target: 'species',
      modelKind: 'logistic_regression',
      pipeline: 'Predict species',
      metrics: over.metrics ?? {},
      gate: GATE,
      lineage: { datasetName: 'penguins.csv', datasetSha256: '', seed: 1, backend: 'wasm', appVersion: '0.1.0', createdAt: '', seconds: 1 },
      inputSchema: [],
      createdAt: '',
      datasetName: 'penguins.csv',
      sha256: 'x',
    },
  };
}

const records = [
  record('a', { name: 'Alpha', savedAt: '2026-11-27T10:00:00.000Z', metrics: { accuracy: 0.9, log_loss: 0.3 }, version: 1 }),
  record('b', { name: 'beta', notes: 'tuned learning rate', savedAt: '2026-11-27T11:00:00.000Z', metrics: { accuracy: 0.95, log_loss: 0.2 }, version: 2, stage: 'production' }),
  record('c', { name: 'Gamma', savedAt: '2026-11-27T12:00:00.000Z', metrics: { r2: 0.5 }, version: 3 }),
];
const ids = (list: ModelRecord[]) => list.map((r) => r.id);

describe('registry view: filter and sort', () => {
  it('sorts newest first, oldest first and by name', () => {
    expect(ids(filterAndSort(records, '', 'newest'))).toEqual(['c', 'b', 'a']);
    expect(ids(filterAndSort(records, '', 'oldest'))).toEqual(['a', 'b', 'c']);
    expect(ids(filterAndSort(records, '', 'name'))).toEqual(['a', 'b', 'c']);
  });

  it('sorts by a metric, best first (lowest for losses), models without it last', () => {
    expect(ids(filterAndSort(records, '', 'metric:accuracy'))).toEqual(['b', 'a', 'c']);
    expect(ids(filterAndSort(records, '', 'metric:log_loss'))).toEqual(['b', 'a', 'c']);
    expect(ids(filterAndSort(records, '', 'metric:r2'))).toEqual(['c', 'b', 'a']);
    // Percentage error is an error: lowest first, as in the Runs table.
    const regressors = [record('x', { metrics: { mape: 12 } }), record('y', { metrics: { mape: 3 } })];
    expect(ids(filterAndSort(regressors, '', 'metric:mape'))).toEqual(['y', 'x']);
  });

  it('filters on every word, across name, notes, stage and version, ignoring case', () => {
    expect(ids(filterAndSort(records, 'TUNED', 'newest'))).toEqual(['b']);
    expect(ids(filterAndSort(records, 'production', 'newest'))).toEqual(['b']);
    expect(ids(filterAndSort(records, 'v3', 'newest'))).toEqual(['c']);
    expect(ids(filterAndSort(records, 'species alpha', 'newest'))).toEqual(['a']);
    expect(filterAndSort(records, 'nothing like it', 'newest')).toEqual([]);
    // The input is not reordered in place.
    expect(ids(records)).toEqual(['a', 'b', 'c']);
  });

  it('lists the metrics any model reports', () => {
    expect(metricKeys(records)).toEqual(['accuracy', 'log_loss', 'r2']);
  });
});

describe('store: browser storage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function stubStorage(persisted: boolean) {
    const persist = vi.fn(async () => true);
    const values = new Map<string, string>();
    vi.stubGlobal('navigator', {
      storage: { estimate: async () => ({ usage: 1_000, quota: 1_000_000 }), persisted: async () => persisted, persist },
    });
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => values.get(k) ?? null,
      setItem: (k: string, v: string) => void values.set(k, v),
    });
    return persist;
  }

  it('shows usage and quota', async () => {
    stubStorage(false);
    expect(await storageInfo()).toEqual({ usage: 1_000, quota: 1_000_000, persisted: false });
  });

  it('asks for persistent storage once', async () => {
    const persist = stubStorage(false);
    expect(await requestPersistence()).toBe(true);
    expect(await requestPersistence()).toBe(false);
    expect(persist).toHaveBeenCalledTimes(1);
  });

  it('does not ask when storage is already persistent', async () => {
    const persist = stubStorage(true);
    expect(await requestPersistence()).toBe(true);
    expect(persist).not.toHaveBeenCalled();
  });
});
