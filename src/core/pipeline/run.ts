/**
 * The executor: gathers the pipeline's data (its sources, appended and joined into one table), then
 * runs it branch by branch, node by node, emitting events,
 * and returns every model's fitted pipeline with its test metrics. Node outputs are cached by
 * their parameters and inputs, so a change re-runs only the nodes it affects.
 */
import { gather, range } from '../arrays';
import { sensitiveOf } from '../fairness/params';
import { fairnessReport, type FairnessReport } from '../fairness/report';
import type { ComputeHost, ModelDescriptor } from '../models/contract';
import { requireModelKind } from '../models/kinds';
import { dataFindings, type DataFindings } from '../quality/findings';
import { trainingProfile } from '../table/training-profile';
import { findColumn, schemaOf, withColumns, type Column, type Table } from '../table/table';
import { explainTestRows } from '../explain/training';
import type { GlobalExplanation } from '../explain/types';
import { APP_VERSION } from '../version';
import { hashKey, hashRows, NodeCache } from './cache';
import { runCombine } from './combine';
import { sourceData, type PipelineData } from './data';
import { explainDivergence } from './divergence';
import type { CrossValidation, NodeLog, RunEvent, RunSummary } from './events';
import { readTarget, type TargetLabels } from './features';
import type { FittedPipeline, FittedStep } from './fitted';
import { judgeGate } from './gate';
import { branchSpec, planPipeline, type Branch, type Plan } from './graph';
import { fixedSplit, foldRows, groupCodes, splitRows, type FixedRows, type RowSplit } from './split';
import type { PipelineNode, PipelineSpec } from './spec';
import { branchData, trainBranchModel, type BranchData, type BranchModel, type BranchTraining } from './train-branch';
import { fitStep } from './transform';
import { PipelineError } from './errors';
import { validatePipeline } from './validate';

export interface RunOptions {
  /** The data the run is recorded as trained on (the models' lineage), and the name and hash of a single table passed as the data. */
  dataset: { name: string; sha256: string };
  /** Overrides every seed in the pipeline (split, initial weights, batch order). */
  seed?: number;
  /** Fixed test rows (0-based data-row indices) instead of the pipeline's own split. */
  testRows?: FixedRows;
  signal?: AbortSignal;
  /** Awaited between epochs: resolves at once unless the run is paused, then when it is resumed. */
  pause?: () => Promise<void>;
  onEvent?: (event: RunEvent) => void;
  /** Outputs of earlier runs; without one every node runs. */
  cache?: RunCache;
  /** What the host lends the models: a TensorFlow.js backend chosen for each network, workers. None: tfjs's active backend, one thread. */
  host?: ComputeHost;
  /** The backend the user asked for ('auto', 'wasm' …): part of a model's cache key, since another choice trains another model. */
  backendChoice?: string;
  /** false: skip the permutation importance computed on the test rows after training (explanations.json). */
  explain?: boolean;
}

export interface ModelResult {
  summary: RunSummary;
  fitted: FittedPipeline;
}

export interface RunResult {
  /** One per branch (model node), in the order of the spec's model nodes. */
  results: ModelResult[];
}

type CachedTable = { kind: 'table'; table: Table; notices: string[] };
type CachedStep = { kind: 'step'; table: Table; state: unknown };
type CachedModel = { kind: 'model'; model: BranchModel };
type CachedFindings = { kind: 'findings'; findings: DataFindings };
export type RunCache = NodeCache<CachedTable | CachedStep | CachedModel | CachedFindings>;

export function createRunCache(): RunCache {
  return new NodeCache(32);
}

function mask(rows: number, ids: Int32Array): Uint8Array {
  const m = new Uint8Array(rows);
  for (const id of ids) m[id] = 1;
  return m;
}

/** What a node log reads of a table: its row count and column names (not its data, which may be let go). */
type TableShape = Pick<Table, 'rowCount'> & { columns: readonly { name: string }[] };

const shapeOf = (table: Table): TableShape => ({ rowCount: table.rowCount, columns: table.columns.map((c) => ({ name: c.name })) });

function nodeLog(node: PipelineNode, status: NodeLog['status'], ms: number, before: TableShape, after: TableShape, warnings: string[] = []): NodeLog {
  const beforeNames = new Set(before.columns.map((c) => c.name));
  const afterNames = new Set(after.columns.map((c) => c.name));
  return {
    id: node.id,
    kind: node.kind,
    status,
    ms,
    rowsIn: before.rowCount,
    rowsOut: after.rowCount,
    columnsAdded: [...afterNames].filter((n) => !beforeNames.has(n)),
    columnsRemoved: [...beforeNames].filter((n) => !afterNames.has(n)),
    warnings,
  };
}

