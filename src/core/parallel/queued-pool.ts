/**
 * The part of a task pool that does not depend on what a thread is: a queue of tasks, up to `size`
 * threads started on demand, one task per thread at a time, a reply resolving its task, a thread
 * that dies failing its task (the next task gets a fresh thread). Node's worker_threads pool
 * (src/cli/worker-pool.ts) and the page's Web Worker pool (src/engine/worker-pool.ts) give it
 * their way of starting a thread.
 */
import { abortReason, type TaskPool } from './pool';

export interface PoolRequest {
  id: number;
  task: string;
  input: unknown;
}

export type PoolReply = { id: number; output: unknown } | { id: number; error: { name: string; message: string } };

/** A started thread, as the queue sees it. */
export interface PoolThread {
  post(request: PoolRequest): void;
  /** Idle threads need not keep a process alive (Node); busy ones do. */
  busy?(busy: boolean): void;
  terminate(): Promise<unknown> | void;
}

/** How a thread reports back: a reply to its task, or its own end. */
export interface ThreadEvents {
  reply(reply: PoolReply): void;
  lost(error: Error): void;
}

interface Job {
  request: PoolRequest;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

/**
 * The unsettled jobs of each cancel signal. A signal gets one listener for all its jobs (a search
 * cancels a candidate's ten or fifteen folds with one signal: a listener apiece would pass Node's
 * warning threshold), removed once its last job settles.
 */
class Cancellations {
  readonly #jobs = new Map<AbortSignal, { jobs: Set<Job>; onAbort: () => void }>();

  /** The job, settling out of its signal's set; `cancel` gets all of the signal's unsettled jobs when it aborts. */
  track(job: Job, signal: AbortSignal | undefined, cancel: (jobs: Job[]) => void): Job {
    if (!signal) return job;
    let entry = this.#jobs.get(signal);
    if (!entry) {
      const jobs = new Set<Job>();
      const onAbort = () => {
        this.#jobs.delete(signal);
        cancel([...jobs]);
      };
      entry = { jobs, onAbort };
      this.#jobs.set(signal, entry);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    const { jobs, onAbort } = entry;
    const done = () => {
      jobs.delete(wrapped);
      if (jobs.size === 0 && this.#jobs.get(signal) === entry) {
        this.#jobs.delete(signal);
        signal.removeEventListener('abort', onAbort);
      }
    };
    const wrapped: Job = {
      ...job,
      resolve: (output) => (done(), job.resolve(output)),
      reject: (error) => (done(), job.reject(error)),
    };
    jobs.add(wrapped);
    return wrapped;
  }
}

export class QueuedPool implements TaskPool {
  readonly #idle: PoolThread[] = [];
  readonly #all = new Set<PoolThread>();
  readonly #queue: Job[] = [];
  readonly #running = new Map<PoolThread, Job>();
  readonly #cancellations = new Cancellations();
  #nextId = 0;
  #closed = false;

  constructor(
    readonly size: number,
    private readonly start: (events: ThreadEvents) => PoolThread,
  ) {
    if (!(Number.isInteger(size) && size >= 1)) throw new Error(`A worker pool needs at least one worker; ${size} was asked for.`);
  }

  run<I, O>(task: string, input: I, signal?: AbortSignal): Promise<O> {
    if (this.#closed) return Promise.reject(new Error('The worker pool is closed.'));
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<O>((resolve, reject) => {
      const job: Job = { request: { id: this.#nextId++, task, input }, resolve: resolve as (output: unknown) => void, reject };
      this.#queue.push(this.#cancellations.track(job, signal, (cancelled) => this.#cancel(cancelled, abortReason(signal as AbortSignal))));
      this.#dispatch();
    });
  }

  /**
   * Cancelled jobs leave the queue, all of them first (else ending one's thread would hand the next
   * doomed one a fresh thread); running ones have their threads ended, and the next tasks get fresh ones.
   */
  #cancel(jobs: readonly Job[], reason: Error): void {
    const cancelled = new Set(jobs);
    const kept = this.#queue.filter((job) => !cancelled.has(job));
    this.#queue.splice(0, this.#queue.length, ...kept);
    for (const [thread, running] of this.#running) {
      if (!cancelled.has(running)) continue;
      this.#running.delete(thread);
      // Forgotten first, so that its exit is not taken for a thread lost in the middle of a task.
      this.#all.delete(thread);
      void thread.terminate();
    }
    for (const job of jobs) job.reject(reason);
    this.#dispatch();
  }

  async close(): Promise<void> {
    this.#closed = true;
    const failed = new Error('The worker pool was closed before the task finished.');
    for (const job of this.#queue.splice(0)) job.reject(failed);
    for (const job of this.#running.values()) job.reject(failed);
    this.#running.clear();
    await Promise.all([...this.#all].map((thread) => thread.terminate()));
    this.#all.clear();
    this.#idle.length = 0;
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const thread = this.#idle.pop() ?? (this.#all.size < this.size ? this.#spawn() : undefined);
      if (!thread) return;
      const job = this.#queue.shift() as Job;
      this.#running.set(thread, job);
      thread.busy?.(true);
      thread.post(job.request);
    }
  }

  #spawn(): PoolThread {
    const thread: PoolThread = this.start({
      reply: (reply) => {
        const job = this.#running.get(thread);
        this.#running.delete(thread);
        thread.busy?.(false);
        this.#idle.push(thread);
        if (job) {
          if ('error' in reply) job.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
          else job.resolve(reply.output);
        }
        this.#dispatch();
      },
      lost: (error) => {
        if (!this.#all.has(thread)) return;
        const job = this.#running.get(thread);
        this.#running.delete(thread);
        this.#all.delete(thread);
        const at = this.#idle.indexOf(thread);
        if (at >= 0) this.#idle.splice(at, 1);
        job?.reject(error);
        if (!this.#closed) this.#dispatch();
      },
    });
    this.#all.add(thread);
    return thread;
  }
}
