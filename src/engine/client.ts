/** The page's handle on the engine worker: typed async calls through comlink. */
import * as Comlink from 'comlink';
import type { EngineApi } from './protocol';

export interface Engine {
  api: Comlink.Remote<EngineApi>;
  dispose(): void;
}

export function startEngine(): Engine {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
  const api = Comlink.wrap<EngineApi>(worker);
  return {
    api,
    dispose() {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

/** Callbacks cross the boundary as proxies; the worker calls them back on the page. */
export const callback = Comlink.proxy;
