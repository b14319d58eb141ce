/**
 * What crosses the worker boundary. Only summaries, previews, metrics and curves come back to the
 * page; rows stay in the worker (DESIGN.md §1).
 */
import type { ColumnKind } from '../core/table/table';
import type { PipelineSpec } from '../core/pipeline/spec';
import type { RunEvent, RunSummary } from '../core/pipeline/events';
import type { NodeSchema } from '../core/pipeline/schema-flow';
import type { PredictionReport } from '../core/predict/report';
import type { DatasetDialect, DatasetOverrides } from '../core/csv/read-options';
import type { ModelInfo } from '../core/bundle/model-info';
import type { Governance } from '../core/bundle/governance';
import type { ProfileProgress } from '../core/profile/dataset';
import type { DatasetProfile } from '../core/profile/types';
import type { AutomlEvent, AutomlResult } from '../core/automl/types';
import type { ColumnRole, Role } from '../core/roles/roles';
import type { TargetOption } from '../core/table/target';
import type { GlobalExplanation, PartialDependence, RowContributions } from '../core/explain/types';
import type { FittedStateLine } from '../core/pipeline/fitted-state';

export interface ColumnSummary {
  name: string;
  kind: ColumnKind;
  missing: number;
  /** A lower bound when `uniqueAtLeast` (a load stops counting distinct numbers at 100,000). */
  unique: number;
  uniqueAtLeast?: true;
}

/** A dataset the engine holds parsed. */
export interface LoadedDataset {
  id: string;
  name: string;
  sha256: string;
  rows: number;
  columns: number;
  active: boolean;
}

export interface DatasetSummary {
  /** The dataset's id in the Datasets list (and in the engine's library). */
  id: string;
  name: string;
  /** sha-256 of the file's bytes: the dataset's identity in lineage and run records. */
  sha256: string;
  rows: number;
  bytes: number;
  columns: ColumnSummary[];
  /** The first page of rows (at most ROWS_PAGE), as display strings in column order; datasetRows reads the others. */
  preview: string[][];
  /** Rows left out of the table, with the reason. */
  errors: { row: number; message: string }[];
  /** The column to predict, pre-selected: the dataset's known target, or the best guess (target.ts). */
  suggestedTarget: string;
  /** Why that column, in words that follow "suggested: ". */
  targetReason: string;
  /** The suggestion is the dataset's own known target (a built-in sample's): nothing to ask. */
  targetKnown: boolean;
  /** What predicting each column would mean (classification of N classes, regression, or not possible). */
  targets: TargetOption[];
  dialect: DatasetDialect;
  /** Tokens that were read as missing in this file, beyond empty cells. */
  missingTokens: string[];
}

export interface LoadProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
}

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/** 'webgpu-fused' is the studio's own WebGPU trainer for dense models (src/core/webgpu), not a tfjs backend. */
export type BackendChoice = BackendName | 'webgpu-fused' | 'auto';

export interface PredictionResult {
  /** Names of the columns appended to the input (class and probabilities, or the value). */
  columns: string[];
  /** Whether each appended column holds numbers (probabilities, a regression's value, contributions): shown right-aligned. */
  numeric: boolean[];
  /** The first page of rows (at most ROWS_PAGE) of the appended columns only, as display strings; predictionRows reads the others. */
  preview: string[][];
  rows: number;
  /** Names these predictions in predictionRows, which refuses once newer predictions replaced them. */
  key: number;
  /** The whole input with the prediction columns appended, ready to download. */
  csv: Blob;
  /** Scoring time only (after the file was parsed): rows per second and milliseconds per row. */
  rowsPerSecond: number;
  msPerRow: number;
}

export interface PredictProgress {
  rows: number;
  totalRows: number;
  /** After scoring, rows explained (with contributions asked for). */
  stage?: 'scoring' | 'explaining';
}

export interface PredictOptions {
  /** Append each column's contribution to each row's prediction (contrib_<column>, contribution_base, contribution_of). */
  contributions?: boolean;
}

/** Columns or grid points done of all, for an explanation in progress. */
export interface ExplainProgress {
  done: number;
  total: number;
}

/** Which loaded table to score: the training dataset, or a separate file loaded for prediction. */
export type PredictSource = 'training' | 'scoring';

/**
 * Rows the page is sent at a time: the preview that comes with a dataset or predictions, and each page
 * a rows viewer reads (datasetRows, predictionRows; a call may ask for at most MAX_ROWS_CALL).
 */
export const ROWS_PAGE = 100;
export const MAX_ROWS_CALL = 1000;

/** The name of the error a call gets when it names a model the engine does not hold (any more). */
export const MODEL_NOT_OPEN = 'ModelNotOpenError';

