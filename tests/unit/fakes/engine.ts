/**
 * A fake engine for the app's tests: the EngineApi as the page calls it, in-process, with what each
 * call did kept for the test to read (`calls`, `library`, `rereads`, `opened`) and loads the test
 * can hold and finish one by one (`holdLoads`, `nextLoad`) to see the queue and cancel at work.
 *
 * It models what the app relies on: a library of parsed datasets by id (a CSV read as comma-separated
 * lines), the active one, eviction and reading an evicted dataset again through the page's reader
 * (useStoredFiles, as src/engine/library.ts does), the default pipeline (core's), runs whose results
 * the test prepares (real fitted pipelines), real model files, models held open by id, and AutoML
 * searches (core's search on the active dataset, in this thread; `watchAutoml` sees each event after
 * the page, so a test can cancel at a chosen moment). Calls it does not model reject, naming
 * themselves, so a test that starts using one fails clearly.
 */
import { runSearch } from '../../../src/core/automl/run';
import type { AutomlEvent, AutomlResult } from '../../../src/core/automl/types';
import { withGovernance, writeBundle } from '../../../src/core/bundle/bundle';
import type { Governance } from '../../../src/core/bundle/governance';
import { modelInfoOf, type ModelInfo } from '../../../src/core/bundle/model-info';
import { sha256Hex } from '../../../src/core/hash';
import { datasetIds } from '../../../src/core/pipeline/data';
import { defaultPipeline } from '../../../src/core/pipeline/default';
import type { FittedPipeline } from '../../../src/core/pipeline/fitted';
import type { RunEvent, RunSummary } from '../../../src/core/pipeline/events';
import type { PipelineSpec } from '../../../src/core/pipeline/spec';
import type { PredictionReport } from '../../../src/core/predict/report';
import type { EngineCalls } from '../../../src/app/engine';
import { readModel } from '../../../src/engine/model-cache';
import { MODEL_NOT_OPEN, type DatasetSummary, type LoadedDataset, type LoadProgress } from '../../../src/engine/protocol';
import { inferRoles } from '../../../src/core/roles/infer';
import { withRoleChoices, type ColumnRole, type Role } from '../../../src/core/roles/roles';
import { tableFromStrings } from '../../../src/core/table/kinds';
import { inferTask } from '../../../src/core/table/profile';
import { suggestTarget, targetOptions } from '../../../src/core/table/target';
import { getColumn, type Table } from '../../../src/core/table/table';

/** A load the test holds: it finishes when the test says so (or is cancelled). */
export interface HeldLoad {
  id: string;
  name: string;
  finish(): void;
}

/** A dataset the fake holds: its text is undefined while evicted. */
export interface FakeDataset {
  id: string;
  name: string;
  sha256: string;
  rows: number;
  columns: number;
  text: string | undefined;
}

