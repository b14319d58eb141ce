/**
 * Work spread over threads without core knowing what a thread is: a pool runs named tasks (the
 * registry in tasks.ts) on inputs that structured-clone, and hands back their outputs. The Node
 * pool (src/cli/worker-pool.ts) uses worker_threads, the page's pool nested Web Workers; both call
 * the same pure `runTask` on the worker side.
 *
 * Large read-only inputs (a forest's binned features) go in shared memory where the environment
 * has it (Node, a cross-origin-isolated page): cloning a view of a SharedArrayBuffer shares it, so
 * every task sees the same bytes without a copy.
 */
import type { ComputeHost } from '../models/contract';
export interface TaskPool {
  /** How many tasks run at once. */
  readonly size: number;
  /**
   * Runs task `task` on `input` in some thread. The input is copied (or shared, where it is in
   * shared memory), never moved: a thread that trains must not detach a buffer (see `answer` in
   * tasks.ts). `signal` cancels it: a queued task leaves the queue, a running one's thread is ended
   * (a task has no other way to hear of it), and the promise rejects with the signal's reason.
   */
  run<I, O>(task: string, input: I, signal?: AbortSignal): Promise<O>;
}

/** What a task gets besides its input where it runs: the thread's compute host (a tfjs backend), and a cancel signal in the calling thread. */
export interface TaskContext {
  host?: ComputeHost;
  signal?: AbortSignal;
}

/** Why a cancelled task failed: the signal's reason, or an AbortError. */
export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The task was cancelled', 'AbortError');
}

type SharedCopyable = Uint8Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/**
 * Whether this environment has shared memory (Node; a page only when cross-origin isolated), without
 * which workers cannot write into this thread's arrays.
 */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer !== 'undefined';
}

/** A zeroed array of `length` in shared memory (where there is some; otherwise an ordinary one). */
export function sharedArray<T extends SharedCopyable>(Constructor: { new (length: number): T; new (buffer: SharedArrayBuffer): T; readonly BYTES_PER_ELEMENT: number }, length: number): T {
  return canShareMemory() ? new Constructor(new SharedArrayBuffer(length * Constructor.BYTES_PER_ELEMENT)) : new Constructor(length);
}

/** A copy of the array in shared memory, or the array itself where there is none. */
export function inSharedMemory<T extends SharedCopyable>(array: T): T {
  if (!canShareMemory()) return array;
  const Constructor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Constructor(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

/** [start, start + length) cut into `parts` consecutive ranges of about equal length, [from, to) each: the tasks' shares of a job. */
export function evenRanges(length: number, parts: number, start = 0): [number, number][] {
  return Array.from({ length: parts }, (_, k) => [start + Math.floor((k * length) / parts), start + Math.floor(((k + 1) * length) / parts)]);
}
