/**
 * AutoML on every shared dataset and its fixed split: `studio automl --budget 120` (a process of its
 * own per dataset, as a person runs it), its winner's test score beside scikit-learn's best model
 * in BASELINES.json and beside the studio's default pipeline; then the speed-up of the search on
 * several workers over one, with a fixed number of candidates (the same leaderboard either way).
 * Figures only, never pass/fail: `npm run bench:automl -- [--budget S] [--only a,b]
 * [--speedup-data NAME] [--speedup-trials N] [--workers N] [--skip-speedup]`; writes bench-results/automl.json.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { useFastestNodeBackend } from '../../src/cli/backend';
import { parseCsv } from '../../src/core/csv/parse';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { runFirstModel } from '../../src/core/pipeline/run';
import { inferRoles } from '../../src/core/roles/infer';
import { inferTask } from '../../src/core/table/profile';
import { getColumn } from '../../src/core/table/table';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const datasets = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));

const { values } = parseArgs({
  options: {
    budget: { type: 'string', default: '120' },
    only: { type: 'string' },
    workers: { type: 'string' },
    'speedup-data': { type: 'string', default: 'telco_churn' },
    'speedup-trials': { type: 'string', default: '18' },
    'skip-speedup': { type: 'boolean' },
  },
});
const workers = Number(values.workers ?? availableParallelism());

interface Report {
  best: { model: string; params: Record<string, unknown>; score: number };
  metrics: Record<string, number>;
  leaderboard: { model: string; params: Record<string, unknown>; score: number | null; std: number | null; rung: number }[];
  trials: number;
  search_seconds: number;
  seconds: number;
  validation: string;
  messages: string[];
}

async function automl(name: string, target: string, flags: string[]): Promise<Report> {
  const args = ['--import', 'tsx/esm', 'src/cli/main.ts', 'automl', '--data', join(datasets, `${name}.csv`), '--target', target, '--test-rows', join(datasets, `${name}.test-idx.json`), '--json', ...flags];
  const { stdout } = await exec(process.execPath, args, { cwd: root, maxBuffer: 256 << 20 });
  return JSON.parse(stdout) as Report;
}

/** The default pipeline's test score (built from the columns' roles), as `studio run` gives it. */
async function defaultScore(name: string, target: string, metric: string): Promise<number> {
  const { table } = await parseCsv(new Uint8Array(await readFile(join(datasets, `${name}.csv`))));
  const split = JSON.parse(await readFile(join(datasets, `${name}.test-idx.json`), 'utf8'));
  const spec = defaultPipeline(target, inferTask(getColumn(table, target)), undefined, { roles: inferRoles(table, target) });
  const { summary } = await runFirstModel(spec, table, { dataset: { name, sha256: '' }, testRows: { test: split.test_indices, train: split.train_indices } });
  return summary.metrics[metric];
}

await useFastestNodeBackend();
const manifest = JSON.parse(await readFile(join(datasets, 'MANIFEST.json'), 'utf8')) as { datasets: { name: string; target: string; task: string }[] };
const baselines = JSON.parse(await readFile(join(datasets, 'BASELINES.json'), 'utf8')) as { results: { dataset: string; models: Record<string, Record<string, number>> }[] };
const only = values.only?.split(',');

const rows = [];
for (const d of manifest.datasets.filter((m) => !only || only.includes(m.name))) {
  const metric = d.task === 'regression' ? 'r2' : 'accuracy';
  const models = Object.entries(baselines.results.find((r) => r.dataset === d.name)?.models ?? {}).filter(([m]) => !m.startsWith('Dummy'));
  const [sklearnModel, sklearnScores] = models.sort((a, b) => b[1][metric] - a[1][metric])[0];
  process.stderr.write(`${d.name}: AutoML for ${values.budget} s on ${workers} workers…\n`);
  const report = await automl(d.name, d.target, ['--budget', String(values.budget), '--workers', String(workers)]);
  const ours = report.metrics[metric];
  const base = await defaultScore(d.name, d.target, metric);
  const row = {
    dataset: d.name,
    metric,
    automl: ours,
    winner: `${report.best.model} ${JSON.stringify(report.best.params)}`,
    validationScore: report.best.score,
    trials: report.trials,
    searchSeconds: report.search_seconds,
    seconds: report.seconds,
    sklearn: sklearnScores[metric],
    sklearnModel,
    defaultPipeline: base,
    messages: report.messages,
  };
  rows.push(row);
  process.stderr.write(`  ${metric} ${ours.toFixed(4)} (${row.winner}); scikit-learn best ${row.sklearn.toFixed(4)} (${sklearnModel}); default pipeline ${base.toFixed(4)}; ${report.trials} candidates\n`);
}

const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;
console.log(`\n## AutoML, --budget ${values.budget} s, ${workers} workers (test rows of each shared split)\n`);
console.log('| dataset | metric | AutoML | winner | candidates | search s | scikit-learn best | vs scikit-learn | default pipeline | vs default |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.dataset} | ${r.metric} | ${r.automl.toFixed(4)} | ${r.winner.replace(/\|/g, '/')} | ${r.trials} | ${r.searchSeconds.toFixed(0)} | ${r.sklearn.toFixed(4)} (${r.sklearnModel}) | ${signed(r.automl - r.sklearn)} | ${r.defaultPipeline.toFixed(4)} | ${signed(r.automl - r.defaultPipeline)} |`);
}

let speedup;
if (!values['skip-speedup']) {
  const name = values['speedup-data'] as string;
  const target = manifest.datasets.find((m) => m.name === name)?.target as string;
  const trials = String(values['speedup-trials']);
  const timed = async (n: number) => {
    process.stderr.write(`speed-up: ${name}, ${trials} candidates on ${n} worker${n === 1 ? '' : 's'}…\n`);
    return automl(name, target, ['--trials', trials, '--workers', String(n), '--no-ensemble']);
  };
  // Best of two runs each: the machine is shared.
  const one = [await timed(1), await timed(1)];
  const many = [await timed(workers), await timed(workers)];
  const best = (rs: Report[]) => Math.min(...rs.map((r) => r.search_seconds));
  const board = (r: Report) => JSON.stringify(r.leaderboard.map(({ model, params, score, std, rung }) => ({ model, params, score, std, rung })));
  speedup = { dataset: name, trials: Number(trials), workers, oneWorkerSeconds: best(one), manyWorkersSeconds: best(many), speedup: best(one) / best(many), sameLeaderboard: board(one[0]) === board(many[0]) };
  console.log(`\n## Workers: ${name}, ${trials} candidates, no ensemble (best of 2 runs)\n`);
  console.log('| workers | search seconds | speed-up |');
  console.log('|---|---|---|');
  console.log(`| 1 | ${speedup.oneWorkerSeconds.toFixed(1)} | 1.00 |`);
  console.log(`| ${workers} | ${speedup.manyWorkersSeconds.toFixed(1)} | ${speedup.speedup.toFixed(2)} |`);
  console.log(`\nSame leaderboard on 1 and ${workers} workers: ${speedup.sameLeaderboard ? 'yes' : 'NO'}`);
}

await mkdir('bench-results', { recursive: true });
await writeFile('bench-results/automl.json', JSON.stringify({ budget: Number(values.budget), workers, rows, speedup }, null, 2));
