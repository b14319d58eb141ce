/**
 * The engine worker: holds the parsed tables and the last fitted pipeline, and exposes the core to
 * the page through comlink. Only previews, profiles, metrics, reports and curves go back to the page.
 *
 * Nothing goes back moved (Comlink.transfer): this is the thread that trains, and once a V8 isolate
 * has detached any ArrayBuffer its optimised code checks every typed-array access from then on
 * (see `answer` in core/parallel/tasks.ts: trees 15–20 % slower). A model file copied to the page
 * costs a few milliseconds.
 */
import { describeFittedState } from '../core/pipeline/fitted-state';
import * as Comlink from 'comlink';
import { zipSync } from 'fflate';
import { withGovernance, writeBundle } from '../core/bundle/bundle';
import type { ParseResult } from '../core/csv/parse';
import { skippedRows, skippedRowsMessage } from '../core/csv/skipped';
import { csvPieces } from '../core/csv/write';
import { requireModelKind } from '../core/models/kinds';
import { runSearch } from '../core/automl/run';
import { defaultPipeline } from '../core/pipeline/default';
import { predictInChunks, predictionRows, predictionText, type PredictionColumn } from '../core/pipeline/predict';
import { datasetIds, lineageOf } from '../core/pipeline/data';
import { runPipeline, type ModelResult } from '../core/pipeline/run';
import { schemaFlow } from '../core/pipeline/schema-flow';
import type { PipelineNode } from '../core/pipeline/spec';
import { checkForModel } from '../core/predict/check';
import { profileParts } from '../core/profile/dataset';
import { tableFromStrings } from '../core/table/kinds';
import { inferTask, profileTable } from '../core/table/profile';
import { suggestTarget, targetOptions } from '../core/table/target';
import { inferRoles } from '../core/roles/infer';
import { withRoleChoices, type ColumnRole } from '../core/roles/roles';
import { getColumn, previewRows, type Table } from '../core/table/table';
import { engineHost, ensureBackend } from './backends';
import { activateDataset, ensureResident, forgetDataset, loadedDataset, loadedDatasets, onEvicted, putDataset, renameDataset, residentDataset, usePipeline, useStoredFiles, type Dataset } from './library';
import { heldModel, openModel, readModel } from './model-cache';
import { readDataset } from './read-dataset';
import { createDatasetRunCache } from './run-cache';
import { MAX_ROWS_CALL, ROWS_PAGE, type DatasetSummary, type EngineApi, type LoadProgress, type PredictSource } from './protocol';
import { modelInfoOf } from '../core/bundle/model-info';
import { contributionColumns } from '../core/explain/columns';
import { explainRows } from '../core/explain/contributions';
import { withExplainable } from '../core/explain/model';
import { partialDependence } from '../core/explain/partial-dependence';
import { permutationImportance } from '../core/explain/permutation';
import { rowContributions } from '../core/explain/view';
import type { DatasetDialect, DatasetOverrides } from '../core/csv/read-options';

const PREDICT_CHUNK_ROWS = 20_000;
const PREDICT_CHUNKS = 20;

/** A file loaded only to be scored; the library's datasets stay as they are. */
let scoring: Dataset | undefined;
let lastRun: ModelResult[] = [];
/** The last predictions' columns, read a page at a time by the page's rows viewer; `key` tells them from earlier ones. */
let lastPredictions: { key: number; columns: PredictionColumn[]; rows: number } | undefined;
let predictionsMade = 0;
/** Preprocessing and models of earlier runs on this worker, reused when nothing they depend on changed. */
const runCache = createDatasetRunCache(onEvicted);
const inFlight: Record<'load' | 'run' | 'predict' | 'profile' | 'explain' | 'automl', AbortController | undefined> = { load: undefined, run: undefined, predict: undefined, profile: undefined, explain: undefined, automl: undefined };

/** Closed while the run is paused: training awaits it between epochs. */
let pauseGate: { promise: Promise<void>; open: () => void } | undefined;

function openPauseGate() {
  pauseGate?.open();
  pauseGate = undefined;
}

/** Start an operation of a kind, cancelling the previous one of that kind. */
function begin(kind: keyof typeof inFlight): AbortSignal {
  inFlight[kind]?.abort();
  const controller = new AbortController();
  inFlight[kind] = controller;
  return controller.signal;
}

