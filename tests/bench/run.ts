/**
 * `npm run bench`: figures, never pass/fail. Prints tables and writes bench-results/bench.json.
 * `npm run bench -- --only penguins,iris` limits the quality table to some datasets.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { useFastestNodeBackend } from '../../src/cli/backend';
import { benchCache } from './cache';
import { benchParse } from './parse';
import { benchPredict } from './predict';
import { benchQuality } from './quality';

const datasets = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
const { values } = parseArgs({ options: { only: { type: 'string' } } });

process.stderr.write('CSV parsing (Node)\n');
const parse = await benchParse(200_000);
console.log('## CSV → typed table (Node, 200,000 rows × 12 mixed columns)\n');
console.log('| ours MB/s | bare Papa.parse (typing off) MB/s | ratio |');
console.log('|---|---|---|');
console.log(`| ${parse.oursMBs.toFixed(1)} | ${parse.papaMBs.toFixed(1)} | ${parse.ratio.toFixed(2)} |`);

const backend = await useFastestNodeBackend();

process.stderr.write('Prediction throughput\n');
const predict = await benchPredict();
console.log(`\n## Prediction (Node ${backend}, logistic pipeline, ${predict.rows.toLocaleString('en')} rows × ${predict.features} columns)\n`);
console.log('| batch rows/s | single-row latency ms |');
console.log('|---|---|');
console.log(`| ${Math.round(predict.batchRowsPerSecond).toLocaleString('en')} | ${predict.singleRowMs.toFixed(3)} |`);

process.stderr.write('Node cache\n');
const cache = await benchCache(datasets);
console.log(`\n## Node cache (${cache.dataset}, second run after a learning-rate change)\n`);
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
  console.log(`| ${r.dataset} | ${r.model} | ${r.metric} | ${r.ours.toFixed(4)} | ${r.sklearn.toFixed(4)} | ${(r.ours - r.sklearn).toFixed(4)} | ${r.seconds.toFixed(1)} |`);
}
await mkdir('bench-results', { recursive: true });
await writeFile('bench-results/bench.json', JSON.stringify({ backend, parse, predict, cache, quality }, null, 2));
