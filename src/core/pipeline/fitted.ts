/** A fitted pipeline: everything needed to transform and score new rows exactly as in training. */
import type { Governance } from '../bundle/governance';
import type { FairnessReport } from '../fairness/report';
import type { GlobalExplanation } from '../explain/types';
import type { ClassMetrics } from '../metrics';
import type { ModelArtifacts, ModelOutline } from '../models/contract';
import { keepsTrainingRows } from '../models/kinds';
import type { DataFindings } from '../quality/findings';
import type { ColumnStats } from '../table/training-profile';
import type { ColumnSchema } from '../table/table';
import type { GateVerdict } from './gate';
import type { PipelineNode, PipelineSpec } from './spec';

export interface FittedStep {
  id: string;
  kind: string;
  state: unknown;
}

/** A fitted model: what it reads and answers (its outline), and its artifacts (the model contract). */
export interface FittedModel extends ModelOutline {
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
  /** The test rows' figures per group of the sensitive columns, when the evaluate node names some. */
  fairness?: FairnessReport;
  /** Data-quality and privacy findings on the data it was trained on (absent in files made before them). */
  findings?: DataFindings;
  /** Intended use, limits and sign-off, written by people in the Models list. */
  governance?: Governance;
  /** Permutation importance on the test rows (explanations.json); absent in files written before it. */
  explanations?: GlobalExplanation;
}

/** The model node's parameters as set in the pipeline (defaults apply to the rest). */
export function modelParams(fitted: FittedPipeline): PipelineNode['params'] {
  return fitted.spec.nodes.find((n) => n.kind === fitted.model.kind)?.params ?? {};
}

/** Whether the model file holds the (preprocessed) training rows: a kNN, or an ensemble with a kNN member. */
export function holdsTrainingRows(fitted: FittedPipeline): boolean {
  return keepsTrainingRows(fitted.model.kind, modelParams(fitted));
}