/**
 * The data part of the plan, in order: each source's dataset, each append and join on its inputs.
 * Returns the table the branches read and its cache key (the datasets' hashes and column kinds,
 * and the combine nodes' parameters).
 */
function gatherData(plan: Plan, data: PipelineData, options: RunOptions, emit: (event: RunEvent) => void): { table: Table; key: string } {
  const out = new Map<string, { table: Table; key: string }>();
  for (const node of plan.data) {
    const before = performance.now();
    if (node.kind === 'source') {
      const { table, sha256, readAs } = sourceData(node, data, options.dataset);
      // The columns' kinds and the read options too: an override changes the table but not the file's hash.
      out.set(node.id, { table, key: hashKey(sha256, readAs ?? '', table.columns.map((c) => [c.name, c.kind])) });
      continue;
    }
    const inputs = plan.inputs.get(node.id) ?? [];
    const read = inputs.map((e) => ({ from: e.from, ...(out.get(e.from) as { table: Table; key: string }) }));
    const key = hashKey(node.kind, node.params, read.map((r) => r.key));
    const hit = options.cache?.get(key);
    const result = hit?.kind === 'table' ? hit : { kind: 'table' as const, ...runCombine(node, read) };
    if (!hit) options.cache?.set(key, result);
    const rowsIn = read.reduce((sum, r) => sum + r.table.rowCount, 0);
    const names = new Set(read.flatMap((r) => r.table.columns.map((c) => c.name)));
    emit({
      type: 'node',
      log: { id: node.id, kind: node.kind, status: hit ? 'cached' : 'ran', ms: performance.now() - before, rowsIn, rowsOut: result.table.rowCount, columnsAdded: result.table.columns.map((c) => c.name).filter((n) => !names.has(n)), columnsRemoved: [...names].filter((n) => !result.table.columns.some((c) => c.name === n)), warnings: result.notices },
    });
    for (const notice of result.notices) emit({ type: 'log', message: `${node.id}: ${notice}` });
    out.set(node.id, { table: result.table, key });
  }
  return out.get(plan.root.id) as { table: Table; key: string };
}

/**
 * Run every branch of a pipeline. `data` is one table that every source reads, or a resolver from
 * a source's dataset id to the dataset (for pipelines that append or join several).
 */
export async function runPipeline(spec: PipelineSpec, data: PipelineData, options: RunOptions): Promise<RunResult> {
  const emit = options.onEvent ?? (() => {});
  validatePipeline(spec);
  const plan = planPipeline(spec);
  if (plan.search) {
    throw new PipelineError([`node "${plan.search.id}" is an AutoML node: this pipeline searches for a model rather than training one. Run it with "Find the best model" in the studio, or \`studio automl\``]);
  }
  const { branches } = plan;
  const { table, key: dataKey } = gatherData(plan, data, options, emit);
  const labels = readTarget(table, spec.target, spec.task);
  const source: Table = { ...table, rowIds: range(table.rowCount) };
  const inputSchema = schemaOf({ rowCount: table.rowCount, columns: table.columns.filter((c) => c.name !== spec.target) });
  const findings = findingsOf(table, spec.target, dataKey, options, emit);
  const results: ModelResult[] = [];
  for (const [index, branch] of branches.entries()) {
    const progress = (fraction: number) => (index + 0.1 + 0.9 * fraction) / branches.length;
    results.push(await runBranch(spec, branch, source, dataKey, labels, inputSchema, options, emit, progress, findings));
  }
  emit({ type: 'progress', fraction: 1, message: 'Evaluated' });
  return { results };
}

/** The table a valid pipeline's branches (or its AutoML node) read: its data part, gathered. */
export function pipelineTable(spec: PipelineSpec, data: PipelineData, options: Pick<RunOptions, 'dataset' | 'cache' | 'onEvent'>): Table {
  return gatherData(planPipeline(spec), data, options, options.onEvent ?? (() => {})).table;
}

/**
 * A branch's training and test rows, as the split node (or fixed rows) decides them from the
 * source's labelled rows. AutoML searches on the training rows of the split its winner will run.
 */
export function branchSplit(source: Table, labels: TargetLabels, splitNode: PipelineNode, options: Pick<RunOptions, 'seed' | 'testRows'>, emit: (event: RunEvent) => void): RowSplit {
  const groupOf = groupCodes(source, String(splitNode.params.group ?? ''));
  return options.testRows
    ? announced(fixedSplit(labels.labelled, options.testRows, source.rowCount), splitNode.id, emit)
    : splitRows(labels.labelled, labels.classAt ? gather(labels.classAt, labels.labelled) : null, splitNode.params, options.seed, groupOf && gather(groupOf, labels.labelled));
}

