/**
 * The task pool: a forest grown by one worker, by two, or in the calling thread is the same forest
 * (each tree's randomness comes from its index); the binned data reaches workers in shared memory;
 * task errors come back as errors; outputs' buffers are moved, not copied.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { NodeWorkerPool } from '../../src/cli/worker-pool';
import type { TrainingSet } from '../../src/core/models/data';
import { inSharedMemory } from '../../src/core/parallel/pool';
import { runTask, transferablesOf } from '../../src/core/parallel/tasks';
import { encodeEnsemble } from '../../src/core/models/trees/format';
import { fitRandomForest } from '../../src/core/models/trees/random-forest';
import { seededRng } from '../../src/core/random';

function data(n: number): TrainingSet {
  const rng = seededRng(12);
  const a = Float64Array.from({ length: n }, () => (rng() < 0.05 ? NaN : rng()));
  const c = Float64Array.from({ length: n }, () => Math.floor(rng() * 4));
  const y = Int32Array.from(a, (v, i) => ((Number.isNaN(v) ? 0.5 : v) + c[i] * 0.25 + rng() * 0.2 > 0.9 ? 1 : 0));
  return { task: 'classification', rows: n, columns: [a, c], features: [{ name: 'a' }, { name: 'c', categories: ['p', 'q', 'r', 's'] }], y, classes: ['no', 'yes'] };
}

const pools: NodeWorkerPool[] = [];
afterAll(() => Promise.all(pools.map((p) => p.close())));

describe('forests in a worker pool', () => {
  it('are the same forest with no pool, one worker or two', async () => {
    const set = data(800);
    const params = { n_estimators: 12, seed: 5 };
    const bytes = async (size: number) => {
      const pool = size > 0 ? new NodeWorkerPool(size) : undefined;
      if (pool) pools.push(pool);
      const fit = await fitRandomForest(set, params, {}, pool);
      return { bytes: encodeEnsemble(fit.ensemble).blobs['trees.bin'], oob: fit.history.oobScore };
    };
    const inline = await bytes(0);
    const one = await bytes(1);
    const two = await bytes(2);
    expect(one.bytes).toEqual(inline.bytes);
    expect(two.bytes).toEqual(inline.bytes);
    expect(two.oob).toEqual(inline.oob);
  });

  it('report progress tree by tree and stop with AbortError when cancelled', async () => {
    const pool = new NodeWorkerPool(2);
    pools.push(pool);
    const controller = new AbortController();
    const done: number[] = [];
    const onProgress = (p: { done: number }) => {
      done.push(p.done);
      if (p.done === 3) controller.abort();
    };
    const fit = fitRandomForest(data(2000), { n_estimators: 200 }, { signal: controller.signal, onProgress }, pool);
    await expect(fit).rejects.toMatchObject({ name: 'AbortError' });
    expect(done.slice(0, 3)).toEqual([1, 2, 3]);
    expect(done.length).toBeLessThan(200);
  });

  it("pass a task's error back as an error, and refuse work once closed", async () => {
    const pool = new NodeWorkerPool(1);
    await expect(pool.run('no-such-task', {})).rejects.toThrow('No task "no-such-task" is registered for the worker pool.');
    await pool.close();
    await expect(pool.run('trees.forest-tree', {})).rejects.toThrow('The worker pool is closed.');
  });
});

describe('pool helpers', () => {
  it('copy arrays into shared memory where there is some', () => {
    const shared = inSharedMemory(Float64Array.of(1, 2, 3));
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([...shared]).toEqual([1, 2, 3]);
  });

  it("list an output's own buffers to move, but not shared ones", () => {
    const own = new Float64Array(2);
    const nested = { a: new Int32Array(3), list: [new Uint8Array(1)] };
    const shared = inSharedMemory(new Uint8Array(4));
    const found = transferablesOf({ own, nested, shared, text: 'x' });
    expect(found).toHaveLength(3);
    expect(found).toContain(own.buffer);
    expect(found).toContain(nested.a.buffer);
    expect(found).toContain(nested.list[0].buffer);
  });

  it('run registered tasks in the calling thread too', async () => {
    await expect(runTask('nothing', null)).rejects.toThrow('No task "nothing"');
  });
});
