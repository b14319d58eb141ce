/**
 * The Datasets list as a person uses it: files dropped load one after another, Cancel stops the
 * load in progress and leaves the stored datasets as they were, an evicted or forgotten dataset is
 * read again from its stored file, a file already stored selects the stored copy, and a deletion
 * can be undone. Values are read back from the state and from IndexedDB (fake-indexeddb).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as datasetStore from '../../src/store/datasets';
import { closeDatabase, csvFile, freshDatabase, testStudio, type TestStudio } from './fakes/studio';

const A = 'bill,flipper,species\n39.1,181,Adelie\n46.5,210,Gentoo\n49.3,195,Chinstrap\n38.6,190,Adelie\n';
const B = 'size,rooms,price\n50,2,210\n72,3,305\n91,4,380\n';
const C = 'x,label\n1,yes\n2,no\n3,yes\n';

let current: TestStudio | undefined;

async function opened(options?: Parameters<typeof testStudio>[0]): Promise<TestStudio> {
  current = testStudio(options);
  await current.studio.init();
  return current;
}

const storedNames = async () => (await datasetStore.listDatasets()).map((d) => d.name);
const storedText = async (id: string) => (await datasetStore.getDatasetFile(id))?.text();
const loads = (t: TestStudio) => t.engine.calls.filter((c) => c === 'loadDataset').length;

beforeEach(freshDatabase);

afterEach(async () => {
  current?.studio.dispose();
  current = undefined;
  await closeDatabase();
});

describe('the dataset queue', () => {
  it('loads several files one after another, each stored before the next starts; the last becomes active', async () => {
    const t = await opened();
    const { studio, engine } = t;
    engine.holdLoads = true;
    const first = studio.data.addFiles([csvFile('a.csv', A), csvFile('b.csv', B)]);
    // A second drop while the first is loading waits its turn.
    const second = studio.data.addFiles([csvFile('c.csv', C)]);

    const a = await engine.nextLoad();
    expect(a.name).toBe('a.csv');
    expect(studio.data.task).toEqual({ name: 'a.csv', index: 1, total: 2 });
    expect(studio.data.loading).toBe('a.csv');
    expect(loads(t)).toBe(1);
    a.finish();

    const b = await engine.nextLoad();
    expect(b.name).toBe('b.csv');
    expect(studio.data.task).toEqual({ name: 'b.csv', index: 2, total: 2 });
    expect(await storedNames()).toEqual(['a.csv']);
    b.finish();

    const c = await engine.nextLoad();
    expect(c.name).toBe('c.csv');
    expect(studio.data.task).toEqual({ name: 'c.csv', index: 1, total: 1 });
    // The first drop finished (and activated b.csv) before the second started.
    expect(studio.data.active?.name).toBe('b.csv');
    c.finish();
    await Promise.all([first, second]);

    expect(studio.data.loading).toBeNull();
    expect(studio.data.progress).toBeNull();
    expect(studio.data.datasets.map((d) => d.name)).toEqual(['a.csv', 'b.csv', 'c.csv']);
    expect(await storedNames()).toEqual(['a.csv', 'b.csv', 'c.csv']);
    const [ra, rb, rc] = studio.data.datasets;
    expect([await storedText(ra.id), await storedText(rb.id), await storedText(rc.id)]).toEqual([A, B, C]);
    expect(rb.rows).toBe(3);
    expect(rb.schema).toEqual([
      { name: 'size', kind: 'numeric' },
      { name: 'rooms', kind: 'numeric' },
      { name: 'price', kind: 'numeric' },
    ]);

    expect(studio.data.activeId).toBe(rc.id);
    expect(engine.activeId).toBe(rc.id);
    expect(studio.data.summary?.name).toBe('c.csv');
    // The target is the suggested one, and the studio proposed a pipeline for it.
    expect(studio.data.target).toBe('label');
    expect(studio.pipeline.spec?.target).toBe('label');
    expect(studio.pipeline.spec?.task).toBe('classification');
    expect(studio.data.error).toBeNull();
  });

  it('reports each file that cannot be a dataset by name and stores the others', async () => {
    const { studio, engine } = await opened();
    await studio.data.addFiles([csvFile('a.csv', A), csvFile('sheet.xlsx', 'PK'), csvFile('empty.csv', 'x,y\n'), csvFile('c.csv', C)]);

    expect(studio.data.error).toBe(
      [
        'Could not load sheet.xlsx: it is a spreadsheet workbook, not a CSV file; save the sheet as CSV first',
        'Could not load empty.csv: empty.csv has a header but no rows',
      ].join('\n'),
    );
    expect(await storedNames()).toEqual(['a.csv', 'c.csv']);
    expect(studio.data.active?.name).toBe('c.csv');
    // The workbook never reached the engine; the empty file was parsed and is not held.
    expect([...engine.library.values()].map((d) => d.name)).toEqual(['a.csv', 'c.csv']);
  });

  it('Cancel stops the load in progress and the files queued after it; the stored datasets stay as they were', async () => {
    const t = await opened();
    const { studio, engine } = t;
    await studio.data.addFiles([csvFile('a.csv', A)]);
    const before = await datasetStore.listDatasets();
    const activeBefore = studio.data.activeId;

    engine.holdLoads = true;
    const adding = studio.data.addFiles([csvFile('b.csv', B), csvFile('c.csv', C)]);
    const b = await engine.nextLoad();
    expect(studio.data.loading).toBe('b.csv');
    studio.data.cancel();
    await adding;

    expect(engine.calls).toContain('cancelLoad');
    // c.csv was never started: one load for a.csv, one for b.csv.
    expect(loads(t)).toBe(2);
    expect(b.name).toBe('b.csv');
    expect(studio.data.loading).toBeNull();
    expect(studio.data.error).toBeNull();
    expect(await datasetStore.listDatasets()).toEqual(before);
    expect(studio.data.datasets).toEqual(before);
    expect(studio.data.activeId).toBe(activeBefore);
    expect(studio.data.summary?.name).toBe('a.csv');
    expect([...engine.library.keys()]).toEqual([activeBefore]);
  });

  it('Cancel during the second file of a drop keeps the first, which becomes active', async () => {
    const { studio, engine } = await opened();
    engine.holdLoads = true;
    const adding = studio.data.addFiles([csvFile('a.csv', A), csvFile('b.csv', B)]);
    (await engine.nextLoad()).finish();
    await engine.nextLoad();
    studio.data.cancel();
    await adding;

    expect(await storedNames()).toEqual(['a.csv']);
    expect(studio.data.active?.name).toBe('a.csv');
    expect(engine.activeId).toBe(studio.data.activeId);
  });

  it('a later load after Cancel runs normally', async () => {
    const { studio, engine } = await opened();
    engine.holdLoads = true;
    const cancelled = studio.data.addFiles([csvFile('a.csv', A)]);
    await engine.nextLoad();
    studio.data.cancel();
    await cancelled;
    engine.holdLoads = false;
    await studio.data.addFiles([csvFile('b.csv', B)]);

    expect(await storedNames()).toEqual(['b.csv']);
    expect(studio.data.active?.name).toBe('b.csv');
  });
});

describe('reading a dataset again', () => {
  it('an evicted dataset is read again by the engine through the store reader the page lent it', async () => {
    const t = await opened();
    const { studio, engine } = t;
    await studio.data.addFiles([csvFile('a.csv', A), csvFile('b.csv', B)]);
    const [ra] = studio.data.datasets;
    // The page lent its reader of stored files as the engine started, before anything else.
    expect(engine.calls[0]).toBe('useStoredFiles');

    engine.evict(ra.id);
    const loadsBefore = loads(t);
    await studio.data.select(ra.id);

    // The page did not parse it again (the engine still lists it); the engine read the stored file.
    expect(loads(t)).toBe(loadsBefore);
    expect(engine.rereads).toEqual([ra.id]);
    expect(engine.library.get(ra.id)?.text).toBe(A);
    expect(studio.data.activeId).toBe(ra.id);
    expect(studio.data.summary?.name).toBe('a.csv');
    expect(studio.pipeline.spec?.target).toBe('species');
  });

  it('after a reload, the dataset active last is parsed again from its stored file', async () => {
    const first = await opened();
    await first.studio.data.addFiles([csvFile('a.csv', A), csvFile('b.csv', B)]);
    await first.studio.data.select(first.studio.data.datasets[0].id);
    const activeId = first.studio.data.activeId;
    first.studio.dispose();

    // A new page: a new engine that holds nothing, the same IndexedDB.
    const second = await opened();
    expect(second.studio.data.datasets.map((d) => d.name)).toEqual(['a.csv', 'b.csv']);
    expect(loads(second)).toBe(1);
    expect(second.engine.library.get(activeId as string)?.text).toBe(A);
    expect(second.studio.data.activeId).toBe(activeId);
    expect(second.studio.data.summary?.name).toBe('a.csv');
    expect(second.studio.data.target).toBe('species');
  });
});

describe('duplicates and deletion', () => {
  it('a file already stored (same bytes, another name) selects the stored copy and stores nothing', async () => {
    const { studio, engine } = await opened();
    await studio.data.addFiles([csvFile('a.csv', A), csvFile('b.csv', B)]);
    const [ra] = studio.data.datasets;
    await studio.data.addFiles([csvFile('copy of a.csv', A)]);

    expect(studio.data.notice).toBe('copy of a.csv: This file is already in the Datasets list as "a.csv"; selected it.');
    expect(studio.data.error).toBeNull();
    expect(await storedNames()).toEqual(['a.csv', 'b.csv']);
    expect(studio.data.activeId).toBe(ra.id);
    expect(studio.data.summary?.name).toBe('a.csv');
    // The engine let the second parse go: it holds each dataset once.
    expect([...engine.library.values()].map((d) => d.name)).toEqual(['a.csv', 'b.csv']);
  });

  it('deletes a dataset (the newest remaining becomes active) and Undo brings it back with its file', async () => {
    const { studio, engine } = await opened();
    await studio.data.addFiles([csvFile('a.csv', A), csvFile('b.csv', B)]);
    const [ra, rb] = studio.data.datasets;
    expect(studio.data.activeId).toBe(rb.id);

    await studio.data.remove(rb.id);
    expect(await storedNames()).toEqual(['a.csv']);
    expect(await datasetStore.getDatasetFile(rb.id)).toBeUndefined();
    expect(studio.data.datasets.map((d) => d.name)).toEqual(['a.csv']);
    expect(studio.data.deleted?.record.name).toBe('b.csv');
    expect(studio.data.activeId).toBe(ra.id);
    expect(studio.data.summary?.name).toBe('a.csv');
    expect(studio.pipeline.spec?.target).toBe('species');
    expect(engine.library.has(rb.id)).toBe(false);

    await studio.data.undoRemove();
    expect(studio.data.deleted).toBeNull();
    expect(await storedNames()).toEqual(['a.csv', 'b.csv']);
    expect(await storedText(rb.id)).toBe(B);
    expect(studio.data.datasets.map((d) => d.id)).toEqual([ra.id, rb.id]);
    expect(studio.data.activeId).toBe(ra.id);

    // Selecting it again reads its restored file (the engine had forgotten it).
    await studio.data.select(rb.id);
    expect(engine.library.get(rb.id)?.text).toBe(B);
    expect(studio.data.summary?.name).toBe('b.csv');
  });

  it('deleting the only dataset leaves nothing active and no pipeline', async () => {
    const { studio } = await opened();
    await studio.data.addFiles([csvFile('a.csv', A)]);
    await studio.data.remove(studio.data.datasets[0].id);

    expect(await storedNames()).toEqual([]);
    expect(studio.data.activeId).toBeNull();
    expect(studio.data.summary).toBeNull();
    expect(studio.data.target).toBe('');
    expect(studio.pipeline.spec).toBeNull();
    expect(studio.runBlocker).toBe('Load a dataset first');
  });

  it('renames a dataset in the list, the store, the engine and the active summary', async () => {
    const { studio, engine } = await opened();
    await studio.data.addFiles([csvFile('a.csv', A)]);
    const [ra] = studio.data.datasets;
    await studio.data.rename(ra.id, '  penguins  ');

    expect((await datasetStore.getDataset(ra.id))?.name).toBe('penguins');
    expect(studio.data.datasets[0].name).toBe('penguins');
    expect(studio.data.summary?.name).toBe('penguins');
    expect(engine.library.get(ra.id)?.name).toBe('penguins');

    await studio.data.rename(ra.id, '   ');
    expect(studio.data.error).toBe('A dataset needs a name');
    expect((await datasetStore.getDataset(ra.id))?.name).toBe('penguins');
  });
});

describe('samples', () => {
  it('a sample is stored like a file, with its known target', async () => {
    const sample = { info: { name: 'Houses', file: 'houses.csv', target: 'rooms', task: 'regression' as const, description: 'Prices' }, text: B };
    const { studio } = await opened({ samples: [sample] });
    expect(studio.data.samples).toEqual([sample.info]);
    await studio.data.addSample(sample.info);

    expect(await storedNames()).toEqual(['houses.csv']);
    expect(studio.data.target).toBe('rooms');
    expect(await storedText(studio.data.datasets[0].id)).toBe(B);

    await studio.data.addSample({ ...sample.info, file: 'gone.csv' });
    expect(studio.data.error).toBe('Could not read the sample gone.csv (HTTP 404)');
    expect(await storedNames()).toEqual(['houses.csv']);
  });
});
