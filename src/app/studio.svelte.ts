/**
 * The page's studio: the state and commands (studio-state.svelte.ts) wired to the engine worker,
 * IndexedDB, the built-in samples, downloads and the system's colour scheme.
 */
import { MediaQuery } from 'svelte/reactivity';
import { startEngine } from '../engine/client';
import * as datasets from '../store/datasets';
import * as models from '../store/models';
import * as pipelines from '../store/pipelines';
import * as runs from '../store/runs';
import * as storage from '../store/storage';
import { connectEngine } from './engine';
import { downloadBlob } from './files';
import { fetchSample, fetchSamples } from './samples';
import { Studio } from './studio-state.svelte';

export const studio = new Studio({
  engine: connectEngine(startEngine, datasets.getDatasetFile),
  datasets,
  models,
  pipelines,
  runs,
  storage,
  samples: { list: fetchSamples, fetch: fetchSample },
  download: downloadBlob,
  systemDark: new MediaQuery('(prefers-color-scheme: dark)', false),
});
