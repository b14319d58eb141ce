import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { earlierCurve, firstDirection, keyParams, runMetricKeys, runRecordOf, sortRuns, specSeed } from '../../src/app/runs-table';
import { PIPELINE_FORMAT, PIPELINE_VERSION, type PipelineSpec } from '../../src/core/pipeline/spec';
import type { RunSummary } from '../../src/core/pipeline/events';
import { closeStudioDb } from '../../src/store/db';
import { deleteRun, getRun, listRuns, markBestRun, saveRun, type NewRun, type RunRecord } from '../../src/store/runs';

function newRun(over: Partial<NewRun> = {}): NewRun {
  return {
    pipelineName: 'Predict species',
    pipelineVersion: 1,
    node: 'model',
    modelKind: 'logistic_regression',
    task: 'classification',
    params: { learning_rate: 0.03, epochs: 100 },
    backend: 'wasm',
    seed: 42,
    datasetName: 'penguins.csv',
    datasetHash: '',
    duration: 1.5,
    metrics: { accuracy: 0.97, log_loss: 0.1 },
    gatePassed: true,
    losses: [
      { epoch: 1, loss: 1 },
      { epoch: 2, loss: 0.5, valLoss: 0.6 },
    ],
    ...over,
  };
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

afterEach(async () => {
  await closeStudioDb();
});

describe('store: runs', () => {
  it('stores runs and lists them newest first, surviving a reopen', async () => {
    const a = await saveRun(newRun({ createdAt: '2026-11-27T10:00:00.000Z' }));
    const b = await saveRun(newRun({ createdAt: '2026-11-27T11:00:00.000Z', pipelineVersion: 2, params: { learning_rate: 0.01 } }));
    await closeStudioDb();
    const all = await listRuns();
    expect(all.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(all[1]).toMatchObject({ best: false, seed: 42, backend: 'wasm', metrics: { accuracy: 0.97 } });
    expect(all[1].losses).toEqual(newRun().losses);
    expect((await getRun(b.id))?.params).toEqual({ learning_rate: 0.01 });
    await deleteRun(a.id);
    expect((await listRuns()).map((r) => r.id)).toEqual([b.id]);
  });

  it('marks at most one best run per pipeline, persisted', async () => {
    const a = await saveRun(newRun());
    const b = await saveRun(newRun());
    const other = await saveRun(newRun({ pipelineName: 'Other' }));
    await markBestRun(a.id);
    await markBestRun(other.id);
    await markBestRun(b.id);
    await closeStudioDb();
    const best = (await listRuns()).filter((r) => r.best).map((r) => r.id).sort();
    expect(best).toEqual([b.id, other.id].sort());
    await markBestRun(b.id, false);
    expect((await getRun(b.id))?.best).toBe(false);
    await expect(markBestRun('missing')).rejects.toThrow(/no longer stored/);
  });
});

describe('runs table helpers', () => {
  const run = (id: string, over: Partial<RunRecord>): RunRecord => ({ ...newRun(), id, best: false, createdAt: `2026-11-27T1${id}:00:00.000Z`, ...over });

  it('sorts by any column both ways, missing metrics last', () => {
    const runs = [run('1', { duration: 3, metrics: { accuracy: 0.9 } }), run('2', { duration: 1, metrics: {} }), run('3', { duration: 2, metrics: { accuracy: 0.95 } })];
    expect(sortRuns(runs, 'duration', 'asc').map((r) => r.id)).toEqual(['2', '3', '1']);
    expect(sortRuns(runs, 'duration', 'desc').map((r) => r.id)).toEqual(['1', '3', '2']);
    expect(sortRuns(runs, 'metric:accuracy', 'desc').map((r) => r.id)).toEqual(['3', '1', '2']);
    expect(sortRuns(runs, 'metric:accuracy', 'asc').map((r) => r.id)).toEqual(['1', '3', '2']);
    expect(sortRuns(runs, 'created', 'desc').map((r) => r.id)).toEqual(['3', '2', '1']);
    expect(runMetricKeys(runs)).toEqual(['accuracy']);
  });

  it('sorts the Backend column by the names it shows, not the stored ids', () => {
    // Ids sort cpu < webgpu < webgpu-fused; the names sort "CPU…" < "WebGPU (fused trainer)" < "WebGPU (TensorFlow.js)".
    const runs = [run('1', { backend: 'webgpu' }), run('2', { backend: 'webgpu-fused' }), run('3', { backend: 'cpu' })];
    expect(sortRuns(runs, 'backend', 'asc').map((r) => r.id)).toEqual(['3', '2', '1']);
  });

  it('sorts metrics best first on the first click', () => {
    expect(firstDirection('metric:accuracy')).toBe('desc');
    expect(firstDirection('metric:rmse')).toBe('asc');
    expect(firstDirection('metric:mape')).toBe('asc');
    expect(firstDirection('model')).toBe('asc');
  });

  it('gives a cached model the curve of the run it came from', () => {
    const older = run('1', { losses: [{ epoch: 1, loss: 0.9 }] });
    const newer = run('2', { losses: [{ epoch: 1, loss: 0.4 }] });
    const otherParams = run('3', { params: { learning_rate: 1 }, losses: [{ epoch: 1, loss: 7 }] });
    expect(earlierCurve([older, newer, otherParams], newRun({ losses: [] }))).toEqual([{ epoch: 1, loss: 0.4 }]);
    expect(earlierCurve([older], newRun({ losses: [], pipelineVersion: 2 }))).toEqual([]);
  });

  it('shows the telling parameters', () => {
    expect(keyParams({ epochs: 100, learning_rate: 0.01, other: 1 })).toBe('learning_rate 0.01 · epochs 100');
    expect(keyParams({ batch_size: 0, epochs: 5 })).toBe('epochs 5 · batch_size auto');
    expect(keyParams({ batch_size: 64 })).toBe('batch_size 64');
  });

  it('builds a run record from a summary', () => {
    const spec: PipelineSpec = {
      format: PIPELINE_FORMAT,
      version: PIPELINE_VERSION,
      name: 'P',
      task: 'classification',
      target: 'species',
      nodes: [
        { id: 'split', kind: 'split', params: { seed: 7 } },
        { id: 'mlp', kind: 'mlp', params: { learning_rate: 0.003 } },
      ],
      edges: [{ from: 'split', to: 'mlp' }],
    };
    const summary = {
      node: 'mlp',
      task: 'classification',
      target: 'species',
      modelKind: 'mlp',
      rows: 10,
      trainRows: 8,
      testRows: 2,
      backend: 'cpu',
      dataset: { name: 'penguins.csv', sha256: 'ab'.repeat(32) },
      seconds: 2.5,
      metrics: { accuracy: 1 },
      gate: { passed: false, checks: [] },
      evaluation: { task: 'classification', classes: [], confusion: [] },
    } satisfies RunSummary;
    expect(specSeed(spec)).toBe(7);
    expect(runRecordOf(spec, 3, summary, [{ epoch: 1, loss: 0.5 }], { name: 'penguins.csv' })).toEqual({
      pipelineName: 'P',
      pipelineVersion: 3,
      node: 'mlp',
      modelKind: 'mlp',
      task: 'classification',
      params: { learning_rate: 0.003 },
      backend: 'cpu',
      seed: 7,
      datasetName: 'penguins.csv',
      datasetHash: '',
      duration: 2.5,
      metrics: { accuracy: 1 },
      gatePassed: false,
      losses: [{ epoch: 1, loss: 0.5 }],
    });
  });
});
