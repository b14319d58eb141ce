/**
 * The model registry as a person uses it: run a pipeline and save its model (the fake engine hands
 * back a real model file, fitted by the core on a small table), import model files as later
 * versions, promote (refused without a passing validation gate, with the reason), roll back,
 * rename, keep notes, export, delete and undo. Every record is read back from IndexedDB.
 */
import { beforeAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeBundle } from '../../src/core/bundle/bundle';
import { sha256Hex } from '../../src/core/hash';
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { FittedPipeline } from '../../src/core/pipeline/fitted';
import { runFirstModel } from '../../src/core/pipeline/run';
import type { PipelineSpec } from '../../src/core/pipeline/spec';
import type { Table } from '../../src/core/table/table';
import * as modelStore from '../../src/store/models';
import * as runStore from '../../src/store/runs';
import * as pipelineStore from '../../src/store/pipelines';
import { ModelsState } from '../../src/app/models.svelte';
import type { PreparedRun } from './fakes/engine';
import { closeDatabase, csvFile, freshDatabase, modelsState, testStudio, type TestStudio } from './fakes/studio';

const ROWS = 40;
const x = (i: number) => (i % 2 ? 2 : -2) + (i % 7) / 7;
const g = (i: number) => ['p', 'q', 'r'][i % 3];
/** The parity of the row, with about a quarter of the labels flipped by a rule the features do not show: no model gets them all. */
const flipped = (i: number) => (i * 37) % 11 < 3;
const y = (i: number) => ((i % 2 === 1) !== flipped(i) ? 'odd' : 'even');

const CSV = ['x,g,y', ...Array.from({ length: ROWS }, (_, i) => `${x(i)},${g(i)},${y(i)}`)].join('\n') + '\n';
const TABLE: Table = {
  rowCount: ROWS,
  columns: [
    { name: 'x', kind: 'numeric', values: Float64Array.from({ length: ROWS }, (_, i) => x(i)) },
    { name: 'g', kind: 'categorical', codes: Int32Array.from({ length: ROWS }, (_, i) => i % 3), categories: ['p', 'q', 'r'] },
    { name: 'y', kind: 'categorical', codes: Int32Array.from({ length: ROWS }, (_, i) => (y(i) === 'odd' ? 1 : 0)), categories: ['even', 'odd'] },
  ],
};

/** The pipeline the tests train: gaussian naive Bayes on y, with these gate thresholds. */
function specWith(gate: Record<string, number>): PipelineSpec {
  const spec = defaultPipeline('y', 'classification', 'gaussian_nb');
  return { ...spec, nodes: spec.nodes.map((n) => (n.kind === 'evaluate' ? { ...n, params: gate } : n)) };
}

async function fit(spec: PipelineSpec): Promise<PreparedRun> {
  return runFirstModel(spec, TABLE, { dataset: { name: 'parity.csv', sha256: await sha256Hex(new TextEncoder().encode(CSV)) } });
}

let passing: FittedPipeline;
let passingAgain: FittedPipeline;
let ungated: FittedPipeline;
let failing: FittedPipeline;

beforeAll(async () => {
  [passing, passingAgain, ungated, failing] = (
    await Promise.all([fit(specWith({ min_accuracy: 0.25 })), fit(specWith({ min_accuracy: 0.4 })), fit(specWith({})), fit(specWith({ min_accuracy: 0.9 }))])
  ).map((r) => r.fitted);
  // What the gates are meant to be, checked here so that a test below cannot pass for another reason.
  expect(passing.gate.passed && passing.gate.checks.length > 0).toBe(true);
  expect(passingAgain.gate.passed && passingAgain.gate.checks.length > 0).toBe(true);
  expect(ungated.gate.checks).toEqual([]);
  expect(failing.gate.passed).toBe(false);
});

beforeEach(freshDatabase);

let studioOpen: TestStudio | undefined;

afterEach(async () => {
  vi.useRealTimers();
  studioOpen?.studio.dispose();
  studioOpen = undefined;
  await closeDatabase();
});

