/**
 * The headless studio: `npm run --silent studio -- <verb> …`. Same core as the browser; errors go
 * to stderr with a non-zero exit and a message naming the file, row or column.
 */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { writeBundle, readBundle } from '../core/bundle/bundle';
import { csvPieces } from '../core/csv/write';
import { defaultPipeline } from '../core/pipeline/default';
import { predictTable } from '../core/pipeline/predict';
import { holdsTrainingRows } from '../core/pipeline/fitted';
import { datasetIds, lineageOf } from '../core/pipeline/data';
import { runPipeline } from '../core/pipeline/run';
import { checkForModel } from '../core/predict/check';
import { parsePipeline } from '../core/pipeline/validate';
import { findModelKind, modelKinds } from '../core/models/kinds';
import { inferTask, profileTable } from '../core/table/profile';
import { getColumn } from '../core/table/table';
import { contributionColumns } from '../core/explain/columns';
import { withExplainable } from '../core/explain/model';
import { useFastestNodeBackend } from './backend';
import { explain } from './explain';
import { nodeHost } from './host';
import { readCsvFile } from './data-file';
import { about, asUsageError, loadDatasets, print, readInput, reportSkipped, targetAndRoles, withUnread, type ReadLosses } from './inputs';
import { readTestRows } from './test-rows';
import { UsageError } from './usage';
import { automl } from './automl';
import { fairness } from './fairness';

const USAGE = `Usage:
  studio profile FILE.csv [--json]
  studio run [PIPELINE.json] --data FILE.csv | --data ID=FILE.csv … [--target COL] [--model KIND] [--test-rows SPLIT.json] [--seed N] [--workers N] [--out MODEL.pstudio] [--strict] [--json]
  studio automl [PIPELINE.json] --data FILE.csv … [--target COL] [--test-rows SPLIT.json] [--budget SECONDS | --trials N] [--metric M] [--folds K] [--models KIND,…] [--no-ensemble] [--seed N] [--workers N] [--out MODEL.pstudio] [--strict] [--json]
  studio predict MODEL.pstudio --data FILE.csv --out OUT.csv [--contributions] [--strict] [--json]
  studio explain MODEL.pstudio --data FILE.csv [--rows N] [--repeats N] [--json]
  studio fairness MODEL.pstudio --data FILE.csv --sensitive COL[,COL] [--json]
  studio models --json
Rows a data file cannot be read by (wrong number of fields, a broken quote) are left out with a warning; --strict makes that an error.`;

async function profile(args: string[]) {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError('profile needs exactly one CSV file');
  const { table, errors } = await readCsvFile(positionals[0]);
  const columns = profileTable(table);
  print({ rows: table.rowCount, columns, errors }, values.json ?? false, () =>
    [`${table.rowCount} rows, ${columns.length} columns`, ...columns.map((c) => `  ${c.name}: ${c.kind}, ${c.missing} missing, ${c.uniqueAtLeast ? 'at least ' : ''}${c.unique} distinct`), ...errors.map((e) => `  ${e.message}`), ''].join('\n'),
  );
}

async function run(args: string[]) {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      data: { type: 'string', multiple: true },
      target: { type: 'string' },
      model: { type: 'string' },
      'test-rows': { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      out: { type: 'string' },
      strict: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (!values.data?.length) throw new UsageError('run needs --data FILE.csv (or --data ID=FILE.csv for each dataset a source names)');
  if (positionals.length > 1) throw new UsageError('run takes at most one pipeline file');
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, found "${values.seed}"`);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new UsageError(`--workers must be a whole number ≥ 1, found "${values.workers}"`);
  if (values.model !== undefined && positionals[0]) throw new UsageError('--model chooses the default pipeline\'s model; a pipeline file names its own');
  if (values.model !== undefined && !findModelKind(values.model)) {
    throw new UsageError(`unknown model kind "${values.model}"; the kinds are ${modelKinds.map((k) => k.kind).join(', ')}`);
  }
  const testRows = values['test-rows'] ? await readTestRows(values['test-rows']) : undefined;
  const losses: ReadLosses = [];
  const data = await loadDatasets(values.data, losses);
  const skipped = reportSkipped(losses, values.strict ?? false, 'the run goes on without them');
  let spec;
  let targetSuggested = false;
  if (positionals[0]) {
    const text = new TextDecoder().decode(await readInput(positionals[0], 'pipeline file'));
    spec = await about(positionals[0], () => parsePipeline(text));
  } else {
    const { table } = data(undefined);
    const { target, suggested, roles } = targetAndRoles(table, values.target, values.json ?? false);
    targetSuggested = suggested;
    spec = defaultPipeline(target, inferTask(getColumn(table, target)), values.model, { roles });
  }
  const ids = datasetIds(spec.nodes);
  if (values.data.length === 1 && ids.length > 1) throw new UsageError(`the pipeline reads ${ids.length} datasets (${ids.map((id) => id ?? 'the default').join(', ')}): give each as --data ID=FILE.csv`);
  if (values.target && positionals[0] && values.target !== spec.target) spec = { ...spec, target: values.target };
  await useFastestNodeBackend();
  const compute = nodeHost(workers);
  const started = performance.now();
  const { results } = await runPipeline(spec, data, {
    dataset: await lineageOf(spec.nodes, data),
    seed,
    host: compute.host,
    testRows: withUnread(testRows, losses),
    onEvent: values.json ? undefined : (e) => e.type === 'log' && process.stderr.write(`${e.message}\n`),
  }).catch(asUsageError(values['test-rows'])).finally(() => compute.close());
  const seconds = (performance.now() - started) / 1000;
  const outputs = values.out ? results.map((r) => modelFilePath(values.out as string, r.summary.node, results.length)) : [];
  for (const [i, r] of results.entries()) {
    if (!outputs[i]) continue;
    await writeFile(outputs[i], await writeBundle(r.fitted));
    if (holdsTrainingRows(r.fitted)) process.stderr.write(`note: ${outputs[i]} holds the model's training rows (preprocessed; ${r.summary.modelKind} keeps them to predict): whoever gets the file gets that data\n`);
  }
  const [first] = results;
  const { backend } = first.summary;
  const models = results.map((r, i) => ({ node: r.summary.node, model: r.summary.modelKind, backend: r.summary.backend, seconds: r.summary.seconds, metrics: r.summary.metrics, crossValidation: r.summary.crossValidation, gate: r.summary.gate, out: outputs[i] }));
  // The first model's figures stay at the top level, so a one-model pipeline reads as before.
  const cv = first.summary.crossValidation;
  const result = { task: first.summary.task, target: first.summary.target, ...(targetSuggested ? { target_suggested: true } : {}), model: first.summary.modelKind, rows: first.summary.rows, backend, seconds, metrics: first.summary.metrics, skipped_rows: skipped, ...(cv ? { crossValidation: cv } : {}), ...(results.length > 1 ? { models } : {}) };
  print(result, values.json ?? false, () =>
    [
      `${spec.target} (${spec.task}), ${first.summary.trainRows} train / ${first.summary.testRows} test rows, ${backend}, ${seconds.toFixed(1)} s`,
      ...models.flatMap((m) => [`${m.node} (${m.model}):`, ...Object.entries(m.metrics).map(([k, v]) => `  ${k}: ${v.toFixed(4)}`), m.out ? `  model written to ${m.out}` : '']),
      '',
    ].join('\n'),
  );
}

