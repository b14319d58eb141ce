/**
 * Tree-ensemble prediction spread over a worker pool: the same bytes as one thread for boosting
 * (the quantised walk: binary with missing values and categories, multiclass, regression) and for a
 * forest (the general walk), with and without shared memory; progress stretch by stretch; a cancel
 * that rejects with AbortError; small batches kept in this thread; the tree scorer using the host's
 * pool.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { NodeWorkerPool } from '../../src/cli/worker-pool';
import type { FeatureColumns, TrainingSet } from '../../src/core/models/data';
import { fitGradientBoosting } from '../../src/core/models/trees/gradient-boosting';
import { PARALLEL_PREDICT_ROWS, PREDICT_TASK, predictEnsembleInPool } from '../../src/core/models/trees/parallel-predictor';
import { predictEnsemble, takesQuantisedWalk } from '../../src/core/models/trees/predictor';
import { fitRandomForest } from '../../src/core/models/trees/random-forest';
import { encodeEnsemble } from '../../src/core/models/trees/format';
import { histGradientBoostingModel } from '../../src/core/models/trees/tree-models';
import type { TaskPool } from '../../src/core/parallel/pool';
import { seededRng } from '../../src/core/random';

const pools: NodeWorkerPool[] = [];
afterAll(() => Promise.all(pools.map((p) => p.close())));
afterEach(() => vi.unstubAllGlobals());

function countingPool(size: number): TaskPool & { tasks: number } {
  const pool = new NodeWorkerPool(size);
  pools.push(pool);
  const counting = {
    size,
    tasks: 0,
    run<I, O>(task: string, input: I, signal?: AbortSignal) {
      if (task === PREDICT_TASK) counting.tasks++;
      return pool.run<I, O>(task, input, signal);
    },
  };
  return counting;
}

/** Five numeric features (two with missing values, one with infinities) and a categorical one (codes 0–4, some unknown). */
function columns(n: number, seed: number): Float64Array[] {
  const rng = seededRng(seed);
  return Array.from({ length: 6 }, (_, f) =>
    Float64Array.from({ length: n }, () => {
      if (f === 5) return rng() < 0.02 ? 9 : Math.floor(rng() * 5);
      if (f < 2 && rng() < 0.08) return NaN;
      if (f === 2 && rng() < 0.01) return rng() < 0.5 ? Infinity : -Infinity;
      return rng() * 4 - 2;
    }),
  );
}

function training(task: 'classification' | 'regression', classes: number): TrainingSet {
  // Training rows without infinities or unknown categories (both are refused at training).
  const x = columns(3000, 1).map((c, f) => c.map((v) => (f === 5 ? v % 5 : Number.isFinite(v) || Number.isNaN(v) ? v : 0)));
  const at = (f: number, i: number) => (Number.isNaN(x[f][i]) ? 1 : x[f][i]);
  const score = (i: number) => at(0, i) + at(1, i) * x[2][i] + (x[5][i] % 3) - x[3][i];
  const features = x.map((_, f) => (f === 5 ? { name: 'c', categories: ['a', 'b', 'c', 'd', 'e'] } : { name: `x${f}` }));
  if (task === 'regression') return { task, rows: 3000, columns: x, features, y: Float64Array.from({ length: 3000 }, (_, i) => score(i)) };
  return { task, rows: 3000, columns: x, features, y: Int32Array.from({ length: 3000 }, (_, i) => Math.min(classes - 1, Math.max(0, Math.floor(score(i) + classes / 2)))), classes: Array.from({ length: classes }, (_, k) => `k${k}`) };
}

const bytes = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe('prediction in a worker pool', () => {
  const rows = PARALLEL_PREDICT_ROWS + 10_000;
  const x: FeatureColumns = { rows, columns: columns(rows, 2) };

  it('gives the same bytes as one thread, boosting and forests, with two or three workers', async () => {
    const models = [
      (await fitGradientBoosting(training('classification', 2), { max_iter: 30, seed: 1 })).ensemble,
      (await fitGradientBoosting(training('classification', 3), { max_iter: 10, seed: 1 })).ensemble,
      (await fitGradientBoosting(training('regression', 0), { max_iter: 30, seed: 1 })).ensemble,
      (await fitRandomForest(training('classification', 3), { n_estimators: 4, seed: 1 })).ensemble,
    ];
    expect(models.map(takesQuantisedWalk)).toEqual([true, true, true, false]);
    for (const workers of [2, 3]) {
      const pool = countingPool(workers);
      for (const model of models) {
        const alone = predictEnsemble(model, x);
        const pooled = await predictEnsembleInPool(model, x, pool);
        expect(bytes(pooled)).toEqual(bytes(alone));
      }
      expect(pool.tasks).toBeGreaterThanOrEqual(2 * models.length);
    }
  });

  it('gives the same bytes without shared memory (each task its own copy)', async () => {
    const model = (await fitGradientBoosting(training('classification', 2), { max_iter: 20, seed: 3 })).ensemble;
    const alone = predictEnsemble(model, x);
    const pool = countingPool(2);
    vi.stubGlobal('SharedArrayBuffer', undefined);
    const pooled = await predictEnsembleInPool(model, x, pool);
    vi.unstubAllGlobals();
    expect(bytes(pooled)).toEqual(bytes(alone));
    // One stretch per worker: each carries its own copy of the ensemble.
    expect(pool.tasks).toBe(2);
  });

  it('reports progress stretch by stretch up to every row, and keeps small batches in this thread', async () => {
    const model = (await fitGradientBoosting(training('regression', 0), { max_iter: 10, seed: 1 })).ensemble;
    const pool = countingPool(2);
    const progress: number[] = [];
    await predictEnsembleInPool(model, x, pool, { onProgress: (done, total) => progress.push(done / total) });
    expect(progress.length).toBe(pool.tasks);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);

    const small: FeatureColumns = { rows: PARALLEL_PREDICT_ROWS - 1, columns: x.columns.map((c) => c.subarray(0, PARALLEL_PREDICT_ROWS - 1)) };
    const before = pool.tasks;
    expect(bytes(await predictEnsembleInPool(model, small, pool))).toEqual(bytes(predictEnsemble(model, small)));
    expect(pool.tasks).toBe(before);
  });

  it('stops with AbortError when cancelled, before or while the workers run', async () => {
    const model = (await fitGradientBoosting(training('regression', 0), { max_iter: 10, seed: 1 })).ensemble;
    const pool = countingPool(2);
    await expect(predictEnsembleInPool(model, x, pool, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(pool.tasks).toBe(0);
    const controller = new AbortController();
    const running = predictEnsembleInPool(model, x, pool, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    // The pool still works afterwards (a cancelled task's thread is replaced).
    expect(bytes(await predictEnsembleInPool(model, x, pool))).toEqual(bytes(predictEnsemble(model, x)));
  });

  it("are what a tree model's scorer gives when its host lends a pool", async () => {
    const set = training('classification', 2);
    const fit = await fitGradientBoosting(set, { max_iter: 15, seed: 4 });
    const { header, blobs } = encodeEnsemble(fit.ensemble);
    const outline = { kind: 'hist_gradient_boosting', task: 'classification' as const, features: set.features.map((f) => f.name), classes: ['k0', 'k1'] };
    const pool = countingPool(2);
    const scorer = await histGradientBoostingModel.load({ json: { 'trees.json': header }, blobs }, outline, { pool });
    expect(bytes((await scorer.score(x)) as Float64Array)).toEqual(bytes(predictEnsemble(fit.ensemble, x)));
    expect(pool.tasks).toBeGreaterThan(0);
  });
});