/** What a run of the fake returns: one real fitted pipeline per model node, prepared by the test. */
export interface PreparedRun {
  summary: RunSummary;
  fitted: FittedPipeline;
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * A real parse takes longer than a millisecond; the store orders datasets by when they were added,
 * so a fake parse waits for the clock to move on too (else two files dropped together tie).
 */
async function nextMillisecond(): Promise<void> {
  const start = Date.now();
  while (Date.now() === start) await new Promise((resolve) => setTimeout(resolve, 1));
}

function notModelled(method: string): Promise<never> {
  return Promise.reject(new Error(`the fake engine does not model ${method}`));
}

/** An error named as the worker names it, since comlink carries the name across (MODEL_NOT_OPEN). */
function modelNotOpen(id: string): Error {
  const error = new Error(`The model ${id} is not open`);
  error.name = MODEL_NOT_OPEN;
  return error;
}

/** A CSV read as comma-separated lines under a header, typed by the core's kinds (no quoting, no dialects). */
function tableOf(text: string): { header: string[]; rows: string[][]; table: Table } {
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const header = head.split(',');
  const rows = lines.map((line) => line.split(','));
  return { header, rows, table: tableFromStrings(header, header.map((_, j) => rows.map((r) => r[j] ?? ''))).table };
}

/** Enough of the page's summary: the columns as the fake reads them, the target as the core suggests it. */
export function summarize(id: string, name: string, text: string, bytes: number, sha256: string, knownTarget: string | undefined): DatasetSummary {
  const { header, rows, table } = tableOf(text);
  if (rows.length === 0) throw new Error(`${name} has a header but no rows`);
  const suggestion = suggestTarget(table, knownTarget);
  const columns = header.map((column, j) => {
    const values = rows.map((r) => r[j] ?? '');
    const numeric = values.every((v) => v === '' || Number.isFinite(Number(v)));
    return { name: column, kind: numeric ? ('numeric' as const) : ('categorical' as const), missing: values.filter((v) => v === '').length, unique: new Set(values).size };
  });
  return {
    id,
    name,
    sha256,
    rows: rows.length,
    bytes,
    columns,
    preview: rows.slice(0, 100),
    errors: [],
    suggestedTarget: suggestion.target,
    targetReason: suggestion.reason,
    targetKnown: suggestion.known,
    targets: targetOptions(table),
    dialect: { delimiter: ',', quoteChar: '"', escapeChar: '"', header: true, encoding: 'UTF-8', bom: false, lineEnding: 'LF' },
    missingTokens: [],
  };
}

export class FakeEngine implements EngineCalls {
  /** Every call, by method name, in order. */
  readonly calls: string[] = [];
  /** The datasets held, by id, in the order they were read. */
  readonly library = new Map<string, FakeDataset>();
  activeId: string | undefined;
  /** Ids of evicted datasets the engine read again through the page's reader. */
  readonly rereads: string[] = [];
  /** The sha-256 of the model file open under each model id. */
  readonly opened = new Map<string, string>();
  /** The reader of stored files the page lent (useStoredFiles). */
  storedFiles: ((id: string) => Promise<Blob | undefined>) | undefined;

  /** When on, each load waits for the test to finish it (nextLoad). */
  holdLoads = false;
  /** What the next run returns (one entry per model node). */
  nextRun: PreparedRun[] = [];
  /** The specs runs were started with. */
  readonly runs: PipelineSpec[] = [];

  /** The search pipelines AutoML was started with. */
  readonly searches: PipelineSpec[] = [];
  /** Sees every AutoML event after the page has: a test cancels from here at a chosen moment. */
  watchAutoml: ((event: AutomlEvent) => void) | undefined;

  #lastRun: PreparedRun[] = [];
  #cancelAutoml: AbortController | undefined;
  #reading = new Map<string, Promise<string>>();
  #heldLoads: HeldLoad[] = [];
  #loadWaiters: ((load: HeldLoad) => void)[] = [];
  #cancelLoad: (() => void) | undefined;

  /** The next held load to start (already started, or the next one). */
  nextLoad(): Promise<HeldLoad> {
    const started = this.#heldLoads.shift();
    if (started) return Promise.resolve(started);
    return new Promise((resolve) => this.#loadWaiters.push(resolve));
  }

  /** Let a held dataset go to save memory, as the real library does past its budget. */
  evict(id: string): void {
    const entry = this.library.get(id);
    if (!entry) throw new Error(`the fake engine holds no dataset ${id}`);
    entry.text = undefined;
  }

  async useStoredFiles(read: (id: string) => Promise<Blob | undefined>): Promise<void> {
    this.calls.push('useStoredFiles');
    this.storedFiles = read;
  }

  async loadDataset(id: string, file: Blob, name: string, _overrides: unknown, knownTarget: string | undefined, onProgress: (p: LoadProgress) => void): Promise<DatasetSummary> {
    this.calls.push('loadDataset');
    const cancelled = deferred();
    this.#cancelLoad = () => cancelled.reject(new DOMException(`Loading ${name} was cancelled`, 'AbortError'));
    try {
      let go: Promise<void> = Promise.resolve();
      if (this.holdLoads) {
        const held = deferred();
        this.#announce({ id, name, finish: held.resolve });
        go = held.promise;
      }
      await Promise.race([go, cancelled.promise]);
      await nextMillisecond();
      const bytes = new Uint8Array(await file.arrayBuffer());
      const text = new TextDecoder().decode(bytes);
      const summary = summarize(id, name, text, bytes.byteLength, await sha256Hex(bytes), knownTarget);
      onProgress({ bytes: bytes.byteLength, totalBytes: bytes.byteLength, rows: summary.rows });
      this.library.set(id, { id, name, sha256: summary.sha256, rows: summary.rows, columns: summary.columns.length, text });
      return summary;
    } finally {
      this.#cancelLoad = undefined;
    }
  }

  #announce(load: HeldLoad): void {
    const waiter = this.#loadWaiters.shift();
    if (waiter) waiter(load);
    else this.#heldLoads.push(load);
  }

