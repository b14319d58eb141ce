/** Events a run emits while it executes, rendered live by the page and printed by the CLI. */
import type { FairnessReport } from '../fairness/report';
import type { GlobalExplanation } from '../explain/types';
import type { ClassMetrics } from '../metrics';
import type { ModelInsights } from '../models/contract';
import type { GateVerdict } from './gate';
import type { Task } from './spec';

export type RunEvent =
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'log'; message: string }
  /**
   * One epoch (networks), boosting iteration or tree of the model node `node`; `samplesPerSecond`
   * counts training rows seen per second. Networks add tfjs's tensor count and bytes.
   */
  | { type: 'epoch'; node: string; unit?: IterationUnit; epoch: number; epochs: number; loss?: number; valLoss?: number; samplesPerSecond: number; numTensors?: number; numBytes?: number }
  | { type: 'node'; log: NodeLog }
  /** The backend a model trains on and, when it was chosen by timing, each candidate's ms per step. */
  | { type: 'backend'; backend: string; node: string; msPerStep?: Record<string, number> };

/** What a model counts as it trains: epochs of a network, boosting iterations, trees of a forest. */
export type IterationUnit = 'epoch' | 'iteration' | 'tree';

/** The progress line while a model trains; the page writes it as soon as the epoch arrives, so line and figures agree. */
export function epochMessage(node: string, epoch: number, epochs: number, unit: IterationUnit = 'epoch'): string {
  return `${node}: ${unit} ${epoch} of ${epochs}`;
}

/** What one node did in a run, for the Run log panel. */
export interface NodeLog {
  id: string;
  kind: string;
  /** 'cached' when the output came from a previous run with the same parameters and inputs. */
  status: 'ran' | 'cached';
  ms: number;
  rowsIn: number;
  rowsOut: number;
  columnsAdded: string[];
  columnsRemoved: string[];
  warnings: string[];
}

/** Plots that make the metrics concrete: a confusion matrix or predicted-vs-actual points. */
export type Evaluation =
  | { task: 'classification'; classes: string[]; confusion: number[][]; binary?: BinaryEvaluation }
  /** An even sample of at most a few thousand test rows. */
  | { task: 'regression'; actual: number[]; predicted: number[] };

/**
 * Two classes: the positive class's test scores and the curves drawn from them (for the threshold
 * slider too). Beyond a few thousand test rows the scores come as counts per 0.01 of score
 * (`weight`), which give the slider's metrics exactly, and each curve as at most a thousand points.
 */
export interface BinaryEvaluation {
  positiveClass: string;
  positive: number[];
  scores: number[];
  /** Test rows per entry of positive/scores; absent when each entry is one row. */
  weight?: number[];
  roc: { fpr: number[]; tpr: number[] };
  pr: { precision: number[]; recall: number[] };
  calibration: { predicted: number[]; observed: number[]; count: number[] };
}

/** k-fold cross-validation on the training rows: each metric's mean and standard deviation over the folds. */
export interface CrossValidation {
  folds: number;
  metrics: Record<string, { mean: number; std: number }>;
}

export interface RunSummary {
  /** The model node this summary is about (a pipeline may train several). */
  node: string;
  task: Task;
  target: string;
  modelKind: string;
  /** Rows used (train + test), after rows with a missing target are left out. */
  rows: number;
  trainRows: number;
  testRows: number;
  backend: string;
  /** What it trained on (the models' lineage): one dataset, or several combined (names joined, a hash of their hashes). */
  dataset: { name: string; sha256: string };
  seconds: number;
  metrics: Record<string, number>;
  perClass?: ClassMetrics[];
  gate: GateVerdict;
  evaluation: Evaluation;
  /** When the split node asks for k folds. */
  crossValidation?: CrossValidation;
  /** What the model shows about itself: feature importances, a tree. */
  insights?: ModelInsights;
  /** Figures per group of the sensitive columns on the test rows (when the evaluate node names some). */
  fairness?: FairnessReport;
  /** Permutation importance on the test rows (the Results panel's "Why"). */
  explanations?: GlobalExplanation;
}
