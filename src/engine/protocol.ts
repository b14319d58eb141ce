/**
 * What crosses the worker boundary. Only summaries, previews, metrics and curves come back to the
 * page; rows stay in the worker (DESIGN.md §1).
 */
import type { ColumnKind } from '../core/table/table';
import type { PipelineSpec, Task } from '../core/pipeline/spec';
import type { RunEvent, RunSummary } from '../core/pipeline/events';
import type { ParamsSchema } from '../core/params';

export type { RunEvent, RunSummary };

export interface ColumnSummary {
  name: string;
  kind: ColumnKind;
  missing: number;
  unique: number;
}

export interface DatasetSummary {
  name: string;
  rows: number;
  bytes: number;
  columns: ColumnSummary[];
  /** The first rows (at most 100), as display strings in column order. */
  preview: string[][];
  /** Rows left out of the table, with the reason. */
  errors: { row: number; message: string }[];
  suggestedTarget: string;
}

export interface LoadProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
}

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = BackendName | 'auto';

export interface ModelKindInfo {
  kind: string;
  title: string;
  tasks: Task[];
  params: ParamsSchema;
}

export interface ModelInfo {
  /** Shown in the Models list; taken from the bundle's manifest. */
  name: string;
  task: Task;
  target: string;
  modelKind: string;
  metrics: Record<string, number>;
  createdAt: string;
  datasetName: string;
}

export interface PredictionResult {
  /** Names of the columns appended to the input (class and probabilities, or the value). */
  columns: string[];
  /** The first rows of the appended columns only, as display strings. */
  preview: string[][];
  rows: number;
  /** The whole input with the prediction columns appended, ready to download. */
  csv: Blob;
}

export interface EngineApi {
  /** Parse a CSV into the worker's current dataset. The previous dataset stays when this throws. */
  loadCsv(file: Blob, name: string, knownTarget: string | undefined, onProgress: (p: LoadProgress) => void): Promise<DatasetSummary>;
  cancelLoad(): void;
  /** The task the target implies and the default pipeline for it. */
  defaultPipeline(target: string, modelKind?: string): Promise<PipelineSpec>;
  modelKinds(): ModelKindInfo[];
  /** Train and evaluate on the current dataset. Events stream through onEvent. */
  run(spec: PipelineSpec, backend: BackendChoice, onEvent: (e: RunEvent) => void): Promise<RunSummary>;
  cancelRun(): void;
  /** The model file (zip) of the last finished run. */
  exportLastRun(): Promise<Uint8Array>;
  /** Validate a model file and describe it; throws with the reason when it is not a valid one. */
  inspectModel(bundle: Uint8Array): Promise<ModelInfo>;
  /** Score the current dataset with a model file. */
  predict(bundle: Uint8Array): Promise<PredictionResult>;
}