/** The data's quality and privacy findings (for the model files), once per dataset and target: through the cache. */
function findingsOf(table: Table, target: string, dataKey: string, options: RunOptions, emit: (event: RunEvent) => void): DataFindings {
  const key = hashKey('findings', dataKey, target);
  const hit = options.cache?.get(key);
  if (hit?.kind === 'findings') return hit.findings;
  const findings = dataFindings(table, target);
  options.cache?.set(key, { kind: 'findings', findings });
  const checked = findings.checkedRows < findings.rows ? ` (on ${findings.checkedRows.toLocaleString('en')} of ${findings.rows.toLocaleString('en')} rows)` : '';
  emit({ type: 'log', message: `data-quality and privacy checks${checked}: ${findings.warnings.length} finding${findings.warnings.length === 1 ? '' : 's'}` });
  return findings;
}

/** A sensitive column of the source table, or an error naming the columns there are. */
function sensitiveColumn(source: Table, name: string): Column {
  const column = findColumn(source, name);
  if (!column) throw new Error(`Sensitive column "${name}" is not a column of the data; its columns are ${source.columns.map((c) => c.name).join(', ')}`);
  return column;
}

/** The fairness report of a branch's model on its test rows, grouped by the sensitive columns of the source table. */
function branchFairness(task: PipelineSpec['task'], labels: TargetLabels, columns: readonly Column[], model: BranchModel): FairnessReport {
  const { ids, predicted } = model.predictions;
  const actual = labels.classAt ? gather(labels.classAt, ids) : gather(labels.valueAt as Float64Array, ids);
  return fairnessReport({ task, classes: labels.classes, columns, rows: ids, actual, predicted });
}

/** A pipeline's first model: for callers that train one (tests, benchmarks). */
export async function runFirstModel(spec: PipelineSpec, data: PipelineData, options: RunOptions): Promise<ModelResult> {
  return (await runPipeline(spec, data, options)).results[0];
}

interface BranchContext {
  spec: PipelineSpec;
  branch: Branch;
  source: Table;
  /** The source table's cache key: its dataset hash, or that of the datasets and combine nodes it was gathered by. */
  dataKey: string;
  labels: TargetLabels;
  options: RunOptions;
  emit: (event: RunEvent) => void;
  seed: number;
  kind: ModelDescriptor;
}

interface FittedBranch {
  steps: FittedStep[];
  model: BranchModel;
}

/** A branch after its steps: their states, and the model from the cache or the data to train it on. */
interface Preprocessed {
  steps: FittedStep[];
  /** The model's cache key. */
  key: string;
  /** The preprocessed table's shape, for the model's node log. */
  shape: TableShape;
  training: BranchTraining;
  /** When the model stage began. */
  started: number;
  cached?: BranchModel;
  /** Without a cached model: what it trains on and is scored on. */
  prepared?: BranchData;
}

/**
 * Fit the branch's steps on `split.train`, through the cache, and take the model's data out of the
 * preprocessed table. Synchronous, and the table is not returned: an awaiting function keeps every
 * local it has alive until it returns (V8), and the model need not train beside a table it no longer reads.
 */
function preprocess(c: BranchContext, split: RowSplit, progress: (fraction: number) => number, emit: (event: RunEvent) => void, pinnedBackend?: string): Preprocessed {
  const { spec, branch, options } = c;
  const isTrain = mask(c.source.rowCount, split.train);
  const isTest = mask(c.source.rowCount, split.test);
  let key = hashKey(c.dataKey, spec.target, spec.task, hashRows(split.train));
  let current = c.source;
  const steps: FittedStep[] = [];
  for (const node of branch.steps) {
    key = hashKey(key, node.kind, node.params);
    const before = performance.now();
    const hit = options.cache?.get(key);
    const out = hit?.kind === 'step' ? hit : { kind: 'step' as const, ...fitStep(node, current, isTrain, { target: spec.target, task: spec.task }) };
    if (!hit) options.cache?.set(key, out);
    emit({ type: 'node', log: nodeLog(node, hit ? 'cached' : 'ran', performance.now() - before, current, out.table) });
    steps.push({ id: node.id, kind: node.kind, state: out.state });
    current = out.table;
  }
  emit({ type: 'progress', fraction: progress(0), message: `${branch.model.id}: preprocessed` });
  key = hashKey(key, branch.model.kind, branch.model.params, c.seed, pinnedBackend ?? options.backendChoice ?? '');
  const started = performance.now();
  const hit = options.cache?.get(key);
  const training: BranchTraining = { node: branch.model, kind: c.kind, task: spec.task, target: spec.target, labels: c.labels, isTrain, isTest, seed: c.seed, host: options.host ?? {}, pinnedBackend, signal: options.signal, pause: options.pause, emit, progress };
  const cached = hit?.kind === 'model' ? hit.model : undefined;
  return { steps, key, shape: shapeOf(current), training, started, cached, prepared: cached ? undefined : branchData(current, training) };
}