  async cancelLoad(): Promise<void> {
    this.calls.push('cancelLoad');
    this.#cancelLoad?.();
  }

  async activateDataset(id: string): Promise<void> {
    this.calls.push('activateDataset');
    if (!this.library.has(id)) throw new Error(`The dataset ${id} is not loaded in the engine`);
    this.activeId = id;
  }

  async renameDataset(id: string, name: string): Promise<void> {
    this.calls.push('renameDataset');
    const entry = this.library.get(id);
    if (entry) entry.name = name;
  }

  async forgetDataset(id: string): Promise<void> {
    this.calls.push('forgetDataset');
    this.library.delete(id);
    if (this.activeId === id) this.activeId = undefined;
  }

  /** Evicted datasets included, as the real library lists them. */
  async loadedDatasets(): Promise<LoadedDataset[]> {
    this.calls.push('loadedDatasets');
    return [...this.library.values()].map((d) => ({ id: d.id, name: d.name, sha256: d.sha256, rows: d.rows, columns: d.columns, active: d.id === this.activeId }));
  }

  /** The dataset's text, read again through the page's reader when it was evicted (once for calls that ask together, as the library does). */
  #resident(id: string): Promise<string> {
    const entry = this.library.get(id);
    if (!entry) return Promise.reject(new Error(`The dataset ${id} is not loaded in the engine`));
    if (entry.text !== undefined) return Promise.resolve(entry.text);
    let pending = this.#reading.get(id);
    if (!pending) {
      pending = this.#readAgain(entry).finally(() => this.#reading.delete(id));
      this.#reading.set(id, pending);
    }
    return pending;
  }

