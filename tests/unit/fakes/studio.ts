/**
 * The studio as the app's tests build it: the real store on fake-indexeddb (a fresh, empty database
 * for each test), the fake engine connected as the page connects its worker (it is lent the store's
 * reader of dataset files), and downloads and samples kept in memory for the test to read.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { closeStudioDb } from '../../../src/store/db';
import * as datasets from '../../../src/store/datasets';
import * as models from '../../../src/store/models';
import * as pipelines from '../../../src/store/pipelines';
import * as runs from '../../../src/store/runs';
import * as storage from '../../../src/store/storage';
import { connectEngine } from '../../../src/app/engine';
import { ModelsState } from '../../../src/app/models.svelte';
import type { SampleInfo } from '../../../src/app/samples';
import { Studio, type AppDeps } from '../../../src/app/studio-state.svelte';
import { FakeEngine } from './engine';

/** A fresh, empty IndexedDB (call before each test; closeDatabase after it). */
export function freshDatabase(): void {
  globalThis.indexedDB = new IDBFactory();
}

export const closeDatabase = closeStudioDb;

export interface TestStudio {
  studio: Studio;
  engine: FakeEngine;
  deps: AppDeps;
  /** Files offered for download, in order. */
  downloads: { fileName: string; blob: Blob }[];
  /** How many times the page ended the engine. */
  disposed: () => number;
}

/** A sample the fake sample source offers, with its file's text. */
export interface TestSample {
  info: SampleInfo;
  text: string;
}

export function testStudio({ engine = new FakeEngine(), samples = [] as TestSample[] } = {}): TestStudio {
  const downloads: TestStudio['downloads'] = [];
  let disposed = 0;
  const deps: AppDeps = {
    engine: connectEngine(() => ({ api: engine, dispose: () => void disposed++ }), datasets.getDatasetFile),
    datasets,
    models,
    pipelines,
    runs,
    storage,
    samples: {
      list: async () => samples.map((s) => s.info),
      fetch: async (sample) => {
        const found = samples.find((s) => s.info.file === sample.file);
        if (!found) throw new Error(`Could not read the sample ${sample.file} (HTTP 404)`);
        return new Blob([found.text], { type: 'text/csv' });
      },
    },
    download: (blob, fileName) => void downloads.push({ blob, fileName }),
    systemDark: { current: false },
  };
  return { studio: new Studio(deps), engine, deps, downloads, disposed: () => disposed };
}

/** A CSV file as the person would drop it. */
export function csvFile(name: string, text: string): File {
  return new File([text], name, { type: 'text/csv' });
}

/**
 * The model registry's slice alone, on the real store and a fresh fake engine, with no storage figures:
 * downloads go to `downloads`, and `changed` is called as the page's other slices would be told.
 */
export function modelsState(downloads: { fileName: string; blob: Blob }[], changed: () => void = () => {}): ModelsState {
  const engine = new FakeEngine();
  return new ModelsState({
    engine: () => engine,
    store: models,
    storage: { storageInfo: async () => null, requestPersistence: async () => null },
    download: (blob, fileName) => void downloads.push({ blob, fileName }),
    changed,
  });
}