/**
 * Fit the branch's steps and model on `split.train` and score `split.test`, through the cache.
 * `report` is false for cross-validation folds, whose node logs would only repeat the final fit's.
 */
async function fitOnSplit(c: BranchContext, split: RowSplit, progress: (fraction: number) => number, report: boolean, pinnedBackend?: string): Promise<FittedBranch> {
  const emit = report ? c.emit : (event: RunEvent) => event.type === 'progress' && c.emit(event);
  const { steps, key, shape, training, started, cached, prepared } = preprocess(c, split, progress, emit, pinnedBackend);
  const model =
    cached ??
    (await trainBranchModel(training, prepared as BranchData).catch((error: unknown) => {
      // Here the features and the fitted steps are known: a divergence names its likely cause in them.
      throw explainDivergence(error, (prepared as BranchData).data, steps);
    }));
  if (!cached) c.options.cache?.set(key, { kind: 'model', model });
  // A model from the cache says which backend trained it, as a fresh fit does.
  else emit({ type: 'backend', backend: model.backend, node: c.branch.model.id });
  emit({ type: 'node', log: nodeLog(c.branch.model, cached ? 'cached' : 'ran', performance.now() - started, shape, shape, model.warnings) });
  return { steps, model };
}

/** k-fold cross-validation on the training rows: each fold's metrics, then their mean and standard deviation. */
async function crossValidate(c: BranchContext, train: Int32Array, folds: number, backend: string, progress: (part: number, fraction: number) => number): Promise<CrossValidation> {
  const classOf = c.labels.classAt;
  const assignment = foldRows(train, classOf ? gather(classOf, train) : null, folds, c.seed);
  const perFold: Record<string, number>[] = [];
  for (let f = 0; f < folds; f++) {
    const split = { train: train.filter((_, i) => assignment[i] !== f), test: train.filter((_, i) => assignment[i] === f) };
    const { model } = await fitOnSplit(c, split, (fraction) => progress(f + 1, fraction), false, backend);
    perFold.push(model.metrics);
    c.emit({ type: 'log', message: `${c.branch.model.id}: fold ${f + 1} of ${folds}: ${Object.entries(model.metrics).slice(0, 2).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}` });
  }
  const metrics: CrossValidation['metrics'] = {};
  for (const name of Object.keys(perFold[0])) {
    const values = perFold.map((m) => m[name]).filter((v) => v !== undefined);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    metrics[name] = { mean, std: Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length) };
  }
  return { folds, metrics };
}

/** The fixed split, after saying how many of its rows are left out of it, and why. */
function announced({ train, test, leftOut }: ReturnType<typeof fixedSplit>, node: string, emit: (event: RunEvent) => void): RowSplit {
  const rows = (n: number) => `${n.toLocaleString('en')} of the fixed rows ${n === 1 ? 'is' : 'are'}`;
  if (leftOut.unread > 0) emit({ type: 'log', message: `${node}: ${rows(leftOut.unread)} left out: the file's reader could not read ${leftOut.unread === 1 ? 'it' : 'them'}` });
  if (leftOut.unlabelled > 0) emit({ type: 'log', message: `${node}: ${rows(leftOut.unlabelled)} left out: ${leftOut.unlabelled === 1 ? 'it has' : 'they have'} no target value` });
  return { train, test };
}

/**
 * Permutation importance on the test rows, once per model and test rows (a cached model keeps it),
 * with its cost in the run log.
 */