/** A rows viewer asks for a page at a time: refuse a call that would send the page a whole large table. */
function pageCount(count: number): number {
  if (count > MAX_ROWS_CALL) throw new RangeError(`At most ${MAX_ROWS_CALL} rows are sent to the page at a time, not ${count}`);
  return count;
}

async function dataset(source: PredictSource): Promise<Dataset> {
  if (source === 'training') return residentDataset();
  if (!scoring) throw new Error('Choose a CSV file to score first');
  return scoring;
}

/** A record typed by hand as a one-row table of the model's input columns. */
function recordTable(fitted: { inputSchema: { name: string }[] }, record: Record<string, string>) {
  const names = fitted.inputSchema.map((c) => c.name);
  return tableFromStrings(names, names.map((n) => [record[n] ?? ''])).table;
}

/** The pipeline's sources become the ones kept parsed; those evicted earlier are read again. Returns their ids (undefined: the active one). */
async function readSources(nodes: readonly PipelineNode[], onReread?: (name: string) => void): Promise<(string | undefined)[]> {
  const ids = datasetIds(nodes);
  usePipeline(ids);
  await ensureResident(ids, onReread);
  return ids;
}

const LINE_ENDINGS = { '\n': 'LF', '\r\n': 'CRLF', '\r': 'CR' } as const;

/** How the file was read, in the words the Data panel shows. */
function dialectOf({ dialect: d }: ParseResult): DatasetDialect {
  return { delimiter: d.delimiter, quoteChar: d.quoteChar, escapeChar: d.escapeChar, header: d.header, encoding: d.encoding, bom: d.bom, lineEnding: LINE_ENDINGS[d.newline] };
}

/**
 * Parse a file with a dataset's overrides. Nothing the worker holds changes here: callers store the
 * result once it is complete, so a bad file leaves every loaded dataset as it was.
 */
async function load(id: string, file: Blob, name: string, overrides: DatasetOverrides, knownTarget: string | undefined, onProgress: (p: LoadProgress) => void): Promise<{ data: Dataset; summary: DatasetSummary }> {
  const signal = begin('load');
  const { parsed, table, sha256 } = await readDataset(file, name, overrides, { signal, onProgress });
  // Roles change what the pipeline does, not how the file reads: they stay out of the read options (and the cache keys built on them).
  const { roles: _roles, ...readOptions } = overrides;
  const data = { id, name, sha256, table, readAs: JSON.stringify(readOptions), skipped: skippedRows(parsed.errors) };
  const suggestion = suggestTarget(table, knownTarget);
  const summary = {
    id,
    name,
    sha256,
    rows: table.rowCount,
    bytes: file.size,
    columns: profileTable(table),
    preview: previewRows(table, ROWS_PAGE),
    errors: parsed.errors,
    suggestedTarget: suggestion.target,
    targetReason: suggestion.reason,
    targetKnown: suggestion.known,
    targets: targetOptions(table),
    dialect: dialectOf(parsed),
    missingTokens: parsed.missingTokens,
  };
  return { data, summary };
}

/** The active dataset's inferred roles for the last target asked about: the page asks for them and then for the pipeline. */
let rolesFor: { table: Table; target: string; roles: ColumnRole[] } | undefined;

async function inferredRoles(target: string): Promise<ColumnRole[]> {
  const { table } = await residentDataset();
  if (rolesFor?.table !== table || rolesFor.target !== target) rolesFor = { table, target, roles: inferRoles(table, target) };
  return rolesFor.roles;
}

