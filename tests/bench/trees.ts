/**
 * Tree models: fit seconds and test scores of ours (one thread, and with every worker: boosting's
 * large histograms and the forest's trees in worker threads, with the speed-up over one thread)
 * beside scikit-learn's HistGradientBoosting, RandomForest(n_jobs=1) and LightGBM (num_threads=1),
 * all single-threaded (OMP_NUM_THREADS=1), in the same run on the same rows: letter (shared split)
 * and a generated table (1,000,000 × 20 by default). Then prediction throughput of 100 trees × 31
 * leaves on 20 features, ours against scikit-learn's and LightGBM's. Figures only, never pass/fail.
 * Python runs only when $PYTHON (or /work/venv/bin/python) has scikit-learn; otherwise the bench
 * says so. The machine may be shared: CPU seconds (process.cpuUsage, workers included) are the
 * figure to compare for one thread; wall seconds for the workers' speed-up. The forest is also
 * timed in a pool of one worker, where the studio grows it.
 *
 * Run it through `node --import tsx/esm` (the npm script), not `tsx`: tsx's CommonJS hooks detach an
 * ArrayBuffer in this thread when a CommonJS package (papaparse, comlink) is loaded, and from then on
 * V8 checks every typed-array access here for detachment, 15–20 % on trees (see `answer` in
 * src/core/parallel/tasks.ts).
 *
 *   npm run bench:trees -- [--rows 1000000] [--forest-trees 10] [--skip-python] [--only letter|generated|predict]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { NodeWorkerPool } from '../../src/cli/worker-pool';
import type { FeatureColumns, TrainingSet } from '../../src/core/models/data';
import { fitGradientBoosting } from '../../src/core/models/trees/gradient-boosting';
import { predictEnsembleInPool } from '../../src/core/models/trees/parallel-predictor';
import { predictEnsemble } from '../../src/core/models/trees/predictor';
import { fitRandomForest } from '../../src/core/models/trees/random-forest';
import { seededRng } from '../../src/core/random';
import { datasetsDir, loadSharedDataset, scorePredictions } from '../fixtures/trees/shared-datasets';

export interface TreesBenchOptions {
  rows: number;
  forestTrees: { letter: number; generated: number };
  python: boolean;
  only?: 'letter' | 'generated' | 'predict';
}

interface Fit {
  fit_s: number;
  cpu_s: number;
  score: number;
}

/**
 * The generated table: 20 numeric features (two with 5 % missing), a binary target from a
 * nonlinear score with noise. Written as raw little-endian float64 rows (features, then target) for
 * the Python side, which reads exactly these numbers.
 */
export function generateTable(rows: number, features = 20): { data: TrainingSet; matrix: Float64Array } {
  const rng = seededRng(20);
  const columns = Array.from({ length: features }, () => new Float64Array(rows));
  const y = new Int32Array(rows);
  const matrix = new Float64Array(rows * (features + 1));
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < features; f++) {
      const missing = f >= features - 2 && rng() < 0.05;
      columns[f][r] = missing ? NaN : Math.round((rng() * 2 - 1) * 1e4) / 1e4;
    }
    const x = (f: number) => (Number.isNaN(columns[f][r]) ? 0 : columns[f][r]);
    const score = Math.sin(3 * x(0)) + x(1) * x(2) + Math.abs(x(3)) - 0.5 + 0.5 * x(4) - 0.3 * x(18) + (rng() - 0.5);
    y[r] = score > 0 ? 1 : 0;
    for (let f = 0; f < features; f++) matrix[r * (features + 1) + f] = columns[f][r];
    matrix[r * (features + 1) + features] = y[r];
  }
  const data: TrainingSet = { task: 'classification', rows, columns, features: columns.map((_, f) => ({ name: `x${f}` })), y, classes: ['no', 'yes'] };
  return { data, matrix };
}

function slice(data: TrainingSet, from: number, to: number): TrainingSet {
  return { ...data, rows: to - from, columns: data.columns.map((c) => c.subarray(from, to)), y: data.y.subarray(from, to) };
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; fit_s: number; cpu_s: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await run();
  const used = process.cpuUsage(cpu);
  return { result, fit_s: (performance.now() - start) / 1000, cpu_s: (used.user + used.system) / 1e6 };
}

