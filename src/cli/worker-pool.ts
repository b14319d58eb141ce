/**
 * Core's TaskPool on Node's worker_threads: up to `size` workers (the machine's parallelism by
 * default), started on first use, each running one task at a time from a queue. A worker starts
 * from a few lines that register tsx's loader and then import the TypeScript entry (Node 20 does
 * not apply `--import tsx` from a worker's execArgv to its entry), so the pool works the same under
 * `npm run studio` and vitest. Idle workers do not keep the process alive; `close()` ends them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { QueuedPool, type PoolReply, type PoolThread, type ThreadEvents } from '../core/parallel/queued-pool';

function workerBootstrap(): string {
  const tsx = pathToFileURL(tsxEsmApi()).href;
  const entry = new URL('./pool-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
}

/**
 * The ES-module build of tsx's API, from its package exports (require.resolve would give the
 * CommonJS build, whose register() cannot find its own ESM half from a worker).
 */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const exports = JSON.parse(readFileSync(manifest, 'utf8')).exports as Record<string, { import: { default: string } }>;
  return join(dirname(manifest), exports['./esm/api'].import.default);
}

/** Core's queued pool on worker_threads; `close()` ends the workers. */
export class NodeWorkerPool extends QueuedPool {
  constructor(size = availableParallelism()) {
    super(size, startThread);
  }
}

function startThread(events: ThreadEvents): PoolThread {
  const worker = new Worker(workerBootstrap(), { eval: true, execArgv: [] });
  worker.unref();
  worker.on('message', (reply: PoolReply) => events.reply(reply));
  worker.on('error', (error) => events.lost(error));
  worker.on('exit', (code) => events.lost(new Error(`A pool worker stopped (exit code ${code}).`)));
  return {
    post: (request) => worker.postMessage(request),
    busy: (busy) => (busy ? worker.ref() : worker.unref()),
    terminate: () => worker.terminate(),
  };
}
