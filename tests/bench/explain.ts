/**
 * Explanations, timed on diamonds (53,940 rows, 9 columns, 3 of them categorical; the shared split):
 *
 * - TreeSHAP for 1,000 rows of a 100-tree gradient boosting model (max_leaf_nodes 31, early stopping
 *   off), through explainRows as the engine worker and the CLI call it; beside LightGBM's
 *   pred_contrib for 1,000 rows of its own 100 × 31-leaf model on the same data, one thread, when
 *   $PYTHON (or /work/venv/bin/python) has lightgbm (the bench says so when it does not).
 * - Permutation importance on 10,000 test rows (5 repeats): the boosting model and the default
 *   linear regression (impute, standardise, one-hot).
 * - Sampling Shapley for an MLP: milliseconds per explained row.
 * - Progress and Cancel: how many progress reports a permutation importance makes, and how long
 *   after abort() it stops.
 *
 * The core functions are the ones the engine worker runs, unchanged; here they run in Node's main
 * thread. Figures only, never pass/fail; best of three where it is cheap.
 *
 *   node --import tsx/esm tests/bench/explain.ts [--skip-python]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readCsvFile } from '../../src/cli/data-file';
import { explainRows } from '../../src/core/explain/contributions';
import { loadExplainable, type Explainable } from '../../src/core/explain/model';
import { permutationImportance } from '../../src/core/explain/permutation';
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { FittedPipeline } from '../../src/core/pipeline/fitted';
import { runFirstModel } from '../../src/core/pipeline/run';
import type { PipelineSpec } from '../../src/core/pipeline/spec';
import { takeRows, type Table } from '../../src/core/table/table';
import { datasetsDir } from '../fixtures/trees/shared-datasets';

const { values: args } = parseArgs({ options: { 'skip-python': { type: 'boolean' } } });

const best = async (times: number, work: () => Promise<unknown>): Promise<number> => {
  let fastest = Infinity;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await work();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
};

async function train(spec: PipelineSpec, table: Table, test: Int32Array): Promise<FittedPipeline> {
  const started = performance.now();
  const { fitted } = await runFirstModel(spec, table, { dataset: { name: 'diamonds.csv', sha256: '0' }, testRows: { test }, explain: false });
  console.log(`  trained ${spec.nodes.find((n) => n.id === 'model')?.kind} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return fitted;
}

function withModel(spec: PipelineSpec, params: Record<string, string | number>): PipelineSpec {
  for (const node of spec.nodes) if (node.id === 'model') Object.assign(node.params, params);
  return spec;
}

async function permutationFigures(model: Explainable, rows: Table): Promise<{ ms: number; reports: number; cancelMs: number }> {
  let reports = 0;
  const ms = await best(1, () => permutationImportance(model, rows, { repeats: 5, maxRows: 10_000, onProgress: () => reports++ }));
  // Cancel: abort at the first progress report, and time how long until the work stops.
  const controller = new AbortController();
  let abortedAt = 0;
  const stopped = await permutationImportance(model, rows, {
    repeats: 5,
    maxRows: 10_000,
    signal: controller.signal,
    onProgress: () => {
      if (abortedAt) return;
      abortedAt = performance.now();
      controller.abort(new DOMException('cancelled', 'AbortError'));
    },
  }).then(
    () => 'finished',
    (e: Error) => e.name,
  );
  if (stopped !== 'AbortError') throw new Error(`permutation importance was not cancelled: ${stopped}`);
  return { ms, reports, cancelMs: performance.now() - abortedAt };
}

function lightgbmContribMs(): number | string {
  if (args['skip-python']) return 'skipped (--skip-python)';
  const python = process.env.PYTHON ?? '/work/venv/bin/python';
  if (!existsSync(python)) return `no Python at ${python}`;
  const script = `
import sys, time, json
try:
    import lightgbm as lgb, pandas as pd
except ImportError as e:
    print(json.dumps({"error": str(e)})); sys.exit(0)
d = pd.read_csv(sys.argv[1])
split = json.load(open(sys.argv[2]))
for c in ["cut", "color", "clarity"]:
    d[c] = d[c].astype("category")
X, y = d.drop(columns=["price"]), d["price"]
train = X.drop(index=split["test_indices"]), y.drop(index=split["test_indices"])
booster = lgb.train(dict(objective="regression", num_leaves=31, learning_rate=0.1, num_threads=1, verbose=-1), lgb.Dataset(*train), num_boost_round=100)
rows = X.iloc[split["test_indices"][:1000]]
best = min((lambda t: (booster.predict(rows, pred_contrib=True, num_threads=1), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(3))
print(json.dumps({"ms": best * 1000, "trees": booster.num_trees()}))
`;
  const out = JSON.parse(execFileSync(python, ['-c', script, `${datasetsDir}diamonds.csv`, `${datasetsDir}diamonds.test-idx.json`], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } })) as { ms?: number; error?: string };
  return out.ms ?? `lightgbm not available: ${out.error}`;
}

async function main() {
  await tf.setBackend('wasm').catch(() => tf.setBackend('cpu'));
  const { table } = await readCsvFile(`${datasetsDir}diamonds.csv`);
  const test = Int32Array.from((JSON.parse(readFileSync(`${datasetsDir}diamonds.test-idx.json`, 'utf8')) as { test_indices: number[] }).test_indices);
  const testRows = takeRows(table, test);
  const first = (n: number) => takeRows(testRows, Int32Array.from({ length: n }, (_, i) => i));
  console.log(`diamonds: ${table.rowCount} rows, ${test.length} test rows; tfjs backend ${tf.getBackend()}`);

  const boosting = await loadExplainable(await train(withModel(defaultPipeline('price', 'regression', 'hist_gradient_boosting'), { early_stopping: 'off', max_iter: 100 }), table, test));
  const shapMs = await best(3, () => explainRows(boosting, first(1000)));
  const boostingPermutation = await permutationFigures(boosting, first(10_000));
  boosting.dispose();

  const linear = await loadExplainable(await train(defaultPipeline('price', 'regression', 'linear_regression'), table, test));
  const linearPermutation = await permutationFigures(linear, first(10_000));
  const linearContribMs = await best(3, () => explainRows(linear, first(1000)));
  linear.dispose();

  const mlp = await loadExplainable(await train(withModel(defaultPipeline('price', 'regression', 'mlp'), { epochs: 5 }), table, test));
  const sampledRows = 10;
  const samplingMs = (await best(1, () => explainRows(mlp, first(sampledRows)))) / sampledRows;
  mlp.dispose();

  const lightgbm = lightgbmContribMs();
  const figures = {
    treeshap_1000_rows_100_trees_ms: shapMs,
    lightgbm_pred_contrib_1000_rows_100_trees_ms: lightgbm,
    linear_contributions_1000_rows_ms: linearContribMs,
    permutation_10000_rows_5_repeats: { hist_gradient_boosting: boostingPermutation, linear_regression: linearPermutation },
    mlp_sampling_shapley_ms_per_row: samplingMs,
  };
  console.table({
    'TreeSHAP, 1,000 rows, 100 trees': `${shapMs.toFixed(0)} ms`,
    'LightGBM pred_contrib, same size': typeof lightgbm === 'number' ? `${lightgbm.toFixed(0)} ms` : lightgbm,
    'linear contributions, 1,000 rows': `${linearContribMs.toFixed(0)} ms`,
    'permutation importance, 10,000 rows × 5, boosting': `${(boostingPermutation.ms / 1000).toFixed(1)} s (${boostingPermutation.reports} progress reports, stops ${boostingPermutation.cancelMs.toFixed(0)} ms after Cancel)`,
    'permutation importance, 10,000 rows × 5, linear': `${(linearPermutation.ms / 1000).toFixed(1)} s (${linearPermutation.reports} progress reports, stops ${linearPermutation.cancelMs.toFixed(0)} ms after Cancel)`,
    'sampling Shapley, MLP, per row': `${samplingMs.toFixed(0)} ms`,
  });
  await mkdir('bench-results', { recursive: true });
  await writeFile('bench-results/explain.json', JSON.stringify(figures, null, 2));
}

await main();
