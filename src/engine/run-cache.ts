/**
 * The worker's run cache, which lets go of an evicted dataset too: its entries (combined tables,
 * preprocessed splits, models) are derived from the datasets the runs read, so evicting one of
 * those empties the cache; otherwise the memory eviction frees would stay taken.
 */
import { createRunCache, type RunCache } from '../core/pipeline/run';

export interface DatasetRunCache {
  cache: RunCache;
  /** Call before a run with the ids of the datasets it reads; call what it returns once the run is over. */
  reading(ids: readonly string[]): () => void;
}

/** `onEvicted` subscribes to the library's evictions (library.ts). */
export function createDatasetRunCache(onEvicted: (listener: (id: string) => void) => unknown): DatasetRunCache {
  const cache = createRunCache();
  /** The datasets the cache's entries were computed from. */
  const sources = new Set<string>();
  const runs = new Set<{ ids: ReadonlySet<string>; stale: boolean }>();
  const empty = () => {
    cache.clear();
    sources.clear();
  };
  onEvicted((id) => {
    for (const run of runs) if (run.ids.has(id)) run.stale = true;
    if (sources.has(id)) empty();
  });
  return {
    cache,
    reading(ids) {
      const run = { ids: new Set(ids), stale: false };
      runs.add(run);
      for (const id of ids) sources.add(id);
      return () => {
        runs.delete(run);
        // Evicted while the run went on: what it cached since is derived from a table no longer held.
        if (run.stale) empty();
        // Another eviction may have emptied the list while the run filled the cache.
        else for (const id of ids) sources.add(id);
      };
    },
  };
}