async function ours(train: TrainingSet, test: FeatureColumns, testY: Int32Array | Float64Array, forestTrees: number) {
  const classification = train.task === 'classification';
  const outputs = classification ? train.classes!.length : 1;
  const scoreOf = (e: Parameters<typeof predictEnsemble>[0]) => scorePredictions(predictEnsemble(e, test), testY, outputs, classification);
  const pool = new NodeWorkerPool();
  const hgb = await timed(() => fitGradientBoosting(train));
  const hgbPool = await timed(() => fitGradientBoosting(train, {}, {}, pool));
  const forest = await timed(() => fitRandomForest(train, { n_estimators: forestTrees }));
  const pooled = await timed(() => fitRandomForest(train, { n_estimators: forestTrees }, {}, pool));
  await pool.close();
  // One worker, as the studio grows a forest on a one-core machine; started (one tree on a few rows) before the clock.
  const single = new NodeWorkerPool(1);
  await fitRandomForest(slice(train, 0, Math.min(train.rows, 1000)), { n_estimators: 1 }, {}, single);
  const oneWorker = await timed(() => fitRandomForest(train, { n_estimators: forestTrees }, {}, single));
  await single.close();
  return {
    hgb: { fit_s: hgb.fit_s, cpu_s: hgb.cpu_s, score: scoreOf(hgb.result.ensemble), iterations: hgb.result.iterations },
    hgbPool: { fit_s: hgbPool.fit_s, cpu_s: hgbPool.cpu_s, score: scoreOf(hgbPool.result.ensemble), workers: pool.size, speedup: hgb.fit_s / hgbPool.fit_s },
    forest: { fit_s: forest.fit_s, cpu_s: forest.cpu_s, score: scoreOf(forest.result.ensemble), trees: forestTrees },
    forestOneWorker: { fit_s: oneWorker.fit_s, cpu_s: oneWorker.cpu_s, score: scoreOf(oneWorker.result.ensemble) },
    forestPool: { fit_s: pooled.fit_s, cpu_s: pooled.cpu_s, score: scoreOf(pooled.result.ensemble), workers: pool.size, speedup: forest.fit_s / pooled.fit_s },
  };
}

interface Throughput {
  /** One thread: rows / CPU second (median of 5). */
  oneThread: number;
  /** The pool's workers, warmed up: rows / wall second (median of 5). */
  pooled: number;
  workers: number;
}

const medianOf = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1];

/** Rows per second predicting `rows` rows with 100 trees of 31 leaves on 20 features, in this thread and over a worker pool. */
async function predictionThroughput(data: TrainingSet, rows: number): Promise<Throughput> {
  const model = await fitGradientBoosting({ ...slice(data, 0, Math.min(100_000, data.rows)), task: 'regression', y: Float64Array.from(data.y.subarray(0, Math.min(100_000, data.rows))), classes: undefined }, { max_iter: 100, early_stopping: 'off' });
  const x = generateTable(rows).data;
  const cpu: number[] = [];
  for (let k = 0; k < 5; k++) {
    const start = process.cpuUsage();
    predictEnsemble(model.ensemble, x);
    const used = process.cpuUsage(start);
    cpu.push((used.user + used.system) / 1e6);
  }
  const pool = new NodeWorkerPool();
  try {
    // The first batch starts the workers (and copies the ensemble into shared memory once).
    await predictEnsembleInPool(model.ensemble, x, pool);
    const wall: number[] = [];
    for (let k = 0; k < 5; k++) {
      const start = performance.now();
      await predictEnsembleInPool(model.ensemble, x, pool);
      wall.push((performance.now() - start) / 1000);
    }
    return { oneThread: rows / medianOf(cpu), pooled: rows / medianOf(wall), workers: pool.size };
  } finally {
    await pool.close();
  }
}

function pythonPath(): string | undefined {
  const candidate = process.env.PYTHON ?? '/work/venv/bin/python';
  if (!existsSync(candidate)) return undefined;
  try {
    execFileSync(candidate, ['-c', 'import sklearn, pandas, numpy'], { stdio: 'ignore' });
    return candidate;
  } catch {
    return undefined;
  }
}

