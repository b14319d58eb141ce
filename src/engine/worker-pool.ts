/**
 * The engine's task pool: Web Workers started from the engine worker (nested workers), one per
 * logical core, for the models that train in parallel (random forests). Inputs in shared memory are
 * shared, not copied, because the page is cross-origin isolated.
 */
import { QueuedPool, type PoolReply, type PoolThread, type ThreadEvents } from '../core/parallel/queued-pool';

function startThread(events: ThreadEvents): PoolThread {
  const worker = new Worker(new URL('./pool.worker.ts', import.meta.url), { type: 'module', name: 'pool' });
  worker.addEventListener('message', (event: MessageEvent<PoolReply>) => events.reply(event.data));
  worker.addEventListener('error', (event) => events.lost(new Error(`A pool worker failed: ${event.message || 'it could not start'}`)));
  return {
    post: (request) => worker.postMessage(request),
    terminate: () => worker.terminate(),
  };
}

let pool: QueuedPool | undefined;

/**
 * The engine's one pool, made on first use (a worker starts only when a task is queued): forests'
 * trees, boosting's histograms, tree ensembles' large prediction batches. At least one worker, at
 * most one per logical core (a tab should leave the machine usable: at most 8).
 */
export function enginePool(): QueuedPool {
  return (pool ??= new QueuedPool(Math.max(1, Math.min(8, globalThis.navigator?.hardwareConcurrency ?? 1)), startThread));
}
