/** A fitted pipeline: everything needed to transform and score new rows exactly as in training. */
import type { ClassMetrics } from '../metrics';
import type { ColumnStats } from '../table/training-profile';
import type { ColumnSchema } from '../table/table';
import type { GateVerdict } from './gate';
import type { PipelineSpec, Task } from './spec';

export interface FittedStep {
  id: string;
  kind: string;
  state: unknown;
}

/** A tfjs network as model.json (topology + weights manifest) and its binary weights. */
export interface LayersArtifacts {
  type: 'layers';
  modelJson: {
    format: 'layers-model';
    generatedBy: string;
    convertedBy: null;
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: object[] }[];
  };
  weights: Uint8Array;
}

/** A model that is not a network (see StateModelKind): its settings and array layout as JSON, and the arrays. */
export interface StateArtifacts {
  type: 'state';
  header: Record<string, unknown>;
  /** Little-endian arrays as the header lays them out. */
  weights: Uint8Array;
}

export type ModelArtifacts = LayersArtifacts | StateArtifacts;

export interface FittedModel {
  kind: string;
  task: Task;
  /** The model's input columns, in order, after preprocessing. */
  features: string[];
  /** Class labels by output index (classification). */
  classes?: string[];
  /** Regression targets are standardised for training; predictions are mapped back. */
  targetScale?: { mean: number; std: number };
  artifacts: ModelArtifacts;
}

export interface Lineage {
  datasetName: string;
  datasetSha256: string;
  seed: number;
  backend: string;
  appVersion: string;
  createdAt: string;
  seconds: number;
}

export interface FittedPipeline {
  spec: PipelineSpec;
  /** The source columns the pipeline reads (target excluded), with their kinds and categories. */
  inputSchema: ColumnSchema[];
  /** Those columns on the training rows: ranges and distributions that prediction files are checked against. */
  trainingProfile: ColumnStats[];
  steps: FittedStep[];
  model: FittedModel;
  metrics: Record<string, number>;
  /** Test-set figures per class (classification). */
  perClass?: ClassMetrics[];
  /** The evaluate node's validation gate, judged on the test metrics. */
  gate: GateVerdict;
  lineage: Lineage;
}