describe('saving a run', () => {
  it('runs the edited pipeline, keeps the version and the run, saves the model, and Predict picks it', async () => {
    studioOpen = testStudio();
    const { studio, engine } = studioOpen;
    await studio.init();
    await studio.data.addFiles([csvFile('parity.csv', CSV)]);
    await studio.setModelKind('gaussian_nb');
    expect(studio.pipeline.setGateThreshold('min_accuracy', 0.5)).toBeNull();
    expect(studio.runBlocker).toBeNull();

    // The engine returns what the core fits for exactly the pipeline the page sends.
    const spec = structuredClone(studio.pipeline.spec) as PipelineSpec;
    engine.nextRun = [await fit(spec)];
    await studio.run();

    expect(engine.runs).toEqual([spec]);
    expect(studio.training.summary?.node).toBe('model');
    expect(studio.training.message).toMatch(/^Finished in /);
    const versions = await pipelineStore.listPipelineVersions('Predict y');
    expect(versions.map((v) => v.version)).toEqual([1]);
    expect(versions[0].spec).toEqual(spec);
    const runs = await runStore.listRuns();
    expect(runs).toHaveLength(1);
    expect(runs[0].pipelineVersion).toBe(1);
    expect(runs[0].metrics).toEqual(engine.nextRun[0].summary.metrics);

    await studio.saveModel();
    const [record] = await modelStore.listModels();
    expect(record.version).toBe(1);
    expect(record.pipeline).toBe('Predict y');
    expect(record.info.modelKind).toBe('gaussian_nb');
    expect(record.info.metrics).toEqual(engine.nextRun[0].fitted.metrics);
    expect(record.gate).toEqual(engine.nextRun[0].fitted.gate);
    const stored = await modelStore.getBundle(record.id);
    expect(await sha256Hex(stored as Uint8Array)).toBe(record.info.sha256);
    expect(studio.models.records.map((r) => r.id)).toEqual([record.id]);
    expect(studio.models.notice).toBe(`Saved ${record.name} as version 1 of Predict y`);
    expect(studio.training.savedId).toBe(record.id);

    // The Predict panel follows the list: it picks the new model and checks the data against it,
    // opening the stored file in the engine first (the engine did not hold it).
    expect(studio.predict.modelId).toBe(record.id);
    // The check runs on its own (a bound for a loaded machine, not a measure of speed).
    await vi.waitFor(() => expect(studio.predict.report).not.toBeNull(), { timeout: 10_000 });
    expect(engine.opened.get(record.id)).toBe(record.info.sha256);
    expect(studio.predict.report?.rows).toBe(ROWS);
  });
});