  async #readAgain(entry: FakeDataset): Promise<string> {
    const { id } = entry;
    if (!this.storedFiles) throw new Error(`${entry.name} was let go, and the engine has no reader of stored files`);
    const blob = await this.storedFiles(id);
    if (!blob) throw new Error(`The stored file of ${entry.name} is missing`);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    if ((await sha256Hex(bytes)) !== entry.sha256) throw new Error(`The stored file of ${entry.name} is not the one that was read`);
    entry.text = new TextDecoder().decode(bytes);
    this.rereads.push(id);
    return entry.text;
  }

  /** The active dataset's table, as the fake reads it. */
  async #activeTable(): Promise<Table> {
    if (!this.activeId) throw new Error('Load a CSV file first');
    return tableOf(await this.#resident(this.activeId)).table;
  }

  /** The core's roles on the fake's table, with the person's choices . */
  async columnRoles(target: string, choices?: Record<string, Role>): Promise<ColumnRole[]> {
    this.calls.push('columnRoles');
    return withRoleChoices(inferRoles(await this.#activeTable(), target), choices);
  }

  /** The core's default pipeline, from the task and roles the core infers on the fake's table. */
  async defaultPipeline(target: string, modelKind?: string, choices?: Record<string, Role>): Promise<PipelineSpec> {
    this.calls.push('defaultPipeline');
    const table = await this.#activeTable();
    const roles = withRoleChoices(inferRoles(table, target), choices);
    return defaultPipeline(target, inferTask(getColumn(table, target)), modelKind, { roles });
  }

  /** Reads the sources' datasets (again, when evicted); no column problems. */
  async nodeSchemas(spec: PipelineSpec): Promise<Record<string, never>> {
    this.calls.push('nodeSchemas');
    for (const id of datasetIds(spec.nodes)) await this.#resident(id ?? this.activeId ?? '');
    return {};
  }

  async run(spec: PipelineSpec, _backend: unknown, onEvent: (e: RunEvent) => void): Promise<RunSummary[]> {
    this.calls.push('run');
    this.runs.push(structuredClone(spec));
    if (this.nextRun.length === 0) throw new Error('the test prepared no run');
    onEvent({ type: 'progress', fraction: 0.5, message: 'Training' });
    this.#lastRun = this.nextRun;
    return this.#lastRun.map((r) => r.summary);
  }

  /** Core's search on the active dataset (read with core's CSV reader), one fold at a time in this thread. */
  async automl(spec: PipelineSpec, onEvent: (e: AutomlEvent) => void, choices?: Record<string, Role>): Promise<AutomlResult> {
    this.calls.push('automl');
    this.searches.push(structuredClone(spec));
    const table = await this.#activeTable();
    const cancel = new AbortController();
    this.#cancelAutoml = cancel;
    try {
      return await runSearch(spec, table, { signal: cancel.signal, roleChoices: choices, onEvent: (e) => (onEvent(e), this.watchAutoml?.(e)) });
    } finally {
      this.#cancelAutoml = undefined;
    }
  }

  async cancelAutoml(): Promise<void> {
    this.calls.push('cancelAutoml');
    this.#cancelAutoml?.abort();
  }

  async exportLastRun(node?: string): Promise<Uint8Array> {
    this.calls.push('exportLastRun');
    const result = node === undefined ? this.#lastRun[0] : this.#lastRun.find((r) => r.summary.node === node);
    if (!result) throw new Error(node === undefined ? 'Run a pipeline first' : `The last run has no model node "${node}"`);
    return writeBundle(result.fitted);
  }

  async inspectModel(bundle: Uint8Array): Promise<ModelInfo> {
    this.calls.push('inspectModel');
    return modelInfoOf(await readModel(bundle));
  }

  async openModel(id: string, bundle: Uint8Array): Promise<ModelInfo> {
    this.calls.push('openModel');
    const info = modelInfoOf(await readModel(bundle));
    this.opened.set(id, info.sha256);
    return info;
  }

  async withGovernance(bundle: Uint8Array, governance: Governance): Promise<Uint8Array> {
    this.calls.push('withGovernance');
    return withGovernance(bundle, governance);
  }

  /** A clean report on the active dataset, for a model held open. */
  async checkPrediction(modelId: string): Promise<PredictionReport> {
    this.calls.push('checkPrediction');
    if (!this.opened.has(modelId)) throw modelNotOpen(modelId);
    const rows = this.library.get(this.activeId ?? '')?.rows ?? 0;
    return { rows, missingColumns: [], extraColumns: [], kindMismatches: [], unseenCategories: [], outOfRange: [], drift: [], blocking: [], warnings: [] };
  }

  loadCsv = () => notModelled('loadCsv');
  datasetRows = () => notModelled('datasetRows');
  predictionRows = () => notModelled('predictionRows');
  profileDataset = () => notModelled('profileDataset');
  cancelProfile = () => notModelled('cancelProfile');
  cancelRun = () => notModelled('cancelRun');
  pauseRun = () => notModelled('pauseRun');
  resumeRun = () => notModelled('resumeRun');
  loadScoringCsv = () => notModelled('loadScoringCsv');
  predict = () => notModelled('predict');
  cancelPredict = () => notModelled('cancelPredict');
  predictRecord = () => notModelled('predictRecord');
  exportTfjsModel = () => notModelled('exportTfjsModel');
  explainRecord = () => notModelled('explainRecord');
  explainModel = () => notModelled('explainModel');
  partialDependence = () => notModelled('partialDependence');
  fittedStep = () => notModelled('fittedStep');
  cancelExplain = () => notModelled('cancelExplain');
}