export async function benchTrees(options: TreesBenchOptions) {
  const results: Record<string, unknown> = { machine: { parallelism: availableParallelism(), node: process.version } };
  const spec: { datasets: string; cases: Record<string, unknown> } = { datasets: datasetsDir, cases: {} };
  if (options.only !== 'generated' && options.only !== 'predict') {
    process.stderr.write('letter: ours\n');
    const letter = await loadSharedDataset('letter');
    results.letter = { ours: await ours(letter.train, letter.test, letter.testY, options.forestTrees.letter) };
    spec.cases.letter = { dataset: 'letter', hgb: true, forest_trees: options.forestTrees.letter };
  }
  if (options.only === 'predict') {
    process.stderr.write('prediction throughput\n');
    // Python trains its models on the first 100,000 rows as ours, and predicts the other 100,000 repeated to a million.
    const { data, matrix } = generateTable(200_000);
    results.predict = await predictionThroughput(data, 1_000_000);
    const path = join(tmpdir(), 'trees-bench-predict.f64');
    await writeFile(path, new Uint8Array(matrix.buffer));
    spec.cases.generated = { path, rows: 200_000, features: 20, train_rows: 100_000, classification: true, predict_rows: 1_000_000 };
  } else if (options.only !== 'letter') {
    process.stderr.write(`generated ${options.rows.toLocaleString('en')} × 20: ours\n`);
    const { data, matrix } = generateTable(options.rows);
    const trainRows = Math.round(options.rows * 0.8);
    const test = slice(data, trainRows, options.rows);
    results.generated = { ours: await ours(slice(data, 0, trainRows), test, test.y, options.forestTrees.generated) };
    process.stderr.write('prediction throughput\n');
    results.predict = await predictionThroughput(data, 1_000_000);
    const path = join(tmpdir(), `trees-bench-${options.rows}.f64`);
    await writeFile(path, new Uint8Array(matrix.buffer));
    spec.cases.generated = { path, rows: options.rows, features: 20, train_rows: trainRows, classification: true, hgb: true, forest_trees: options.forestTrees.generated, predict_rows: 1_000_000 };
  }
  const python = options.python ? pythonPath() : undefined;
  if (python) {
    process.stderr.write(`scikit-learn and LightGBM (${python}, one thread)\n`);
    const specPath = join(tmpdir(), 'trees-bench-spec.json');
    await writeFile(specPath, JSON.stringify(spec));
    const script = fileURLToPath(new URL('./trees-reference.py', import.meta.url));
    const output = execFileSync(python, [script, specPath], { env: { ...process.env, OMP_NUM_THREADS: '1' }, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    results.python = JSON.parse(output.toString());
  } else results.python = options.python ? 'absent: no Python with scikit-learn (set PYTHON)' : 'skipped';
  return results;
}

type Row = Partial<Fit> & { iterations?: number; speedup?: number };

export function treesReport(results: Awaited<ReturnType<typeof benchTrees>>): string {
  const python = typeof results.python === 'object' ? (results.python as { cases: Record<string, Record<string, Row | number>> }).cases : {};
  const lines = [`## Tree models (Node ${process.version}, ${availableParallelism()} threads)`, '', '| data | model | fit s (wall) | fit s (CPU) | score | speed-up (wall) |', '|---|---|---|---|---|---|'];
  const row = (data: string, model: string, r: Row | undefined) => {
    if (r) lines.push(`| ${data} | ${model} | ${r.fit_s?.toFixed(2)} | ${r.cpu_s?.toFixed(2)} | ${r.score?.toFixed(4)} | ${r.speedup ? `${r.speedup.toFixed(2)}×` : ''} |`);
  };
  for (const name of ['letter', 'generated']) {
    const mine = (results[name] as { ours: Record<string, Row & { trees?: number; workers?: number }> } | undefined)?.ours;
    if (!mine) continue;
    const ref = python[name] ?? {};
    row(name, `ours hist_gradient_boosting (${mine.hgb.iterations} iterations, 1 thread)`, mine.hgb);
    row(name, `ours hist_gradient_boosting (${mine.hgbPool.workers} workers)`, mine.hgbPool);
    row(name, `scikit-learn HistGradientBoosting (${(ref.sklearn_hgb as Row | undefined)?.iterations ?? '–'} iterations)`, ref.sklearn_hgb as Row);
    row(name, 'LightGBM (100 rounds)', ref.lightgbm as Row);
    row(name, `ours random_forest (${mine.forest.trees} trees, 1 thread)`, mine.forest);
    row(name, `ours random_forest (${mine.forest.trees} trees, 1 worker)`, mine.forestOneWorker);
    row(name, `ours random_forest (${mine.forest.trees} trees, ${mine.forestPool.workers} workers)`, mine.forestPool);
    row(name, `scikit-learn RandomForest (${mine.forest.trees} trees, n_jobs=1)`, ref.sklearn_forest as Row);
  }
  const predict = results.predict as Throughput | undefined;
  if (predict) {
    const g = python.generated ?? {};
    const rate = (v: unknown) => (typeof v === 'number' ? Math.round(v).toLocaleString('en') : '–');
    lines.push(
      '',
      'Prediction, 100 trees × 31 leaves × 20 features, 1,000,000 rows (rows/s; one thread: CPU time; workers: wall time, warm pool):',
      '',
      `| ours, 1 thread | ours, ${predict.workers} workers | scikit-learn (1 thread) | LightGBM (1 thread) |`,
      '|---|---|---|---|',
    );
    lines.push(`| ${rate(predict.oneThread)} | ${rate(predict.pooled)} | ${rate(g.sklearn_predict_rows_per_s)} | ${rate(g.lightgbm_predict_rows_per_s)} |`);
  }
  if (typeof results.python === 'string') lines.push('', `Python: ${results.python}.`);
  else if (!(results.python as { lightgbm: string | null }).lightgbm) lines.push('', 'LightGBM: absent from that Python.');
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { rows: { type: 'string' }, 'forest-trees': { type: 'string' }, 'skip-python': { type: 'boolean' }, only: { type: 'string' } } });
  const generatedTrees = Number(values['forest-trees'] ?? 10);
  const results = await benchTrees({
    rows: Number(values.rows ?? 1_000_000),
    forestTrees: { letter: 100, generated: generatedTrees },
    python: !values['skip-python'],
    only: values.only as TreesBenchOptions['only'],
  });
  console.log(treesReport(results));
  await mkdir('bench-results', { recursive: true });
  await writeFile('bench-results/trees.json', JSON.stringify(results, null, 2));
}
