/**
 * The page's connection to its engine: the worker starts on the first call that needs it, is lent
 * the store's reader of dataset files once as it starts, and ends with the page (a later call
 * starts a new one). The reader it is lent reads the real store (fake-indexeddb).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectEngine } from '../../src/app/engine';
import * as datasetStore from '../../src/store/datasets';
import { FakeEngine } from './fakes/engine';
import { closeDatabase, csvFile, freshDatabase, testStudio } from './fakes/studio';

beforeEach(freshDatabase);
afterEach(closeDatabase);

describe('the engine connection', () => {
  it('starts the engine on first use, lends it the stored-file reader once, and starts a new one after dispose', async () => {
    const started: FakeEngine[] = [];
    let ended = 0;
    const connection = connectEngine(() => {
      const engine = new FakeEngine();
      started.push(engine);
      return { api: engine, dispose: () => void ended++ };
    }, datasetStore.getDatasetFile);
    expect(started).toHaveLength(0);

    const api = connection.api();
    expect(connection.api()).toBe(api);
    expect(started).toHaveLength(1);
    expect(started[0].calls).toEqual(['useStoredFiles']);

    const dialect = { delimiter: ',', quoteChar: '"', escapeChar: '"', header: true, encoding: 'UTF-8', bom: false, lineEnding: 'LF' as const };
    const described = { id: 'd1', name: 'a.csv', size: 4, target: 'y', rows: 1, dialect, overrides: {}, schema: [{ name: 'y', kind: 'numeric' as const }], sha256: 'ab'.repeat(32) };
    const stored = await datasetStore.addDataset(described, new Blob(['y\n1\n']));
    expect(await (await started[0].storedFiles?.(stored.id))?.text()).toBe('y\n1\n');
    expect(await started[0].storedFiles?.('nothing')).toBeUndefined();

    connection.dispose();
    expect(ended).toBe(1);
    expect(connection.api()).not.toBe(api);
    expect(started).toHaveLength(2);
    expect(started[1].calls).toEqual(['useStoredFiles']);
  });

  it('a studio starts its engine only when it needs it, and ends it on dispose', async () => {
    const t = testStudio();
    await t.studio.init();
    // Nothing stored: nothing to read, no pipeline to check.
    expect(t.engine.calls).toEqual([]);
    await t.studio.data.addFiles([csvFile('a.csv', 'x,y\n1,a\n2,b\n')]);
    expect(t.engine.calls[0]).toBe('useStoredFiles');
    t.studio.dispose();
    expect(t.disposed()).toBe(1);
  });
});