export interface EngineApi {
  /**
   * Lend the engine the page's reader of stored dataset files (by id; undefined when no longer
   * stored): it reads a dataset it let go to save memory again through it. Called once, first.
   */
  useStoredFiles(read: (id: string) => Promise<Blob | undefined>): void;
  /** Parse a CSV into the worker's current dataset. The previous dataset stays when this throws. */
  loadCsv(file: Blob, name: string, knownTarget: string | undefined, onProgress: (p: LoadProgress) => void): Promise<DatasetSummary>;
  /**
   * Parse a dataset's file, with its overrides, into the engine's library under `id` (replacing an
   * earlier parse of it only once this one succeeds). The active dataset does not change.
   */
  loadDataset(id: string, file: Blob, name: string, overrides: DatasetOverrides, knownTarget: string | undefined, onProgress: (p: LoadProgress) => void): Promise<DatasetSummary>;
  /** Make a parsed dataset the one that pipelines, runs and 'training' predictions use. */
  activateDataset(id: string): void;
  renameDataset(id: string, name: string): void;
  forgetDataset(id: string): void;
  /** The datasets the engine has read, including those it let go to save memory (read again when used). */
  loadedDatasets(): LoadedDataset[];
  cancelLoad(): void;
  /**
   * `count` rows (at most MAX_ROWS_CALL) from `start` (0-based) of a dataset in the library, as the
   * preview shows them (display strings in column order); fewer at the table's end.
   */
  datasetRows(id: string, start: number, count: number): Promise<string[][]>;
  /** The rows viewer's pages of the last predictions (their `key`), as their preview shows them; refused once newer predictions replaced them. */
  predictionRows(key: number, start: number, count: number): string[][];
  /** The rich profile of the active dataset (aggregates only), in parts with progress; cancelProfile stops it. */
  profileDataset(target: string | undefined, onProgress: (p: ProfileProgress) => void): Promise<DatasetProfile>;
  cancelProfile(): void;
  /** The role of each column of the active dataset but the target (roles/infer.ts), with the person's choices in place. */
  columnRoles(target: string, choices?: Record<string, Role>): Promise<ColumnRole[]>;
  /** The task the target implies and the default pipeline for it, built from the columns' roles (with the person's choices). */
  defaultPipeline(target: string, modelKind?: string, choices?: Record<string, Role>): Promise<PipelineSpec>;
  /** The columns reaching each node of a pipeline on the current dataset, and each node's problems. */
  nodeSchemas(spec: PipelineSpec): Promise<Record<string, NodeSchema>>;
  /** Train and evaluate every model of the pipeline on the current dataset; one summary per model node. Events stream through onEvent. */
  run(spec: PipelineSpec, backend: BackendChoice, onEvent: (e: RunEvent) => void): Promise<RunSummary[]>;
  cancelRun(): void;
  /** Hold the current run before its next epoch until resumeRun (cancelRun still cancels it). */
  pauseRun(): void;
  resumeRun(): void;
  /**
   * Search model kinds and their settings for a pipeline with an AutoML node (its datasets, its
   * settings), on the training rows of the split its winner will run, in the engine's workers.
   * Candidates are preprocessed from the columns' roles (with the person's choices), as the default
   * pipeline is. Events stream through onEvent; cancelAutoml stops it, and the result keeps the best so far.
   */
  automl(spec: PipelineSpec, onEvent: (e: AutomlEvent) => void, choices?: Record<string, Role>): Promise<AutomlResult>;
  cancelAutoml(): void;
  /** The model file (zip) of a model node of the last finished run (the first model when none is named). */
  exportLastRun(node?: string): Promise<Uint8Array>;
  /** What a step of the last finished run learned from the training rows, as readable lines; null when that run has no such fitted step. */
  fittedStep(node: string): Promise<FittedStateLine[] | null>;
  /** Validate a model file and describe it; throws with the reason when it is not a valid one. Nothing is kept. */
  inspectModel(bundle: Uint8Array): Promise<ModelInfo>;
  /**
   * Validate a model file and keep it open under `id` (a saved model's record id), so later calls
   * send the id and rows, not the file. Calls naming a model the engine does not hold (any more)
   * throw an error named ModelNotOpenError: open it again.
   */
  openModel(id: string, bundle: Uint8Array): Promise<ModelInfo>;
  /** Parse a CSV to score, kept apart from the training dataset (which stays loaded). */
  loadScoringCsv(file: Blob, name: string, onProgress: (p: LoadProgress) => void): Promise<DatasetSummary>;
  /** Check a loaded table against an open model's input schema and training profile, before scoring. */
  checkPrediction(modelId: string, source: PredictSource): Promise<PredictionReport>;
  /** Score a loaded table in chunks, with progress; cancelPredict stops it. Throws when the report blocks scoring. */
  predict(modelId: string, source: PredictSource, onProgress: (p: PredictProgress) => void, options?: PredictOptions): Promise<PredictionResult>;
  cancelPredict(): void;
  /** Score one record typed by hand (values as text, by column name) with an open model, loaded once. */
  predictRecord(modelId: string, record: Record<string, string>): Promise<{ values: Record<string, string>; ms: number }>;
  /** Each column's contribution to one record's prediction with an open model (a waterfall), with how they were computed. */
  explainRecord(modelId: string, record: Record<string, string>): Promise<RowContributions>;
  /** Permutation importance of an open model on a loaded table, which must hold the target; cancelExplain stops it. */
  explainModel(modelId: string, source: PredictSource, onProgress: (p: ExplainProgress) => void): Promise<GlobalExplanation>;
  /** Partial dependence and ICE lines of one column for a model node of the last run, on the active dataset's rows; cancelExplain stops it. */
  partialDependence(node: string, column: string, onProgress: (p: ExplainProgress) => void): Promise<PartialDependence>;
  cancelExplain(): void;
  /** The tfjs model.json + weights.bin of an open model alone, zipped, for TensorFlow.js users. */
  exportTfjsModel(modelId: string): Promise<Uint8Array>;
  /** A model file with what its owner wrote (intended use, limits, sign-off) in its governance.json and card: what Export downloads. */
  withGovernance(bundle: Uint8Array, governance: Governance): Promise<Uint8Array>;
}
