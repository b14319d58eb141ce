/**
 * `npm run bench`: figures, never pass/fail. Prints tables and writes bench-results/bench.json.
 * `npm run bench -- --only penguins,iris` limits the quality table to some datasets; `--skip-browser`
 * leaves out the Chromium measurements. `--only-parse` runs only the CSV parsing benches (Chromium worker
 * and Node) and writes bench-results/parse.json; `--parse-rows N` sets their file's size (default 1,000,000 rows, ~100 MB).
 * Then the trees section (tests/bench/trees.ts), the linear solvers (solvers.ts) and the scale section
 * (scale.ts: `studio run` at 100k / 1M / 5M rows), each beside scikit-learn / LightGBM when Python
 * has them; `--skip-trees`, `--skip-solvers`, `--skip-scale` leave one out.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { useFastestNodeBackend } from '../../src/cli/backend';
import { benchBrowser, benchBrowserParse, type BrowserBench } from './browser';
import { benchCache } from './cache';
import { benchParse, parseReport } from './parse';
import { benchPredict } from './predict';
import { benchQuality } from './quality';
import { benchTrees, treesReport } from './trees';

const datasets = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    'skip-browser': { type: 'boolean' },
    'only-parse': { type: 'boolean' },
    'parse-rows': { type: 'string' },
    'skip-trees': { type: 'boolean' },
    'skip-solvers': { type: 'boolean' },
    'skip-scale': { type: 'boolean' },
  },
});
const parseRows = Number(values['parse-rows'] ?? 1_000_000);

if (values['only-parse']) {
  const inBrowser = values['skip-browser'] ? undefined : await benchBrowserParse(parseRows, 3);
  process.stderr.write('CSV parsing (Node)\n');
  const node = await benchParse(parseRows);
  console.log(parseReport(node, inBrowser));
  await mkdir('bench-results', { recursive: true });
  await writeFile('bench-results/parse.json', JSON.stringify({ browser: inBrowser, node }, null, 2));
  process.exit(0);
}

let browser: BrowserBench | undefined;
if (!values['skip-browser']) {
  process.stderr.write('Browser benchmarks (Chromium)\n');
  browser = await benchBrowser(parseRows, 3);
  const { predict: pp, train, linear } = browser;
  console.log(`Default pipeline (logistic regression, L-BFGS) on ${linear.rows.toLocaleString('en')} rows × ${linear.features} columns in the engine worker: ${linear.firstSeconds.toFixed(2)} s from Run to metrics on the first run, ${linear.seconds.toFixed(2)} s best of 3\n`);
  console.log(`## Browser, engine worker (Chromium, headless)\n`);
  console.log(`Prediction (${pp.rows.toLocaleString('en')} rows × ${pp.features} columns, logistic pipeline, wasm): ${Math.round(pp.batchRowsPerSecond).toLocaleString('en')} rows/s; one row ${pp.singleRowMsInWorker.toFixed(3)} ms in the worker, ${pp.singleRowMsRoundTrip.toFixed(2)} ms page → worker → page\n`);
  console.log('| backend | rows | bare model.fit samples/s | studio samples/s | studio / bare |');
  console.log('|---|---|---|---|---|');
  for (const r of train.rows) console.log(`| ${r.backend} | ${r.rows} | ${Math.round(r.bare).toLocaleString('en')} | ${Math.round(r.studio).toLocaleString('en')} | ${r.ratio.toFixed(2)} |`);
  const timings = Object.entries(train.auto.msPerStep ?? {}).map(([b, ms]) => `${b} ${ms.toFixed(2)} ms/step`).join(', ');
  console.log(`\nUnavailable: ${train.unavailable.join(', ') || 'none'}. WebGPU adapter: ${train.webgpuAdapter ? `${train.webgpuAdapter.vendor || 'unknown'}${train.webgpuAdapter.fallback ? ' (software fallback)' : ''}` : 'none'}. Auto choice for MLP 20→64→64→2, batch 256: **${train.auto.backend}** (${timings}).\n`);
}

process.stderr.write('CSV parsing (Node)\n');
const parse = await benchParse(parseRows);
console.log(parseReport(parse, browser?.parse));

const backend = await useFastestNodeBackend();

process.stderr.write('Prediction throughput\n');
const predict = await benchPredict();
console.log(`\n## Prediction (Node ${backend}, logistic pipeline, ${predict.rows.toLocaleString('en')} rows × ${predict.features} columns)\n`);
console.log('| batch rows/s | single-row latency ms |');
console.log('|---|---|');
console.log(`| ${Math.round(predict.batchRowsPerSecond).toLocaleString('en')} | ${predict.singleRowMs.toFixed(3)} |`);

process.stderr.write('Node cache\n');
const cache = await benchCache(datasets);
console.log(`\n## Node cache (${cache.dataset}, second run after a change of the ridge's alpha)\n`);
console.log('| node | first run | second run |');
console.log('|---|---|---|');
for (const [i, n] of cache.first.entries()) {
  const again = cache.second[i];
  console.log(`| ${n.id} | ${n.status}, ${n.ms.toFixed(0)} ms | ${again.status}, ${again.ms.toFixed(0)} ms |`);
}
console.log(`| whole run | ${cache.firstSeconds.toFixed(2)} s | ${cache.secondSeconds.toFixed(2)} s |`);
process.stderr.write(`Quality on the shared splits (Node, ${backend} backend)\n`);
const quality = await benchQuality(datasets, values.only?.split(','));

console.log(`\n## Quality vs scikit-learn 1.2.1 (shared test splits, Node ${backend})\n`);
console.log('| dataset | model | metric | ours | scikit-learn | Δ | seconds |');
console.log('|---|---|---|---|---|---|---|');
for (const r of quality) {
  // BASELINES.json has no naive Bayes: its scikit-learn cells stay empty.
  const reference = Number.isNaN(r.sklearn) ? ['–', '–'] : [r.sklearn.toFixed(4), (r.ours - r.sklearn).toFixed(4)];
  console.log(`| ${r.dataset} | ${r.model} | ${r.metric} | ${r.ours.toFixed(4)} | ${reference[0]} | ${reference[1]} | ${r.seconds.toFixed(1)} |`);
}
let trees: Awaited<ReturnType<typeof benchTrees>> | undefined;
if (!values['skip-trees']) {
  process.stderr.write('Trees (Node, one thread and the worker pool, beside scikit-learn and LightGBM)\n');
  trees = await benchTrees({ rows: 1_000_000, forestTrees: { letter: 100, generated: 10 }, python: true });
  console.log(`\n${treesReport(trees)}`);
}
await mkdir('bench-results', { recursive: true });
await writeFile('bench-results/bench.json', JSON.stringify({ backend, browser, parse, predict, cache, quality, trees }, null, 2));

// The solver and scale benches are scripts of their own (scale.ts runs `studio run` as a person would).
for (const [flag, script] of [['skip-solvers', 'solvers.ts'], ['skip-scale', 'scale.ts']] as const) {
  if (values[flag]) continue;
  process.stderr.write(`${script}\n`);
  spawnSync(process.execPath, ['--import', 'tsx/esm', fileURLToPath(new URL(script, import.meta.url))], { stdio: 'inherit' });
}
