/**
 * A task pool of one that runs each task in the calling thread, one after another: where there are
 * no workers to lend (a test, a host without threads), code written for a pool runs unchanged.
 * Tasks get the caller's compute host and, unlike a worker's, the cancel signal itself.
 */
import type { ComputeHost } from '../models/contract';
import { abortReason, type TaskPool } from './pool';
import { runTask } from './tasks';

export function inThreadPool(host: ComputeHost = {}): TaskPool {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    size: 1,
    run<I, O>(task: string, input: I, signal?: AbortSignal): Promise<O> {
      const mine = tail.then(() => {
        if (signal?.aborted) throw abortReason(signal);
        return runTask(task, input, { host, signal }) as Promise<O>;
      });
      tail = mine.catch(() => undefined);
      return mine;
    },
  };
}
