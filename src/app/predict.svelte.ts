/**
 * Prediction with a saved model ("deployment" in the browser): pick a model and the data to score,
 * check the data against the model's input schema first, score with progress and cancel, download
 * the result; and a one-row form that predicts as the user types.
 */
import type { ColumnSchema } from '../core/table/table';
import type { DatasetSummary, LoadProgress, PredictionResult, PredictProgress, PredictSource } from '../engine/protocol';
import type { PredictionReport } from '../core/predict/report';
import type { RowContributions } from '../core/explain/types';
import { callback } from '../engine/client';
import type { ModelRecord } from '../store/models';
import type { EngineAccess } from './engine';
import { isCancellation, messageOf } from './errors';
import { withOpenModel, type OpenModelDeps } from './open-models';
import { baseName, safeFileName } from './files';
import type { RowSource } from './row-pages';

export interface PredictDeps {
  engine: EngineAccess<'loadScoringCsv' | 'openModel' | 'checkPrediction' | 'predict' | 'cancelPredict' | 'predictRecord' | 'explainRecord' | 'predictionRows'>;
  /** The stored model files (store/models' getBundle), opened in the engine when it does not hold them. */
  getBundle(id: string): Promise<Uint8Array | undefined>;
  /** The saved models to pick from (ModelsState). */
  models: { readonly records: readonly ModelRecord[] };
  /** The training dataset, scored when the source is 'training' (DataState). */
  data: { readonly summary: DatasetSummary | null };
}

export interface Predictions {
  modelName: string;
  datasetName: string;
  result: PredictionResult;
  /** The appended columns' rows for the rows viewer: the preview first, the others read from the engine a page at a time. */
  rows: RowSource;
  /** Object URL of result.csv; released when these predictions are replaced or the page goes. */
  url: string;
  fileName: string;
}

export interface SinglePrediction {
  values: Record<string, string>;
  ms: number;
}

/** Milliseconds to wait after the last keystroke before predicting the one row. */
const TYPING_DELAY_MS = 150;

/** The first category for categorical and boolean columns, blank (missing, imputed) otherwise. */
function defaultRecord(schema: readonly ColumnSchema[]): Record<string, string> {
  return Object.fromEntries(schema.map((c) => [c.name, c.categories?.[0] ?? '']));
}

export class PredictState {
  readonly #engine: PredictDeps['engine'];
  readonly #models: PredictDeps['models'];
  readonly #data: PredictDeps['data'];
  readonly #open: OpenModelDeps<ReturnType<PredictDeps['engine']>>;

  /** The model picked to predict with. */
  modelId = $state<string | null>(null);
  model: ModelRecord | null = $derived(this.#findModel(this.modelId));

  source = $state<PredictSource>('training');
  /** The file loaded for scoring (kept apart from the training dataset). */
  scoring = $state.raw<DatasetSummary | null>(null);
  loading = $state<string | null>(null);
  loadProgress = $state.raw<LoadProgress | null>(null);
  loadError = $state<string | null>(null);

  checking = $state(false);
  report = $state.raw<PredictionReport | null>(null);
  checkError = $state<string | null>(null);

  running = $state(false);
  progress = $state.raw<PredictProgress | null>(null);
  result = $state.raw<Predictions | null>(null);
  error = $state<string | null>(null);
  cancelled = $state(false);

  /** The one-row form's values, as typed, by column name. */
  record = $state<Record<string, string>>({});
  single = $state.raw<SinglePrediction | null>(null);
  singleError = $state<string | null>(null);
  /** Whether the one-row form is open: it predicts only then. */
  singleOpen = $state(false);
  /** Whether the one row's prediction is explained (its waterfall shown): then every change explains it again. */
  why = $state(false);
  explanation = $state.raw<RowContributions | null>(null);
  explaining = $state(false);
  whyError = $state<string | null>(null);
  /** Append each column's contribution to the scored rows (contrib_<column> columns). */
  contributions = $state(false);

  /** The summary of the data that would be scored now, if it is loaded. */
  get sourceSummary(): DatasetSummary | null {
    return this.source === 'training' ? this.#data.summary : this.scoring;
  }
  /** Why scoring cannot start now, or null. */
  blocker: string | null = $derived.by(() => {
    if (!this.model) return 'Pick a saved model first';
    if (!this.sourceSummary) return this.source === 'training' ? 'Load a dataset first' : 'Choose a CSV file to score first';
    if (this.running) return 'Scoring is in progress';
    if (this.checking) return 'Checking the data…';
    if (this.report && this.report.blocking.length > 0) return 'The data cannot be scored with this model';
    return null;
  });

  #checkId = 0;
  #cancelRequested = false;
  #singleId = 0;
  #whyId = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor({ engine, getBundle, models, data }: PredictDeps) {
    this.#engine = engine;
    this.#models = models;
    this.#data = data;
    this.#open = { engine, getBundle };
  }