describe('the registry', () => {
  let models: ModelsState;
  let changes: number;
  let downloads: { fileName: string; blob: Blob }[];

  /** A model file dropped on the page: validated by the engine, stored as the next version. */
  async function imported(fitted: FittedPipeline, fileName: string): Promise<modelStore.ModelRecord> {
    const record = await models.importFile(new File([(await writeBundle(fitted)).slice()], fileName));
    if (!record) throw new Error(`not imported: ${models.error}`);
    return record;
  }

  beforeEach(() => {
    changes = 0;
    downloads = [];
    models = modelsState(downloads, () => void changes++);
  });

  it('imports model files as versions of their pipeline and refuses a file that is not one', async () => {
    await models.init();
    expect(models.ready).toBe(true);
    const v1 = await imported(passing, 'first.pstudio');
    const v2 = await imported(ungated, 'second.pstudio');
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(models.notice).toBe(`Imported ${v2.name} from second.pstudio as version 2 of Predict y`);
    expect((await modelStore.listModels()).map((r) => r.version)).toEqual([2, 1]);
    expect(models.records.map((r) => r.id)).toEqual([v2.id, v1.id]);
    expect(changes).toBeGreaterThanOrEqual(3);

    expect(await models.importFile(new File([new Uint8Array(0)], 'empty.pstudio'))).toBeNull();
    expect(models.error).toBe('Could not import empty.pstudio: the file is empty');
    expect(await models.importFile(new File(['not a zip'], 'junk.pstudio'))).toBeNull();
    expect(models.error).toMatch(/^Could not import junk\.pstudio: .*not a readable zip archive/);
    expect(await modelStore.listModels()).toHaveLength(2);
  });

  it('refuses to promote a model without a passing gate, saying why; promotes and rolls back the others', async () => {
    const v1 = await imported(passing, 'v1.pstudio');
    const v2 = await imported(passingAgain, 'v2.pstudio');
    const v3 = await imported(ungated, 'v3.pstudio');
    const v4 = await imported(failing, 'v4.pstudio');
    const stage = async (id: string) => (await modelStore.getModel(id))?.stage;
    // The registry orders promotions by time: a minute apart each, as a person would click.
    vi.useFakeTimers({ toFake: ['Date'] });
    const minute = (m: number) => vi.setSystemTime(new Date(`2026-03-02T10:${String(m).padStart(2, '0')}:00Z`));

    expect(await models.promote(v3)).toBe(false);
    expect(models.error).toBe(
      `${v3.name} cannot be promoted: its run had no validation gate. Set thresholds in the Validation gate form (on the pipeline), run the pipeline again and save that model.`,
    );
    const [check] = failing.gate.checks;
    expect(await models.promote(v4)).toBe(false);
    expect(models.error).toBe(`${v4.name} cannot be promoted: it failed the validation gate (accuracy ${Number(check.value.toPrecision(4))} is below 0.9).`);
    expect([await stage(v3.id), await stage(v4.id)]).toEqual(['none', 'none']);

    minute(1);
    expect(await models.promote(v1)).toBe(true);
    expect(models.error).toBeNull();
    expect(models.notice).toBe(`${v1.name} (v1) is in production`);
    expect(await stage(v1.id)).toBe('production');

    minute(2);
    expect(await models.promote(v2)).toBe(true);
    expect(models.notice).toBe(`${v2.name} (v2) is in production; v1 kept to roll back to`);
    expect([await stage(v1.id), await stage(v2.id)]).toEqual(['none', 'production']);
    expect(models.previousProduction('Predict y')?.id).toBe(v1.id);

    minute(3);
    expect(await models.rollBack('Predict y')).toBe(true);
    expect(models.notice).toBe('Rolled back Predict y: v1 is in production again instead of v2');
    expect([await stage(v1.id), await stage(v2.id)]).toEqual(['production', 'none']);
    expect(models.records.find((r) => r.stage === 'production')?.id).toBe(v1.id);
  });

  it('renames, keeps notes, exports the stored file, deletes and undoes the deletion', async () => {
    const v1 = await imported(passing, 'v1.pstudio');
    const bytes = (await modelStore.getBundle(v1.id)) as Uint8Array;

    expect(await models.rename(v1, '  Parity baseline ')).toBe(true);
    expect(models.notice).toBe('Renamed to Parity baseline');
    expect((await modelStore.getModel(v1.id))?.name).toBe('Parity baseline');
    expect(await models.rename(v1, '   ')).toBe(false);
    expect(models.error).toBe(`Could not rename ${v1.name}: A model needs a name`);

    const renamed = models.records[0];
    expect(await models.setNotes(renamed, 'trained on the parity sample')).toBe(true);
    expect((await modelStore.getModel(v1.id))?.notes).toBe('trained on the parity sample');

    await models.exportModel(models.records[0]);
    expect(downloads.map((d) => d.fileName)).toEqual(['Parity baseline.pstudio']);
    expect(new Uint8Array(await downloads[0].blob.arrayBuffer())).toEqual(bytes);

    await models.remove(models.records[0]);
    expect(await modelStore.getModel(v1.id)).toBeUndefined();
    expect(await modelStore.getBundle(v1.id)).toBeUndefined();
    expect(models.records).toEqual([]);
    expect(models.undo?.message).toMatch(/^Deleted Parity baseline \(v1, .+\)$/);

    await models.undoDelete();
    expect(models.undo).toBeNull();
    expect(models.notice).toBe('Restored Parity baseline');
    const restored = await modelStore.getModel(v1.id);
    expect(restored?.name).toBe('Parity baseline');
    expect(restored?.notes).toBe('trained on the parity sample');
    expect(await modelStore.getBundle(v1.id)).toEqual(bytes);
    expect(models.records.map((r) => r.id)).toEqual([v1.id]);
  });
});
