/**
 * The model contract (DESIGN.md §3): a model kind builds a tfjs LayersModel for a task; the shared
 * training loop in train.ts fits it. Artifacts are a standard model.json + weights, so plain
 * TensorFlow.js can load an exported model.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ParamsSchema } from '../params';
import type { StateArtifacts } from '../pipeline/fitted';
import type { ParamValue, Task } from '../pipeline/spec';
import type { TrainingData } from './train';

export type LearningRateSchedule = 'constant' | 'cosine';
export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';

export interface TrainingParams {
  epochs: number;
  batch_size: number;
  learning_rate: number;
  schedule: LearningRateSchedule;
  optimizer: OptimizerName;
  /** Share of the training rows held out to watch validation loss (0 = none). */
  validation_fraction: number;
  /** Stop after this many epochs without a better validation loss, keeping the best weights (0 = off). */
  patience: number;
  class_weight: 'none' | 'balanced';
}

export interface BuildContext {
  inputs: number;
  /** Classes for classification, 1 for regression. */
  outputs: number;
  task: Task;
  trainRows: number;
  /** Regression targets are trained standardised; a scale-dependent penalty (L1) needs their deviation. */
  targetStd: number;
  seed: number;
}

export interface ModelKind {
  kind: string;
  title: string;
  tasks: readonly Task[];
  /** Includes the training parameters (epochs, batch_size, learning_rate) with this kind's defaults. */
  params: ParamsSchema;
  build(params: Record<string, ParamValue>, context: BuildContext): tf.LayersModel;
  /**
   * Models fitted in closed form (naive Bayes) set their weights here instead of going through the
   * epoch loop; their `params` then need no training parameters.
   */
  fit?(model: tf.LayersModel, params: Record<string, ParamValue>, data: TrainingData): void;
}

/**
 * A fitted model ready to score: rows × features in, rows × outputs out, on the active backend.
 * Asynchronous: a synchronous read-back from WebGPU goes through a canvas and returned zeros there.
 */
export interface Scorer {
  score(x: Float32Array, rows: number): Promise<Float32Array>;
  /** Releases what the scorer holds (tensors); it cannot score afterwards. */
  dispose(): void;
}

/**
 * A model that is not a tfjs network (k-nearest neighbours): fitted to a state of plain numbers that
 * the model file stores as model/<stateFile>.json (settings and the layout of the arrays) and
 * model/<stateFile>.bin (the arrays, little-endian), and scored by a Scorer it loads from that state.
 */
export interface StateModelKind<State = unknown> {
  kind: string;
  title: string;
  tasks: readonly Task[];
  params: ParamsSchema;
  stateFile: string;
  fit(params: Record<string, ParamValue>, data: TrainingData, task: Task): State;
  encode(state: State): StateArtifacts;
  /** Reads a stored state back, throwing a message that names what is wrong when it is not consistent with `model`. */
  decode(artifacts: StateArtifacts, model: { task: Task; features: readonly string[]; classes?: readonly string[] }): State;
  load(state: State): Scorer;
  /** One line for the run log once fitted (what was fitted, how big). */
  describe(state: State): string;
}

export type AnyModelKind = ModelKind | StateModelKind;

export function isStateModelKind(kind: AnyModelKind): kind is StateModelKind {
  return 'stateFile' in kind;
}

/**
 * Auto batch size: about 50 steps per epoch, between 32 and 1024 rows, so small files still get
 * enough steps and large ones do not spend minutes on per-step overhead.
 */
export function effectiveBatchSize(batchSize: number, rows: number): number {
  if (batchSize > 0) return batchSize;
  return Math.min(1024, Math.max(32, Math.round(rows / 50)));
}

export function trainingParamsSchema(defaults: Pick<TrainingParams, 'epochs' | 'batch_size' | 'learning_rate' | 'schedule'> & Partial<TrainingParams>): ParamsSchema {
  return {
    epochs: { type: 'number', label: 'Epochs', default: defaults.epochs, min: 1, max: 10000, integer: true },
    batch_size: { type: 'number', label: 'Batch size (0 = auto)', default: defaults.batch_size, min: 0, max: 65536, integer: true },
    learning_rate: { type: 'number', label: 'Learning rate', default: defaults.learning_rate, min: 0, max: 1e9 },
    schedule: { type: 'enum', label: 'Learning-rate schedule', default: defaults.schedule, options: ['constant', 'cosine'] },
    optimizer: { type: 'enum', label: 'Optimiser', default: defaults.optimizer ?? 'adam', options: ['adam', 'sgd', 'rmsprop'] },
    validation_fraction: { type: 'number', label: 'Validation fraction (0 = none)', default: defaults.validation_fraction ?? 0, min: 0, max: 0.5 },
    patience: { type: 'number', label: 'Early-stopping patience in epochs (0 = off)', default: defaults.patience ?? 0, min: 0, max: 10000, integer: true },
    class_weight: { type: 'enum', label: 'Class weights', default: defaults.class_weight ?? 'none', options: ['none', 'balanced'] },
  };
}
