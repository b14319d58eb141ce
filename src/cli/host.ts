/**
 * What the CLI lends the models of a run: worker threads for the models that train in parallel
 * (random forests), started only when a model asks for them and ended when the run is over.
 */
import { availableParallelism } from 'node:os';
import type { ComputeHost } from '../core/models/contract';
import { NodeWorkerPool } from './worker-pool';

export function nodeHost(workers = availableParallelism()): { host: ComputeHost; close(): Promise<void> } {
  let pool: NodeWorkerPool | undefined;
  const host: ComputeHost = {
    get pool() {
      return (pool ??= new NodeWorkerPool(workers));
    },
  };
  return { host, close: async () => pool?.close() };
}