async function explanationOf(c: BranchContext, fitted: FittedPipeline, test: Int32Array, model: BranchModel, progress: number): Promise<GlobalExplanation> {
  const testKey = hashRows(test);
  if (model.explained?.testKey === testKey) return model.explained.explanation;
  const id = c.branch.model.id;
  const started = performance.now();
  const explanation = await explainTestRows(fitted, c.source, test, {
    seed: c.seed,
    fitMs: fitted.lineage.seconds * 1000,
    signal: c.options.signal,
    onProgress: (done, total) => c.emit({ type: 'progress', fraction: progress, message: `${id}: permutation importance, ${done} of ${total} columns and features` }),
  });
  const ms = Math.round(performance.now() - started);
  const what = explanation.features.length ? 'per column and per encoded feature' : 'per column (the model is slow to score: no per-feature figures)';
  c.emit({ type: 'log', message: `${id}: permutation importance (${explanation.metric}) ${what} on ${explanation.rows} test rows, ${explanation.repeats} repeats, in ${ms} ms` });
  model.explained = { testKey, explanation };
  return explanation;
}

async function runBranch(
  spec: PipelineSpec,
  branch: Branch,
  source: Table,
  dataKey: string,
  labels: TargetLabels,
  inputSchema: FittedPipeline['inputSchema'],
  options: RunOptions,
  emit: (event: RunEvent) => void,
  progress: (fraction: number) => number,
  findings: DataFindings,
): Promise<ModelResult> {
  const started = performance.now();
  // Sensitive columns stay in the source for the fairness report; the model does not read them unless allowed.
  const sensitive = sensitiveOf(branch.evaluate.params);
  const sensitiveColumns = sensitive.columns.map((name) => sensitiveColumn(source, name));
  const modelSource = sensitive.leftOut.length ? withColumns(source, [], sensitive.leftOut) : source;
  const modelKey = sensitive.leftOut.length ? hashKey(dataKey, 'without', sensitive.leftOut) : dataKey;
  const seed = options.seed ?? Number(branch.split.params.seed ?? 42);
  const split = branchSplit(source, labels, branch.split, options, emit);
  emit({ type: 'log', message: `${branch.split.id}: ${split.train.length} training rows, ${split.test.length} test rows` });
  const kind = requireModelKind(branch.model.kind);
  const context: BranchContext = { spec, branch, source: modelSource, dataKey: modelKey, labels, options, emit, seed, kind };
  const folds = Number(branch.split.params.folds ?? 0);
  const parts = folds >= 2 ? folds + 1 : 1;
  const partProgress = (part: number, fraction: number) => progress((part + fraction) / parts);
  const { steps, model } = await fitOnSplit(context, split, (fraction) => partProgress(0, fraction), true);
  const { backend } = model;
  const crossValidation = folds >= 2 ? await crossValidate(context, split.train, folds, backend, partProgress) : undefined;

  const fairness = sensitiveColumns.length ? branchFairness(spec.task, labels, sensitiveColumns, model) : undefined;
  if (fairness) emit({ type: 'log', message: `${branch.model.id}: fairness by ${fairness.sensitive.join(', ')}: ${fairness.groups.length} groups; ${Object.entries(fairness.disparities).map(([k, v]) => `${k.replaceAll('_', ' ')} ${v === null ? 'undefined' : v.toFixed(4)}`).join(', ')}` });
  // The gate is judged fresh: its thresholds may have changed since the model was cached.
  const gate = judgeGate(spec.task, branch.evaluate.params, model.metrics, model.perClass, fairness?.disparities);
  const seconds = (performance.now() - started) / 1000;
  const fitted: FittedPipeline = {
    spec: branchSpec(spec, branch),
    inputSchema: inputSchema.filter((c) => !sensitive.leftOut.includes(c.name)),
    trainingProfile: trainingProfile(modelSource, split.train, spec.target),
    steps,
    model: model.model,
    metrics: model.metrics,
    perClass: model.perClass,
    gate,
    lineage: { datasetName: options.dataset.name, datasetSha256: options.dataset.sha256, seed, backend, appVersion: APP_VERSION, createdAt: new Date().toISOString(), seconds },
    findings,
    ...(fairness ? { fairness } : {}),
  };
  // After the timing: seconds and lineage say what training took; the log says what explaining took.
  if (options.explain !== false) fitted.explanations = await explanationOf(context, fitted, split.test, model, progress(1));
  const summary: RunSummary = {
    node: branch.model.id,
    task: spec.task,
    target: spec.target,
    modelKind: kind.kind,
    rows: labels.labelled.length,
    trainRows: model.trainRows,
    testRows: model.testRows,
    backend,
    dataset: options.dataset,
    seconds,
    metrics: model.metrics,
    perClass: model.perClass,
    gate,
    evaluation: model.evaluation,
    ...(crossValidation ? { crossValidation } : {}),
    ...(model.insights ? { insights: model.insights } : {}),
    ...(fairness ? { fairness } : {}),
    ...(fitted.explanations ? { explanations: fitted.explanations } : {}),
  };
  return { summary, fitted };
}
