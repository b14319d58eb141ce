/**
 * `studio automl`: search model kinds and their settings on the training rows (worker threads share
 * the candidates' folds), then fit the winner's pipeline on all of them and score the test rows,
 * as `run` would. Progress goes to stderr unless --json. Ctrl+C stops the search and keeps the best
 * so far; the model file is written whole or not at all.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { rungsText } from '../core/automl/halving';
import { AUTOML_KIND, automlProblems, SEARCH_METRICS } from '../core/automl/settings';
import { runSearch } from '../core/automl/run';
import { searchPipeline } from '../core/automl/pipelines';
import type { AutomlEvent, TrialEntry } from '../core/automl/types';
import { writeBundle } from '../core/bundle/bundle';
import { lineageOf } from '../core/pipeline/data';
import { runFirstModel } from '../core/pipeline/run';
import { parsePipeline } from '../core/pipeline/validate';
import { inferTask } from '../core/table/profile';
import { getColumn } from '../core/table/table';
import type { ParamValue } from '../core/values';
import { useFastestNodeBackend } from './backend';
import { nodeHost } from './host';
import { about, asUsageError, loadDatasets, print, readInput, reportSkipped, targetAndRoles, withUnread, type ReadLosses } from './inputs';
import { readTestRows } from './test-rows';
import { UsageError } from './usage';

const OPTIONS = {
  data: { type: 'string', multiple: true },
  target: { type: 'string' },
  'test-rows': { type: 'string' },
  budget: { type: 'string' },
  trials: { type: 'string' },
  metric: { type: 'string' },
  folds: { type: 'string' },
  models: { type: 'string' },
  'no-ensemble': { type: 'boolean' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  out: { type: 'string' },
  strict: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function wholeNumber(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= min)) throw new UsageError(`--${flag} must be a whole number ≥ ${min}, found "${text}"`);
  return n;
}

/** The AutoML node's parameters the flags set. */
function flagParams(values: Values): Record<string, ParamValue> {
  if (values.budget !== undefined && values.trials !== undefined) throw new UsageError('give --budget SECONDS or --trials N, not both');
  const params: Record<string, ParamValue> = {};
  if (values.budget !== undefined) {
    const seconds = Number(values.budget);
    if (!(Number.isFinite(seconds) && seconds > 0)) throw new UsageError(`--budget must be a number of seconds > 0, found "${values.budget}"`);
    params.budget_seconds = seconds;
    params.trials = 0;
  }
  const trials = wholeNumber('trials', values.trials, 1);
  if (trials !== undefined) params.trials = trials;
  if (values.metric !== undefined) {
    if (!(values.metric in SEARCH_METRICS)) throw new UsageError(`unknown metric "${values.metric}"; the metrics are ${Object.keys(SEARCH_METRICS).join(', ')}`);
    params.metric = values.metric;
  }
  const folds = wholeNumber('folds', values.folds, 0);
  if (folds !== undefined) params.folds = folds;
  const seed = wholeNumber('seed', values.seed, 0);
  if (seed !== undefined) params.seed = seed;
  if (values.models !== undefined) params.models = values.models;
  if (values['no-ensemble']) params.ensemble = false;
  return params;
}

const score = (e: TrialEntry) => (e.score === undefined ? `— (${e.error})` : `${e.score.toFixed(4)} ± ${(e.std ?? 0).toFixed(4)}`);
const paramsText = (params: Record<string, ParamValue>) => Object.entries(params).map(([k, v]) => `${k}=${String(v)}`).join(' ');

/** Progress on stderr, a line per finished rung of a candidate. */
function progressLine(event: AutomlEvent): string | undefined {
  if (event.type === 'log') return event.message;
  if (event.type === 'plan') {
    const { plan } = event;
    return `AutoML: ${SEARCH_METRICS[plan.metric].title} by ${plan.validation}; rungs ${rungsText(plan.rungs)}; ${plan.trials ? `${plan.trials} candidates` : `${plan.budgetSeconds} s`}; kinds ${plan.kinds.join(', ')}`;
  }
  if (event.type === 'trial') {
    const e = event.entry;
    return `  #${e.index} ${e.kind} rung ${e.rung + 1} (${e.rows.toLocaleString('en')} rows): ${score(e)}, ${e.seconds.toFixed(1)} s  ${paramsText(e.params)}`;
  }
  return undefined;
}

