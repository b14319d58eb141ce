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
import type { TaskPool } from '../core/parallel/pool';
import type { PoolReply, PoolRequest } from './pool-worker';

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

interface Job {
  request: PoolRequest;
  transfer: readonly ArrayBuffer[];
  resolve(output: unknown): void;
  reject(error: Error): void;
}

export class NodeWorkerPool implements TaskPool {
  readonly size: number;
  readonly #idle: Worker[] = [];
  readonly #all = new Set<Worker>();
  readonly #queue: Job[] = [];
  readonly #running = new Map<Worker, Job>();
  #nextId = 0;
  #closed = false;

  constructor(size = availableParallelism()) {
    if (!(Number.isInteger(size) && size >= 1)) throw new Error(`A worker pool needs at least one worker; ${size} was asked for.`);
    this.size = size;
  }

  run<I, O>(task: string, input: I, transfer: readonly ArrayBuffer[] = []): Promise<O> {
    if (this.#closed) return Promise.reject(new Error('The worker pool is closed.'));
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ request: { id: this.#nextId++, task, input }, transfer, resolve: resolve as (output: unknown) => void, reject });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const failed = new Error('The worker pool was closed before the task finished.');
    for (const job of this.#queue.splice(0)) job.reject(failed);
    for (const job of this.#running.values()) job.reject(failed);
    this.#running.clear();
    await Promise.all([...this.#all].map((w) => w.terminate()));
    this.#all.clear();
    this.#idle.length = 0;
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const worker = this.#idle.pop() ?? (this.#all.size < this.size ? this.#spawn() : undefined);
      if (!worker) return;
      const job = this.#queue.shift()!;
      this.#running.set(worker, job);
      worker.ref();
      worker.postMessage(job.request, [...job.transfer]);
    }
  }

  #spawn(): Worker {
    const worker = new Worker(workerBootstrap(), { eval: true, execArgv: [] });
    this.#all.add(worker);
    worker.on('message', (reply: PoolReply) => {
      const job = this.#running.get(worker);
      this.#running.delete(worker);
      worker.unref();
      this.#idle.push(worker);
      if (job) {
        if ('error' in reply) job.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
        else job.resolve(reply.output);
      }
      this.#dispatch();
    });
    // A worker that dies takes its task with it; the next task gets a fresh worker.
    const lost = (error: Error) => {
      const job = this.#running.get(worker);
      this.#running.delete(worker);
      this.#all.delete(worker);
      const at = this.#idle.indexOf(worker);
      if (at >= 0) this.#idle.splice(at, 1);
      job?.reject(error);
      if (!this.#closed) this.#dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => {
      if (this.#all.has(worker)) lost(new Error(`A pool worker stopped (exit code ${code}).`));
    });
    return worker;
  }
}
