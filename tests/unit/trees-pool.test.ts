/**
 * The task pool: a forest grown by one worker, by two, or in the calling thread is the same forest
 * (each tree's randomness comes from its index); boosting with its large nodes' histograms built by
 * two or three workers is the same model as in one thread; the binned data reaches workers in shared
 * memory; large nodes' rows split by workers and the loss pass split among them give the same rows,
 * gradients and losses as one thread; task errors come back as errors; a worker's reply is the task's output, posted as a copy.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { NodeWorkerPool } from '../../src/cli/worker-pool';
import type { TrainingSet } from '../../src/core/models/data';
import { inSharedMemory, sharedArray, type TaskPool } from '../../src/core/parallel/pool';
import { fitGradientBoosting } from '../../src/core/models/trees/gradient-boosting';
import { histogramLayout, histogramSize, histogramSource, localHistograms, newHistogram } from '../../src/core/models/trees/histogram';
import { HISTOGRAM_TASK, PARALLEL_WORK, pooledHistograms } from '../../src/core/models/trees/parallel-histogram';
import { gradientPass, LOSS_TASK } from '../../src/core/models/trees/parallel-loss';
import { PARALLEL_PARTITION_ROWS, PARTITION_TASK, pooledPartitioner } from '../../src/core/models/trees/parallel-partition';
import { localPartitioner, numericLeftOfBin } from '../../src/core/models/trees/partition';
import { LOSS_CHUNK, lossFor } from '../../src/core/models/trees/loss';
import { answer, runTask } from '../../src/core/parallel/tasks';
import { encodeEnsemble } from '../../src/core/models/trees/format';
import { PREDICT_TASK } from '../../src/core/models/trees/parallel-predictor';
import { predictEnsemble } from '../../src/core/models/trees/predictor';
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

/** A pool of `size` worker threads that counts the tasks it passes on (closed after the tests). */
function countingPool(size: number): TaskPool & { tasks: Record<string, number> } {
  const pool = new NodeWorkerPool(size);
  pools.push(pool);
  const tasks: Record<string, number> = {};
  return {
    size,
    tasks,
    run(task, input, signal) {
      tasks[task] = (tasks[task] ?? 0) + 1;
      return pool.run(task, input, signal);
    },
  };
}

/** Three classes from twelve features, two of them with missing values and one categorical. */
function wide(n: number): TrainingSet {
  const rng = seededRng(31);
  const columns = Array.from({ length: 12 }, (_, f) => Float64Array.from({ length: n }, () => (f === 11 ? Math.floor(rng() * 6) : f < 2 && rng() < 0.1 ? NaN : rng())));
  const y = Int32Array.from({ length: n }, (_, i) => {
    const s = (Number.isNaN(columns[0][i]) ? 0.3 : columns[0][i]) + columns[3][i] * columns[4][i] + (columns[11][i] % 3) * 0.2 + rng() * 0.3;
    return s < 0.6 ? 0 : s < 1 ? 1 : 2;
  });
  const features = columns.map((_, f) => (f === 11 ? { name: `c${f}`, categories: ['a', 'b', 'c', 'd', 'e', 'f'] } : { name: `x${f}` }));
  return { task: 'classification', rows: n, columns, features, y, classes: ['lo', 'mid', 'hi'] };
}

describe('boosting with histograms built in a worker pool', () => {
  it('sums each feature of a node exactly as this thread does, split over two or three workers', async () => {
    const n = 40_000;
    const features = 9;
    const rng = seededRng(4);
    const layout = histogramLayout(Int32Array.from({ length: features }, (_, f) => 3 + f * 29));
    const binned = sharedArray(Uint8Array, n * features);
    for (let f = 0; f < features; f++) for (let i = 0; i < n; i++) binned[f * n + i] = Math.floor(rng() * (layout.binStart[f + 1] - layout.binStart[f]));
    // The root's partition is every row in order; a later one is any order.
    const identity = sharedArray(Uint32Array, n).map((_, i) => i);
    const shuffled = sharedArray(Uint32Array, n).map((_, i) => (i * 7919) % n);
    // Gradients as the fit holds them: one output's stretch of a longer shared array.
    const g = sharedArray(Float32Array, 2 * n).map(() => rng() - 0.5).subarray(n);
    const h = sharedArray(Float32Array, 2 * n).map(() => rng()).subarray(n);
    const source = histogramSource(layout, binned, n, sharedArray(Float64Array, layout.binStart[features]));
    const size = histogramSize(layout);
    for (const workers of [2, 3]) {
      const pool = countingPool(workers);
      // The root, a large node (gathered) and one too small to send.
      for (const [partition, start, end] of [[identity, 0, n], [shuffled, 1000, 31_000], [shuffled, 500, 600]] as const) {
        const local = localHistograms(source, partition);
        const pooled = pooledHistograms(pool, { ...source, partition, out: sharedArray(Float64Array, size) }, local);
        const expected = newHistogram(size);
        const actual = newHistogram(size).fill(3);
        local.build(expected, start, end, g, h);
        await pooled.build(actual, start, end, g, h);
        expect(actual).toEqual(expected);
      }
      expect(pool.tasks[HISTOGRAM_TASK]).toBe(2 * workers);
    }
  });

  it('grows the same model as in one thread, with categories, missing values and three classes', async () => {
    const set = wide(30_000);
    expect(0.9 * set.rows * set.columns.length).toBeGreaterThan(PARALLEL_WORK);
    const params = { max_iter: 6, seed: 2 };
    const alone = await fitGradientBoosting(set, params);
    for (const workers of [2, 3]) {
      const pool = countingPool(workers);
      const fit = await fitGradientBoosting(set, params, {}, pool);
      expect(pool.tasks[HISTOGRAM_TASK]).toBeGreaterThan(0);
      expect(encodeEnsemble(fit.ensemble).blobs['trees.bin']).toEqual(encodeEnsemble(alone.ensemble).blobs['trees.bin']);
      expect(fit.history).toEqual(alone.history);
    }
  });
});

