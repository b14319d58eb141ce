/**
 * The engine worker: holds the parsed tables and the last fitted pipeline, and exposes the core to
 * the page through comlink. Only previews, profiles, metrics, reports and curves go back to the page.
 */
import * as Comlink from 'comlink';
import { strToU8, zipSync } from 'fflate';
import { writeBundle } from '../core/bundle/bundle';
import { parseCsv } from '../core/csv/parse';
import { tableToCsv } from '../core/csv/write';
import { sha256Hex } from '../core/hash';
import { WEIGHTS_FILE } from '../core/models/artifacts';
import { modelKinds } from '../core/models/registry';
import { stepKinds } from '../core/steps/registry';
import { defaultPipeline } from '../core/pipeline/default';
import { predictInChunks, predictionText } from '../core/pipeline/predict';
import { createRunCache, runPipeline, type ModelResult } from '../core/pipeline/run';
import { schemaFlow } from '../core/pipeline/schema-flow';
import { checkForModel } from '../core/predict/check';
import { tableFromStrings } from '../core/table/kinds';
import { inferTask, profileTable, suggestTarget } from '../core/table/profile';
import { getColumn, previewRows, type Table } from '../core/table/table';
import { chooseBackendFor, ensureBackend } from './backends';
import { warmModel } from './model-cache';
import type { DatasetSummary, EngineApi, LoadProgress, ModelInfo, PredictSource } from './protocol';

const PREVIEW_ROWS = 100;
const PREDICT_CHUNK_ROWS = 20_000;

interface Dataset {
  name: string;
  sha256: string;
  table: Table;
}

const datasets: Record<PredictSource, Dataset | undefined> = { training: undefined, scoring: undefined };
let lastRun: ModelResult[] = [];
/** Preprocessing and models of earlier runs on this worker, reused when nothing they depend on changed. */
const cache = createRunCache();
const inFlight: Record<'load' | 'run' | 'predict', AbortController | undefined> = { load: undefined, run: undefined, predict: undefined };

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

function dataset(source: PredictSource): Dataset {
  const data = datasets[source];
  if (!data) throw new Error(source === 'training' ? 'Load a CSV file first' : 'Choose a CSV file to score first');
  return data;
}

/** Parse into a slot; the slot changes only once the new file parsed, so a bad file leaves the old one loaded. */
async function load(slot: PredictSource, file: Blob, name: string, knownTarget: string | undefined, onProgress: (p: LoadProgress) => void): Promise<DatasetSummary> {
  const signal = begin('load');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const parsed = await parseCsv(bytes, { signal, onProgress });
  const sha256 = await sha256Hex(bytes);
  datasets[slot] = { name, sha256, table: parsed.table };
  return {
    name,
    sha256,
    rows: parsed.table.rowCount,
    bytes: bytes.length,
    columns: profileTable(parsed.table),
    preview: previewRows(parsed.table, PREVIEW_ROWS),
    errors: parsed.errors,
    suggestedTarget: suggestTarget(parsed.table, knownTarget),
  };
}

const engine: EngineApi = {
  loadCsv: (file, name, knownTarget, onProgress) => load('training', file, name, knownTarget, onProgress),
  loadScoringCsv: (file, name, onProgress) => load('scoring', file, name, undefined, onProgress),
  cancelLoad() {
    inFlight.load?.abort();
  },
  async defaultPipeline(target, modelKind) {
    return defaultPipeline(target, inferTask(getColumn(dataset('training').table, target)), modelKind);
  },
  modelKinds() {
    return modelKinds.map((m) => ({ kind: m.kind, title: m.title, tasks: [...m.tasks], params: m.params }));
  },
  stepKinds() {
    return stepKinds.map((s) => ({ kind: s.kind, title: s.title, description: s.description, params: s.params }));
  },
  async nodeSchemas(spec) {
    return schemaFlow(spec, dataset('training').table);
  },
  async run(spec, backend, onEvent) {
    const data = dataset('training');
    const signal = begin('run');
    openPauseGate();
    const { results } = await runPipeline(spec, data.table, {
      dataset: { name: data.name, sha256: data.sha256 },
      signal,
      pause: () => pauseGate?.promise ?? Promise.resolve(),
      onEvent,
      cache,
      chooseBackend: (shape) => chooseBackendFor(backend, shape),
    });
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
  async exportLastRun(node) {
    const result = node === undefined ? lastRun[0] : lastRun.find((r) => r.summary.node === node);
    if (!result) throw new Error(node === undefined ? 'Run a pipeline first' : `The last run has no model node "${node}"`);
    const bytes = await writeBundle(result.fitted);
    return Comlink.transfer(bytes, [bytes.buffer]);
  },
  async inspectModel(bundle): Promise<ModelInfo> {
    const { manifest, fitted, sha256 } = await warmModel(bundle);
    return {
      name: manifest.name,
      task: fitted.spec.task,
      target: fitted.spec.target,
      modelKind: fitted.model.kind,
      pipeline: fitted.spec.name,
      metrics: fitted.metrics,
      perClass: fitted.perClass,
      gate: fitted.gate,
      lineage: fitted.lineage,
      inputSchema: fitted.inputSchema,
      createdAt: manifest.createdAt,
      datasetName: fitted.lineage.datasetName,
      sha256,
    };
  },
  async checkPrediction(bundle, source) {
    const { fitted } = await warmModel(bundle);
    return checkForModel(fitted, dataset(source).table);
  },
  async predict(bundle, source, onProgress) {
    // First, so that a cancel sent while the model loads is not lost.
    const signal = begin('predict');
    const { table } = dataset(source);
    const model = await warmModel(bundle);
    const report = checkForModel(model.fitted, table);
    if (report.blocking.length) throw new Error(`Cannot score this file: ${report.blocking.join(' ')}`);
    await ensureBackend();
    const predictor = await model.predictor();
    signal.throwIfAborted();
    const started = performance.now();
    const columns = await predictInChunks(predictor, table, PREDICT_CHUNK_ROWS, (rows) => onProgress({ rows, totalRows: table.rowCount }), signal);
    const ms = performance.now() - started;
    const preview = Array.from({ length: Math.min(PREVIEW_ROWS, table.rowCount) }, (_, r) => columns.map((c) => predictionText(c, r)));
    return {
      columns: columns.map((c) => c.name),
      preview,
      rows: table.rowCount,
      csv: new Blob([tableToCsv(table, columns)], { type: 'text/csv' }),
      rowsPerSecond: table.rowCount / (ms / 1000),
      msPerRow: ms / Math.max(1, table.rowCount),
    };
  },
  cancelPredict() {
    inFlight.predict?.abort();
  },
  async predictRecord(bundle, record) {
    const model = await warmModel(bundle);
    await ensureBackend();
    const predictor = await model.predictor();
    const names = model.fitted.inputSchema.map((c) => c.name);
    const started = performance.now();
    const { table } = tableFromStrings(names, names.map((n) => [record[n] ?? '']));
    const columns = predictor.predict(table);
    const ms = performance.now() - started;
    return { values: Object.fromEntries(columns.map((c) => [c.name, predictionText(c, 0)])), ms };
  },
  async exportTfjsModel(bundle) {
    const { fitted } = await warmModel(bundle);
    const { modelJson, weights } = fitted.model.artifacts;
    const zip = zipSync({ 'model.json': strToU8(JSON.stringify(modelJson, null, 2)), [WEIGHTS_FILE]: weights });
    return Comlink.transfer(zip, [zip.buffer]);
  },
};

Comlink.expose(engine);
