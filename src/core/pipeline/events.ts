/** Events a run emits while it executes, rendered live by the page and printed by the CLI. */
import type { ClassMetrics } from '../metrics';
import type { GateVerdict } from './gate';
import type { Task } from './spec';

export type RunEvent =
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'log'; message: string }
  | { type: 'epoch'; epoch: number; epochs: number; loss: number; valLoss?: number }
  | { type: 'backend'; backend: string };

/** Plots that make the metrics concrete: a confusion matrix or predicted-vs-actual points. */
export type Evaluation =
  | { task: 'classification'; classes: string[]; confusion: number[][]; binary?: BinaryEvaluation }
  | { task: 'regression'; actual: number[]; predicted: number[] };

/** Two classes: the positive class's test scores and the curves drawn from them (for the threshold slider too). */
export interface BinaryEvaluation {
  positiveClass: string;
  positive: number[];
  scores: number[];
  roc: { fpr: number[]; tpr: number[] };
  pr: { precision: number[]; recall: number[] };
  calibration: { predicted: number[]; observed: number[]; count: number[] };
}

export interface RunSummary {
  task: Task;
  target: string;
  modelKind: string;
  /** Rows used (train + test), after rows with a missing target are left out. */
  rows: number;
  trainRows: number;
  testRows: number;
  backend: string;
  seconds: number;
  metrics: Record<string, number>;
  perClass?: ClassMetrics[];
  gate: GateVerdict;
  evaluation: Evaluation;
}
