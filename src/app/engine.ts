/**
 * The page's engine: the worker's calls as the page makes them (each one async across the
 * boundary), and the connection that starts the worker on first use and ends it with the page.
 */
import type { EngineApi } from '../engine/protocol';
import { callback } from '../engine/client';

/** Every engine call, as the page makes it: asynchronous, whatever the worker's own signature. */
export type EngineCalls = { [K in keyof EngineApi]: (...args: Parameters<EngineApi[K]>) => Promise<Awaited<ReturnType<EngineApi[K]>>> };

/** The engine as a slice of the state reaches it: started on the first call that needs it. */
export type EngineAccess<K extends keyof EngineCalls = keyof EngineCalls> = () => Pick<EngineCalls, K>;

export interface EngineConnection {
  /** The engine's calls; the worker starts on the first use. */
  api: EngineAccess;
  /** End the worker (the page goes away); a later call starts a new one. */
  dispose(): void;
}

/**
 * Connect to an engine that `start` starts when first needed. The page is the one reader of stored
 * files: it lends the engine `readStoredFile`, through which the engine reads a dataset it let go to
 * save memory again (DESIGN.md §1: the engine does not reach IndexedDB itself).
 */
export function connectEngine(start: () => { api: EngineCalls; dispose(): void }, readStoredFile: (id: string) => Promise<Blob | undefined>): EngineConnection {
  let engine: { api: EngineCalls; dispose(): void } | undefined;
  return {
    api() {
      if (!engine) {
        engine = start();
        void engine.api.useStoredFiles(callback(readStoredFile));
      }
      return engine.api;
    },
    dispose() {
      engine?.dispose();
      engine = undefined;
    },
  };
}