export async function automl(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  if (!values.data?.length) throw new UsageError('automl needs --data FILE.csv');
  if (positionals.length > 1) throw new UsageError('automl takes at most one pipeline file (one with an AutoML node)');
  const params = flagParams(values);
  const workers = wholeNumber('workers', values.workers, 1);
  const testRows = values['test-rows'] ? await readTestRows(values['test-rows']) : undefined;
  const losses: ReadLosses = [];
  const data = await loadDatasets(values.data, losses);
  const skipped = reportSkipped(losses, values.strict ?? false, 'the search goes on without them');
  let spec;
  if (positionals[0]) {
    const text = new TextDecoder().decode(await readInput(positionals[0], 'pipeline file'));
    const file = await about(positionals[0], () => parsePipeline(text));
    const node = file.nodes.find((n) => n.kind === AUTOML_KIND);
    if (!node) throw new UsageError(`${positionals[0]} has no AutoML node; run it with \`studio run\``);
    spec = { ...file, target: values.target ?? file.target, nodes: file.nodes.map((n) => (n === node ? { ...n, params: { ...n.params, ...params } } : n)) };
  } else {
    const { table } = data(undefined);
    const { target } = targetAndRoles(table, values.target, values.json ?? false);
    spec = searchPipeline(null, target, inferTask(getColumn(table, target)), params);
  }
  const problems = automlProblems(spec.nodes.find((n) => n.kind === AUTOML_KIND)?.params ?? {}, spec.task);
  if (problems.length) throw new UsageError(problems.join('; '));

  await useFastestNodeBackend();
  const compute = nodeHost(workers);
  const cancel = new AbortController();
  const interrupted = () => {
    process.stderr.write('Stopping the search; the best model so far is kept\n');
    cancel.abort();
  };
  process.once('SIGINT', interrupted);
  const started = performance.now();
  const fixed = withUnread(testRows, losses);
  try {
    const result = await runSearch(spec, data, {
      pool: compute.host.pool,
      testRows: fixed,
      signal: cancel.signal,
      onEvent: values.json ? undefined : (event) => {
        const line = progressLine(event);
        if (line) process.stderr.write(`${line}\n`);
      },
    }).catch(asUsageError(values['test-rows']));
    process.off('SIGINT', interrupted);
    // The winner on all the training rows, scored on the test rows: what `studio run` of its pipeline gives.
    const { summary, fitted } = await runFirstModel(result.winner, data, { dataset: await lineageOf(result.winner.nodes, data), host: compute.host, testRows: fixed });
    const seconds = (performance.now() - started) / 1000;
    if (values.out) await writeWhole(values.out, await writeBundle(fitted));
    const leaderboard = result.leaderboard.map((e) => ({ model: e.kind, params: e.params, score: e.score ?? null, std: e.std ?? null, seconds: e.seconds, rung: e.rung, rows: e.rows, ...(e.error ? { error: e.error } : {}) }));
    const report = {
      task: result.task,
      target: result.target,
      metric: result.plan.metric,
      validation: result.plan.validation,
      best: { model: result.best.kind, params: result.best.params, score: result.best.score, std: result.best.std },
      metrics: summary.metrics,
      leaderboard,
      trials: result.trials,
      stopped: result.stopped,
      messages: result.messages,
      search_seconds: result.seconds,
      seconds,
      skipped_rows: skipped,
      ...(values.out ? { out: values.out } : {}),
    };
    print(report, values.json ?? false, () =>
      [
        `Best of ${result.trials} candidates (${result.stopped}): ${result.best.kind} ${paramsText(result.best.params)}`,
        `  validation ${SEARCH_METRICS[result.plan.metric].title}: ${score(result.best)}`,
        ...result.messages.map((m) => `  ${m}`),
        `Test rows (${summary.testRows}):`,
        ...Object.entries(summary.metrics).map(([k, v]) => `  ${k}: ${v.toFixed(4)}`),
        ...(values.out ? [`Model written to ${values.out}`] : []),
        '',
      ].join('\n'),
    );
  } finally {
    process.off('SIGINT', interrupted);
    await compute.close();
  }
}

/** Written under a temporary name and renamed: an interrupted write leaves no half a file. */
async function writeWhole(path: string, bytes: Uint8Array): Promise<void> {
  const partial = `${path}.partial-${process.pid}`;
  try {
    await writeFile(partial, bytes);
    await rename(partial, path);
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
}