  #findModel(id: string | null): ModelRecord | null {
    return id === null ? null : (this.#models.records.find((r) => r.id === id) ?? null);
  }

  /** The list of models changed: keep the selection if it still exists, else pick production or the newest. */
  modelsChanged(): void {
    const current = this.model;
    if (this.modelId !== null && current) {
      // An old model's input columns become known once its file was read again.
      if (Object.keys(this.record).length === 0 && current.info.inputSchema.length > 0) this.record = defaultRecord(current.info.inputSchema);
      return;
    }
    const records = this.#models.records;
    const next = records.find((r) => r.stage === 'production') ?? records[0];
    if (next) this.selectModel(next.id);
    else this.#reset(null);
  }

  #reset(id: string | null): void {
    this.modelId = id;
    this.report = null;
    this.checkError = null;
    this.error = null;
    this.single = null;
    this.singleError = null;
    this.explanation = null;
    this.whyError = null;
    this.record = defaultRecord(this.model?.info.inputSchema ?? []);
  }

  selectModel(id: string): void {
    if (id === this.modelId) return;
    this.#reset(id);
    void this.check();
    if (this.singleOpen) this.schedulePredictOne(0);
  }

  setSource(source: PredictSource): void {
    if (source === this.source) return;
    this.source = source;
    this.report = null;
    this.checkError = null;
    this.error = null;
    void this.check();
  }

  /** The training dataset changed: a report on it is stale. */
  trainingChanged(): void {
    if (this.source !== 'training') return;
    this.report = null;
    this.checkError = null;
    void this.check();
  }

  /** Parse a file to score, apart from the training dataset, then check it against the model. */
  async loadScoringFile(file: File): Promise<void> {
    this.loading = file.name;
    this.loadProgress = { bytes: 0, totalBytes: file.size, rows: 0 };
    this.loadError = null;
    try {
      const summary = await this.#engine().loadScoringCsv(
        file,
        file.name,
        callback((p: LoadProgress) => (this.loadProgress = p)),
      );
      this.scoring = summary;
      this.source = 'scoring';
      this.report = null;
      this.checkError = null;
      this.error = null;
      void this.check();
    } catch (error) {
      this.loadError = isCancellation(error) ? null : `Could not load ${file.name}: ${messageOf(error)}`;
    } finally {
      this.loading = null;
      this.loadProgress = null;
    }
  }

  /** Check the data against the model's input schema and training profile, before scoring. */
  async check(): Promise<PredictionReport | null> {
    const model = this.model;
    const source = this.source;
    if (!model || !this.sourceSummary) return null;
    const id = ++this.#checkId;
    this.checking = true;
    this.checkError = null;
    try {
      const report = await withOpenModel(this.#open, model, (api, id) => api.checkPrediction(id, source));
      if (id !== this.#checkId) return null;
      this.report = report;
      return report;
    } catch (error) {
      if (id === this.#checkId) this.checkError = `Could not check the data: ${messageOf(error)}`;
      return null;
    } finally {
      if (id === this.#checkId) this.checking = false;
    }
  }

  /** Score the chosen data. Refused, with the reasons, when the check found blocking problems. */
  async predict(): Promise<void> {
    const model = this.model;
    const summary = this.sourceSummary;
    if (!model || !summary || this.running) return;
    this.running = true;
    this.#cancelRequested = false;
    this.error = null;
    this.cancelled = false;
    this.clearResult();
    try {
      const report = this.report ?? (await this.check());
      if (!report) return;
      if (report.blocking.length > 0) {
        this.error = `Scoring refused: ${report.blocking.join(' ')}`;
        return;
      }
      this.progress = { rows: 0, totalRows: summary.rows };
      const source = this.source;
      const result = await withOpenModel(this.#open, model, (api, id) =>
        api.predict(
          id,
          source,
          callback((p: PredictProgress) => {
            this.progress = p;
            // A cancel sent before the worker began scoring would be lost: send it again between chunks.
            if (this.#cancelRequested) void api.cancelPredict();
          }),
          { contributions: this.contributions },
        ),
      );
      // Cancelled after the last chunk: the user asked for no result.
      if (this.#cancelRequested) throw new DOMException('Scoring cancelled', 'AbortError');
      this.result = {
        modelName: model.name,
        datasetName: summary.name,
        result,
        rows: { rowCount: result.rows, first: result.preview, read: (start, count) => this.#engine().predictionRows(result.key, start, count) },
        url: URL.createObjectURL(result.csv),
        fileName: `${safeFileName(baseName(summary.name))}-predictions.csv`,
      };
    } catch (error) {
      if (isCancellation(error)) this.cancelled = true;
      else this.error = `Could not predict with ${model.name}: ${messageOf(error)}`;
    } finally {
      this.running = false;
      this.progress = null;
    }
  }

  cancel(): void {
    if (!this.running) return;
    this.#cancelRequested = true;
    void this.#engine().cancelPredict();
  }

  /** Type into the one-row form: predict once the typing pauses. */
  setField(name: string, value: string): void {
    this.record[name] = value;
    this.schedulePredictOne();
  }

  schedulePredictOne(delay = TYPING_DELAY_MS): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.predictOne(), delay);
  }

  async predictOne(): Promise<void> {
    const model = this.model;
    if (!model) return;
    const id = ++this.#singleId;
    try {
      const record = $state.snapshot(this.record);
      const single = await withOpenModel(this.#open, model, (api, id) => api.predictRecord(id, record));
      if (id !== this.#singleId || model.id !== this.modelId) return;
      this.single = single;
      this.singleError = null;
      if (this.why) void this.explainOne();
    } catch (error) {
      if (id === this.#singleId) this.singleError = messageOf(error);
    }
  }

  /** Explain the one row's prediction: each column's contribution (the waterfall); kept up to date while shown. */
  async explainOne(): Promise<void> {
    const model = this.model;
    if (!model) return;
    this.why = true;
    const id = ++this.#whyId;
    this.explaining = true;
    try {
      const record = $state.snapshot(this.record);
      const explanation = await withOpenModel(this.#open, model, (api, id) => api.explainRecord(id, record));
      if (id !== this.#whyId || model.id !== this.modelId) return;
      this.explanation = explanation;
      this.whyError = null;
    } catch (error) {
      if (id === this.#whyId) this.whyError = `Could not explain this row: ${messageOf(error)}`;
    } finally {
      if (id === this.#whyId) this.explaining = false;
    }
  }

  hideWhy(): void {
    this.why = false;
    this.#whyId++;
    this.explaining = false;
  }

  clearResult(): void {
    if (this.result) URL.revokeObjectURL(this.result.url);
    this.result = null;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.clearResult();
  }
}
