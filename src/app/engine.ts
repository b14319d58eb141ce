/** The one engine worker of the page, started on first use and ended when the page goes away. */
import { callback, startEngine, type Engine } from '../engine/client';
import { getDatasetFile } from '../store/datasets';

let engine: Engine | undefined;

export function engineApi(): Engine['api'] {
  if (!engine) {
    engine = startEngine();
    // The page is the one reader of stored files: the engine reads an evicted dataset again through it.
    void engine.api.useStoredFiles(callback(getDatasetFile));
  }
  return engine.api;
}

export function disposeEngine(): void {
  engine?.dispose();
  engine = undefined;
}