/** One model file per model node: with several, the node id goes before the extension. */
function modelFilePath(out: string, node: string, models: number): string {
  if (models === 1) return out;
  const dot = out.lastIndexOf('.');
  return dot > out.lastIndexOf('/') ? `${out.slice(0, dot)}.${node}${out.slice(dot)}` : `${out}.${node}`;
}

/** Rows from which `predict` lends a tree model worker threads (one thread scores about a million rows a second). */
const PARALLEL_PREDICT_FILE_ROWS = 2_000_000;

async function predict(args: string[]) {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { data: { type: 'string' }, out: { type: 'string' }, contributions: { type: 'boolean' }, strict: { type: 'boolean' }, json: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError('predict needs exactly one model file');
  if (!values.data || !values.out) throw new UsageError('predict needs --data FILE.csv and --out OUT.csv');
  const bundle = await readInput(positionals[0], 'model file');
  const { fitted } = await about(positionals[0], () => readBundle(bundle));
  const { table, errors } = await readCsvFile(values.data);
  const skipped = reportSkipped([{ file: values.data, errors }], values.strict ?? false, `they get no prediction in ${values.out}`);
  const report = checkForModel(fitted, table);
  if (report.blocking.length) throw new Error(`${values.data}: cannot score this file: ${report.blocking.join(' ')}`);
  if (!values.json) for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
  const backend = await useFastestNodeBackend();
  const started = performance.now();
  // Tree ensembles score very large files in worker threads; below that, starting the threads (about a
  // second under tsx) would cost more than they save.
  const compute = table.rowCount >= PARALLEL_PREDICT_FILE_ROWS ? nodeHost() : undefined;
  const columns = await about(values.data, () => predictTable(fitted, table, compute?.host)).finally(() => compute?.close());
  if (values.contributions) columns.push(...(await about(values.data, () => withExplainable(fitted, (model) => contributionColumns(model, table)))));
  const seconds = (performance.now() - started) / 1000;
  await pipeline(Readable.from(csvPieces(table, columns)), createWriteStream(values.out));
  print({ rows: table.rowCount, columns: columns.map((c) => c.name), backend, seconds, out: values.out, warnings: report.warnings, skipped_rows: skipped }, values.json ?? false, () => `Predicted ${table.rowCount} rows (${columns.map((c) => c.name).join(', ')}) → ${values.out}\n`);
}

function models(args: string[]) {
  parseArgs({ args, options: { json: { type: 'boolean' } } });
  const list = modelKinds.map((m) => ({ kind: m.kind, title: m.title, tasks: m.tasks, params: m.params }));
  process.stdout.write(JSON.stringify(list) + '\n');
}

const verbs: Record<string, (args: string[]) => Promise<void> | void> = { profile, run, automl, predict, explain, fairness, models };

async function main(argv: string[]) {
  const [verb, ...rest] = argv;
  const handler = verb ? verbs[verb] : undefined;
  if (!handler) throw new UsageError(verb ? `unknown command "${verb}"` : 'no command given');
  await handler(rest);
}

main(process.argv.slice(2)).catch((e: Error) => {
  const usage = e instanceof UsageError || e.name === 'TypeError' && /Unknown option|Unexpected argument/.test(e.message);
  process.stderr.write(`studio: ${e.message}\n${usage ? USAGE + '\n' : ''}`);
  process.exit(usage ? 2 : 1);
});
