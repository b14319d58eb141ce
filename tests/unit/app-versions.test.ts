/**
 * The open pipeline's versions as a person uses them: a version is kept when a changed pipeline
 * runs (or a note is written), with what changed; an older version can be compared and put back,
 * as one undoable edit; a pipeline file opens only when it is valid. Read back from IndexedDB.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineSpec } from '../../src/core/pipeline/spec';
import * as pipelineStore from '../../src/store/pipelines';
import { closeDatabase, csvFile, freshDatabase, testStudio, type TestStudio } from './fakes/studio';

const PENGUINS = 'bill,flipper,species\n39.1,181,Adelie\n46.5,210,Gentoo\n49.3,195,Chinstrap\n';

let t: TestStudio;

/** Keep a version as Run does, before it trains. */
async function snapshot(): Promise<number | undefined> {
  return (await t.studio.versions.snapshot(structuredClone(t.studio.pipeline.spec) as PipelineSpec))?.version;
}

beforeEach(async () => {
  freshDatabase();
  t = testStudio();
  await t.studio.init();
  await t.studio.data.addFiles([csvFile('penguins.csv', PENGUINS)]);
});

afterEach(async () => {
  t.studio.dispose();
  await closeDatabase();
});

describe('pipeline versions', () => {
  it('keeps a version only when the pipeline changed or a note was written, with what changed', async () => {
    const { studio } = t;
    expect(await snapshot()).toBe(1);
    expect(await snapshot()).toBe(1);
    studio.pipeline.setParam('model', 'C', 0.5);
    studio.pipeline.remove(['standardize']);
    expect(await snapshot()).toBe(2);
    studio.versions.note = '  fewer steps ';
    expect(await snapshot()).toBe(3);
    expect(studio.versions.note).toBe('');

    const stored = await pipelineStore.listPipelineVersions('Predict species');
    expect(stored.map((v) => [v.version, v.note])).toEqual([
      [1, ''],
      [2, ''],
      [3, 'fewer steps'],
    ]);
    expect(stored[1].changes).toEqual(['removed node standardize (standardize)', 'model.C 1 → 0.5', 'connected impute → one_hot', 'disconnected impute → standardize', 'disconnected standardize → one_hot']);
    expect(stored[2].changes).toEqual([]);
    // The list shows the newest first.
    expect(studio.versions.versions.map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it('compares a version with the open pipeline and puts it back as one undoable edit', async () => {
    const { studio } = t;
    await snapshot();
    const first = studio.versions.versions[0];
    studio.pipeline.setParam('split', 'test_fraction', 0.3);
    const edited = studio.pipeline.spec;

    studio.versions.compare(first.id, studio.pipeline.spec);
    expect(studio.versions.comparing).toEqual({ id: first.id, version: 1, changes: ['split.test_fraction 0.2 → 0.3'] });

    studio.restoreVersion(first.id);
    expect(studio.pipeline.spec).toEqual(first.spec);
    expect(studio.versions.comparing).toBeNull();
    expect(studio.versions.notice).toBe('Restored version 1 of "Predict species".');
    expect(studio.pipeline.undoLabel).toBe('Restore version 1');
    studio.pipeline.undo();
    expect(studio.pipeline.spec).toBe(edited);
  });

  it('opens a valid pipeline file and refuses a broken one, leaving the open pipeline as it was', async () => {
    const { studio } = t;
    studio.savePipelineFile();
    const [download] = t.downloads;
    expect(download.fileName).toBe('Predict species.pipeline.json');
    const saved = JSON.parse(await download.blob.text()) as PipelineSpec;
    expect(saved.nodes).toEqual(studio.pipeline.spec?.nodes);

    const before = studio.pipeline.spec;
    expect(await studio.openPipelineFile(new File(['{"format": "something else"}'], 'broken.pipeline.json'))).toBe(false);
    expect(studio.versions.error).toMatch(/^Could not open broken\.pipeline\.json: /);
    expect(studio.pipeline.spec).toBe(before);

    const renamed = { ...saved, name: 'Species, fewer steps', nodes: saved.nodes.filter((n) => n.id !== 'standardize'), edges: saved.edges.filter((e) => e.from !== 'standardize' && e.to !== 'standardize').concat({ from: 'impute', to: 'one_hot' }) };
    expect(await studio.openPipelineFile(new File([JSON.stringify(renamed)], 'fewer.pipeline.json'))).toBe(true);
    expect(studio.versions.notice).toBe('Opened fewer.pipeline.json.');
    expect(studio.pipeline.spec?.name).toBe('Species, fewer steps');
    expect(studio.pipeline.spec?.nodes.map((n) => n.id)).not.toContain('standardize');
    expect(studio.pipeline.undoLabel).toBe('Open fewer.pipeline.json');
  });
});