/** The array with each element set to fill(index), in place (`map` would give an array that is not shared). */
function filled<T extends Uint8Array | Uint32Array>(array: T, fill: (i: number) => number): T {
  for (let i = 0; i < array.length; i++) array[i] = fill(i);
  return array;
}

describe('boosting with rows split and losses passed in a worker pool', () => {
  it('split a large node into the same rows, in the same order, as this thread', async () => {
    const n = PARALLEL_PARTITION_ROWS + 5_003;
    const rng = seededRng(8);
    const binned = filled(sharedArray(Uint8Array, 2 * n), () => Math.floor(rng() * 40));
    // A node's stretch of a partition in no particular order, past rows of other nodes.
    const start = 1_000;
    const fresh = () => filled(sharedArray(Uint32Array, n), (i) => (i * 7919) % n);
    const leftOfBin = numericLeftOfBin(17, 39, true);
    const alone = fresh();
    const expectedMiddle = await localPartitioner(alone, binned).partition(start, n, n, leftOfBin);
    for (const workers of [2, 3]) {
      const pool = countingPool(workers);
      const rows = fresh();
      const middle = await pooledPartitioner(pool, { rows, scratch: sharedArray(Uint32Array, n), binned }, localPartitioner(rows, binned)).partition(start, n, n, leftOfBin);
      expect(pool.tasks[PARTITION_TASK]).toBe(workers);
      expect(middle).toBe(expectedMiddle);
      expect(rows).toEqual(alone);
    }
    // Between a third and two thirds go left: both sides are long enough to test the moves.
    expect(expectedMiddle - start).toBeGreaterThan(n / 3);
    expect(expectedMiddle - start).toBeLessThan((2 * n) / 3);
  });

  it('pass over chunks of rows in workers with the same gradients and losses as this thread', async () => {
    const n = 2 * LOSS_CHUNK + 777;
    const rng = seededRng(9);
    const cases = [
      { task: 'classification', classes: 2, y: sharedArray(Int32Array, n).map(() => (rng() < 0.3 ? 1 : 0)), width: 1 },
      { task: 'classification', classes: 3, y: sharedArray(Int32Array, n).map(() => Math.floor(rng() * 3)), width: 3 },
      { task: 'regression', classes: 1, y: sharedArray(Float64Array, n).map(() => rng() * 10), width: 1 },
    ] as const;
    for (const { task, classes, y, width } of cases) {
      for (const weights of [undefined, sharedArray(Float64Array, n).map(() => 0.5 + rng())]) {
        const raw = sharedArray(Float64Array, width * n).map(() => rng() * 6 - 3);
        const loss = lossFor(task, classes);
        const g = new Float32Array(width * n);
        const h = new Float32Array(width * n);
        const expected = loss.gradients(y, raw, weights, g, h);
        const pool = countingPool(3);
        const arrays = { y, raw, weights, g: sharedArray(Float32Array, width * n), h: sharedArray(Float32Array, width * n) };
        const mean = await gradientPass({ task, classes }, arrays, pool)();
        expect(pool.tasks[LOSS_TASK]).toBe(3);
        expect(mean).toBe(expected);
        expect(arrays.g).toEqual(g);
        expect(arrays.h).toEqual(h);
      }
    }
  });

  it('grow the same model, with the same losses, as one thread on rows enough for both', async () => {
    const set = wide(2 * LOSS_CHUNK + 1_000);
    const params = { max_iter: 2, seed: 3, early_stopping: 'on' as const };
    const alone = await fitGradientBoosting(set, params);
    const pool = countingPool(2);
    const fit = await fitGradientBoosting(set, params, {}, pool);
    expect(pool.tasks[LOSS_TASK]).toBeGreaterThan(0);
    expect(pool.tasks[PARTITION_TASK]).toBeGreaterThan(0);
    expect(encodeEnsemble(fit.ensemble).blobs['trees.bin']).toEqual(encodeEnsemble(alone.ensemble).blobs['trees.bin']);
    expect(fit.history).toEqual(alone.history);
  });
});

describe('pool helpers', () => {
  it('copy arrays into shared memory where there is some', () => {
    const shared = inSharedMemory(Float64Array.of(1, 2, 3));
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([...shared]).toEqual([1, 2, 3]);
  });

  it("answer a request with the task's output itself (posted as a copy), or with its error's name and message", async () => {
    const set = data(300);
    const { ensemble } = await fitRandomForest(set, { n_estimators: 3 });
    const reply = await answer({ id: 8, task: PREDICT_TASK, input: { ensemble, columns: set.columns, from: 10, to: 20 } });
    expect(reply).toEqual({ id: 8, output: predictEnsemble(ensemble, set).slice(20, 40) });
    const failed = await answer({ id: 7, task: 'nothing', input: null });
    expect(failed).toEqual({ id: 7, error: { name: 'Error', message: 'No task "nothing" is registered for the worker pool.' } });
  });

  it('run registered tasks in the calling thread too', async () => {
    await expect(runTask('nothing', null)).rejects.toThrow('No task "nothing"');
  });
});
