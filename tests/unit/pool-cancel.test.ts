/**
 * Cancelling pool tasks (what AutoML's time budget and Cancel rely on): a queued task leaves the
 * queue unposted, a running one's thread is ended and the next task gets a fresh thread; the
 * in-thread pool refuses a task cancelled before its turn.
 */
import { describe, expect, it, vi } from 'vitest';
import { inThreadPool } from '../../src/core/parallel/in-thread';
import { QueuedPool, type PoolRequest, type PoolThread, type ThreadEvents } from '../../src/core/parallel/queued-pool';

/** Threads that record what they are given and answer only when the test says so. */
function fakeThreads() {
  const threads: { posted: PoolRequest[]; terminated: boolean; events: ThreadEvents }[] = [];
  const start = (events: ThreadEvents): PoolThread => {
    const thread = { posted: [] as PoolRequest[], terminated: false, events };
    threads.push(thread);
    return { post: (request) => thread.posted.push(request), terminate: () => void (thread.terminated = true) };
  };
  return { threads, start };
}

describe('a queued pool', () => {
  it('drops a cancelled task from the queue without posting it', async () => {
    const { threads, start } = fakeThreads();
    const pool = new QueuedPool(1, start);
    const first = pool.run('t', 1);
    const cancel = new AbortController();
    const second = pool.run('t', 2, cancel.signal);
    cancel.abort(new Error('not needed any more'));
    await expect(second).rejects.toThrow('not needed any more');
    threads[0].events.reply({ id: threads[0].posted[0].id, output: 'one' });
    await expect(first).resolves.toBe('one');
    expect(threads.flatMap((t) => t.posted.map((p) => p.input))).toEqual([1]);
    expect(threads[0].terminated).toBe(false);
  });

  it('ends the thread of a cancelled running task, and starts the next task on a fresh one', async () => {
    const { threads, start } = fakeThreads();
    const pool = new QueuedPool(1, start);
    const cancel = new AbortController();
    const running = pool.run('t', 'slow', cancel.signal);
    const waiting = pool.run('t', 'next');
    expect(threads).toHaveLength(1);
    cancel.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(threads[0].terminated).toBe(true);
    // The ended thread's exit is not taken for a lost task.
    threads[0].events.lost(new Error('exit code 1'));
    expect(threads).toHaveLength(2);
    expect(threads[1].posted.map((p) => p.input)).toEqual(['next']);
    threads[1].events.reply({ id: threads[1].posted[0].id, output: 'done' });
    await expect(waiting).resolves.toBe('done');
  });

  it('listens once per signal, however many tasks share it, and cancels them all', async () => {
    const { threads, start } = fakeThreads();
    const pool = new QueuedPool(2, start);
    const cancel = new AbortController();
    const listen = vi.spyOn(cancel.signal, 'addEventListener');
    const tasks = Array.from({ length: 15 }, (_, i) => pool.run('t', i, cancel.signal));
    expect(listen).toHaveBeenCalledTimes(1);
    cancel.abort(new Error('all of them'));
    const settled = await Promise.allSettled(tasks);
    expect(settled.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'all of them')).toBe(true);
    expect(threads.filter((t) => t.terminated)).toHaveLength(2);
  });

  it('refuses a task whose signal is already aborted', async () => {
    const { threads, start } = fakeThreads();
    await expect(new QueuedPool(2, start).run('t', 0, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(threads).toHaveLength(0);
  });
});

describe('the in-thread pool', () => {
  it('runs tasks one at a time, and refuses one cancelled before its turn', async () => {
    const pool = inThreadPool();
    const cancel = new AbortController();
    const first = pool.run('no-such-task', 1);
    const second = pool.run('no-such-task', 2, cancel.signal);
    cancel.abort(new Error('cancelled while waiting'));
    await expect(first).rejects.toThrow('No task "no-such-task" is registered for the worker pool.');
    await expect(second).rejects.toThrow('cancelled while waiting');
  });
});