const engine: EngineApi = {
  useStoredFiles,
  async loadCsv(file, name, knownTarget, onProgress) {
    const { data, summary } = await load(crypto.randomUUID(), file, name, {}, knownTarget, onProgress);
    // Not in the Datasets list: there is no stored file to read it again from.
    putDataset(data, { stored: false });
    activateDataset(data.id);
    return summary;
  },
  async loadDataset(id, file, name, overrides, knownTarget, onProgress) {
    const { data, summary } = await load(id, file, name, overrides, knownTarget, onProgress);
    putDataset(data);
    return summary;
  },
  activateDataset,
  renameDataset,
  forgetDataset,
  loadedDatasets,
  async loadScoringCsv(file, name, onProgress) {
    const { data, summary } = await load('scoring', file, name, {}, undefined, onProgress);
    scoring = data;
    return summary;
  },
  cancelLoad() {
    inFlight.load?.abort();
  },
  async datasetRows(id, start, count) {
    return previewRows((await residentDataset(id)).table, pageCount(count), start);
  },
  predictionRows(key, start, count) {
    if (lastPredictions?.key !== key) throw new Error('These predictions were replaced by newer ones: their rows are gone');
    return predictionRows(lastPredictions.columns, lastPredictions.rows, start, pageCount(count));
  },
  async profileDataset(target, onProgress) {
    const signal = begin('profile');
    const parts = profileParts((await residentDataset()).table, target);
    for (;;) {
      const next = parts.next();
      if (next.done) return next.value;
      onProgress(next.value);
      // Between parts, let other requests and a cancel in.
      await new Promise((resolve) => setTimeout(resolve, 0));
      signal.throwIfAborted();
    }
  },
  cancelProfile() {
    inFlight.profile?.abort();
  },
  async columnRoles(target, choices) {
    return withRoleChoices(await inferredRoles(target), choices);
  },
  async defaultPipeline(target, modelKind, choices) {
    const roles = withRoleChoices(await inferredRoles(target), choices);
    return defaultPipeline(target, inferTask(getColumn((await residentDataset()).table, target)), modelKind, { roles });
  },
  async nodeSchemas(spec) {
    await readSources(spec.nodes);
    return schemaFlow(spec, loadedDataset);
  },
  async run(spec, backend, onEvent) {
    const sources = await readSources(spec.nodes, (name) => onEvent({ type: 'log', message: `Reading ${name} again from the Datasets list (it was let go to save memory)` }));
    // First in the log: a run on a file whose reader left rows out trains on fewer rows than the file has.
    for (const { name, skipped } of new Map(sources.map((id) => [loadedDataset(id).id, loadedDataset(id)])).values()) {
      if (skipped && skipped.count > 0) onEvent({ type: 'log', message: skippedRowsMessage(name, skipped) });
    }
    const lineage = await lineageOf(spec.nodes, loadedDataset);
    const done = runCache.reading(sources.map((id) => loadedDataset(id).id));
    const signal = begin('run');
    openPauseGate();
    let results: ModelResult[];
    try {
      // Each source reads the library's dataset it names (the active one when it names none).
      ({ results } = await runPipeline(spec, loadedDataset, {
        dataset: lineage,
        signal,
        pause: () => pauseGate?.promise ?? Promise.resolve(),
        onEvent,
        cache: runCache.cache,
        host: engineHost(backend),
        backendChoice: backend,
      }));
    } finally {
      done();
    }
    lastRun = results;
    return results.map((r) => r.summary);
  },
  cancelRun() {
    inFlight.run?.abort();
    openPauseGate();
  },
  pauseRun() {
    if (pauseGate) return;
    let open = () => {};
    const promise = new Promise<void>((resolve) => (open = resolve));
    pauseGate = { promise, open };
  },
  resumeRun() {
    openPauseGate();
  },
  async automl(spec, onEvent, choices) {
    await readSources(spec.nodes, (name) => onEvent({ type: 'log', message: `Reading ${name} again from the Datasets list (it was let go to save memory)` }));
    const signal = begin('automl');
    // The candidates' folds run in the engine's pool of workers, which the forests of runs use too.
    return runSearch(spec, loadedDataset, { pool: engineHost('auto').pool, signal, onEvent, roleChoices: choices });
  },
  cancelAutoml() {
    inFlight.automl?.abort();
  },
  async exportLastRun(node) {
    const result = node === undefined ? lastRun[0] : lastRun.find((r) => r.summary.node === node);
    if (!result) throw new Error(node === undefined ? 'Run a pipeline first' : `The last run has no model node "${node}"`);
    return writeBundle(result.fitted);
  },
  async fittedStep(node) {
    const step = lastRun.flatMap((r) => r.fitted.steps).find((s) => s.id === node);
    return step ? describeFittedState(step.state) : null;
  },
  async inspectModel(bundle) {
    return modelInfoOf(await readModel(bundle));
  },
  async openModel(id, bundle) {
    return modelInfoOf(await openModel(id, bundle));
  },
  async checkPrediction(modelId, source) {
    const { fitted } = heldModel(modelId);
    return checkForModel(fitted, (await dataset(source)).table);
  },
  async predict(modelId, source, onProgress, options) {
    // First, so that a cancel sent while the model loads is not lost.
    const signal = begin('predict');
    const { table } = await dataset(source);
    const model = heldModel(modelId);
    const report = checkForModel(model.fitted, table);
    if (report.blocking.length) throw new Error(`Cannot score this file: ${report.blocking.join(' ')}`);
    await ensureBackend();
    const predictor = await model.predictor();
    signal.throwIfAborted();
    const started = performance.now();
    // At most PREDICT_CHUNKS chunks: a large file's chunks are then large enough for a tree model to spread over the pool.
    const chunkRows = Math.max(PREDICT_CHUNK_ROWS, Math.ceil(table.rowCount / PREDICT_CHUNKS));
    const columns = await predictInChunks(predictor, table, chunkRows, (rows) => onProgress({ rows, totalRows: table.rowCount, stage: 'scoring' }), signal);
    const ms = performance.now() - started;
    if (options?.contributions) {
      const explainable = await model.explainable();
      columns.push(...(await contributionColumns(explainable, table, { signal, onProgress: (rows) => onProgress({ rows, totalRows: table.rowCount, stage: 'explaining' }) })));
    }
    lastPredictions = { key: ++predictionsMade, columns, rows: table.rowCount };
    return {
      columns: columns.map((c) => c.name),
      numeric: columns.map((c) => c.values instanceof Float64Array),
      preview: predictionRows(columns, table.rowCount, 0, ROWS_PAGE),
      rows: table.rowCount,
      key: lastPredictions.key,
      // Piece by piece, each encoded as it comes: a million rows are never one string.
      csv: new Blob(Array.from(csvPieces(table, columns), (piece) => new Blob([piece])), { type: 'text/csv' }),
      rowsPerSecond: table.rowCount / (ms / 1000),
      msPerRow: ms / Math.max(1, table.rowCount),
    };
  },
  cancelPredict() {
    inFlight.predict?.abort();
  },
  async predictRecord(modelId, record) {
    const model = heldModel(modelId);
    await ensureBackend();
    const predictor = await model.predictor();
    const started = performance.now();
    const columns = await predictor.predict(recordTable(model.fitted, record));
    const ms = performance.now() - started;
    return { values: Object.fromEntries(columns.map((c) => [c.name, predictionText(c, 0)])), ms };
  },
  async explainRecord(modelId, record) {
    const model = heldModel(modelId);
    await ensureBackend();
    const explained = await explainRows(await model.explainable(), recordTable(model.fitted, record));
    if (explained.rows === 0) throw new Error("The pipeline's row filter leaves this row out: it gets no prediction to explain");
    return rowContributions(explained, 0);
  },
  async explainModel(modelId, source, onProgress) {
    const signal = begin('explain');
    const { table, name } = await dataset(source);
    const model = heldModel(modelId);
    await ensureBackend();
    return permutationImportance(await model.explainable(), table, { data: `rows of ${name}`, signal, onProgress: (done, total) => onProgress({ done, total }) });
  },
  async partialDependence(node, column, onProgress) {
    const signal = begin('explain');
    const result = lastRun.find((r) => r.summary.node === node);
    if (!result) throw new Error(`The last run has no model node "${node}"`);
    const { table } = await residentDataset();
    await ensureBackend();
    return withExplainable(result.fitted, (model) => partialDependence(model, table, column, { signal, onProgress: (done, total) => onProgress({ done, total }) }));
  },
  cancelExplain() {
    inFlight.explain?.abort();
  },
  async exportTfjsModel(modelId) {
    const { fitted } = heldModel(modelId);
    const kind = requireModelKind(fitted.model.kind);
    const files = (await kind.implementation()).tfjsFiles?.(fitted.model.artifacts);
    if (!files) {
      throw new Error(`A ${kind.title} model is not a TensorFlow.js network, so there is no model.json to export: share the .pstudio model file, which plain Pipeline Studio and its CLI score`);
    }
    return zipSync(files);
  },
  async withGovernance(bundle, governance) {
    return withGovernance(bundle, governance);
  },
};

Comlink.expose(engine);
